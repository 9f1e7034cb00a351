// TocsinProbe: ICMP prober, per-block belief, target selection.
// Built by the active-probing issue; nothing here yet.
