/// Runs `ip` (iproute2) with space-separated arguments; a failure throws with its message.
public func ip(_ arguments: String) throws {
    let r = try ExternalTool.run("ip", arguments.split(separator: " ").map(String.init))
    if r.status != 0 { throw DaemonError(reason: "ip \(arguments): \(r.stderr)") }
}
