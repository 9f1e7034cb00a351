extension BGPUpdate {
    /// The NOTIFICATION a live session owes a peer for this UPDATE (RFC 4271 §6.3), or nil
    /// when it is well formed. MRT input is never judged this way: bgpdump prints what it can.
    public func violation() -> BGPNotification? {
        let issues = attributes.issues
        if issues.contains(where: { $0.kind == .malformedPath }) { return .malformedASPath() }
        if issues.contains(where: { [.truncated, .malformedAttribute, .duplicateAttribute].contains($0.kind) }) {
            return .malformedAttributeList()
        }
        if (withdrawn + announced).contains(where: { !$0.isWellFormed })
            || attributes.reach.contains(where: { $0.prefixes.contains { !$0.isWellFormed } })
            || attributes.unreach.contains(where: { $0.prefixes.contains { !$0.isWellFormed } }) {
            return .invalidNetworkField()
        }
        let announces = !announced.isEmpty || attributes.reach.contains { !$0.prefixes.isEmpty }
        if announces {
            if attributes.origin == nil { return .missingWellKnownAttribute(1) }
            if attributes.asPath == nil { return .missingWellKnownAttribute(2) }
            if !announced.isEmpty, attributes.nextHop == nil { return .missingWellKnownAttribute(3) }
            if let origin = attributes.origin, origin > 2 { return .invalidOrigin() }
        }
        return nil
    }
}
