import TocsinCore

/// A `TocsinStream` that can go back in time: it keeps a copy of itself every `spacing`
/// seconds of bins, the last `kept` of them, so points arriving late for a recent bin cost a
/// replay from the copy before that bin rather than from the beginning. Copies are cheap to
/// take (the stream is a value; its buffers are shared until written).
public struct RewindableStream: Sendable {
    public private(set) var stream: TocsinStream
    private var copies: [TocsinStream] = []
    public let spacing: Int64
    public let kept: Int

    /// - Parameters:
    ///   - stream: where to start from (kept as the first copy when it has taken a bin).
    ///   - spacing: seconds between copies, a multiple of the bin.
    ///   - kept: copies kept; late points older than the oldest copy cannot be rewound to.
    public init(_ stream: TocsinStream, spacing: Int64 = 6 * TimeBin.seconds, kept: Int = 4) {
        self.stream = stream
        self.spacing = spacing
        self.kept = kept
        if stream.lastTime != nil { copies = [stream] }
    }

    /// The last bin taken.
    public var lastTime: Int64? { stream.lastTime }

    /// How far back a rewind can go: late points for bins after this are cheap.
    public var horizon: Int64? { copies.first?.lastTime }

    /// Takes one bin (see `TocsinStream.advance(time:values:)`).
    public mutating func advance(time: Int64, values: [(SeriesKey, Double?)]) {
        stream.advance(time: time, values: values)
        guard stream.lastTime == time, time % spacing == 0 else { return }
        copies.append(stream)
        if copies.count > kept { copies.removeFirst(copies.count - kept) }
    }

    /// Goes back to the newest copy that had not yet taken bin `time`; false when no copy is
    /// that old (the caller must start again from the beginning).
    public mutating func rewind(before time: Int64) -> Bool {
        guard let i = copies.lastIndex(where: { ($0.lastTime ?? .min) < time }) else { return false }
        stream = copies[i]
        copies.removeSubrange((i + 1)...)
        return true
    }
}
