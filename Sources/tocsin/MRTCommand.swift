import ArgumentParser
import Foundation
import TocsinBGP

/// `tocsin mrt`: MRT routing archives.
struct MRT: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mrt",
        abstract: "Read MRT routing archives (RouteViews, RIPE RIS, router dumps).",
        subcommands: [MRTDumpCommand.self]
    )
}

/// `tocsin mrt dump -m FILE...`: the one-line-per-route text of `bgpdump -m`.
struct MRTDumpCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dump",
        abstract: "Print routes one per line, exactly as `bgpdump -m` prints them.",
        discussion: "Files may be plain, .gz or .bz2. Problems go to standard error with the file and byte offset; decoding goes on with the next record where the framing allows."
    )

    @Flag(name: .customShort("m"), help: "One line per route with Unix times (the only format so far).")
    var machineReadable = false
    @Flag(name: .customShort("q"), help: "Do not report problems on standard error.")
    var quiet = false
    @Argument(help: "MRT files.")
    var files: [String]

    func validate() throws {
        guard machineReadable else { throw ValidationError("only -m output is implemented; pass -m") }
    }

    func run() throws {
        let summary = MRTDump().run(paths: files) { chunk in StandardOutput.write(chunk) }
        if !quiet {
            for error in summary.errors { StandardError.print("tocsin mrt dump: \(error)") }
        }
        if summary.errors.contains(where: { $0.kind == .framing && $0.offset == 0 && $0.reason.hasPrefix("cannot open") }) {
            throw ExitCode(1)
        }
    }
}
