import Foundation

/// Turns an SVG chart into PNG with librsvg's `rsvg-convert` (Debian `librsvg2-bin`), for
/// the event page's PNG download. Bounded in time; the SVG goes in on stdin.
enum PNGRenderer {
    struct Unavailable: Error, CustomStringConvertible {
        let description: String
    }

    static var program: String? { ExecutablePath.find("rsvg-convert") }

    /// Runs `rsvg-convert` on a dispatch queue (its pipes block), never on the server's
    /// cooperative threads.
    static func render(svg: String, width: Int = 1200) async throws -> Data {
        guard let program else { throw Unavailable(description: "PNG needs rsvg-convert (Debian package librsvg2-bin)") }
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try convert(svg, program: program, width: width) })
            }
        }
    }

    private static func convert(_ svg: String, program: String, width: Int) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = ["--format", "png", "--width", "\(width)", "--keep-aspect-ratio", "--background-color", "white"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let group = DispatchGroup()
        nonisolated(unsafe) var png = Data()
        group.enter()
        DispatchQueue.global().async {
            png = output.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        input.fileHandleForWriting.write(Data(svg.utf8))
        try input.fileHandleForWriting.close()
        if group.wait(timeout: .now() + 10) == .timedOut { process.terminate() }
        process.waitUntilExit()
        guard process.terminationStatus == 0, png.starts(with: [0x89, 0x50, 0x4E, 0x47]) else {
            throw Unavailable(description: "rsvg-convert failed (status \(process.terminationStatus))")
        }
        return png
    }
}
