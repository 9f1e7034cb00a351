// TocsinBGP: MRT reader, BGP and BMP codecs, passive BGP speaker, RIB and visibility.
// Built by the BGP-signal issue; nothing here yet.
