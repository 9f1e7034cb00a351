// TocsinFlow: NetFlow/IPFIX/sFlow decoders, UDP collector, access-log reader, aggregation.
// Built by the traffic-signal issue; nothing here yet.
