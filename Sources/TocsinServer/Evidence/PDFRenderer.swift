import Foundation

/// Prints an HTML report to PDF with headless Chromium (Debian `chromium`), where it is
/// installed. The PDF stays outside the signed bundle: Chromium stamps each file with the
/// time it was made, so it could not be reproduced byte for byte.
public enum PDFRenderer {
    public struct Unavailable: Error, CustomStringConvertible {
        public let description: String
    }

    static var program: String? { ExecutablePath.find("chromium", "chromium-browser") }

    /// Writes `html` (a file) as `pdf`; at most 60 seconds, then Chromium is killed.
    public static func print(html: String, to pdf: String) throws {
        guard let program else { throw Unavailable(description: "a PDF needs headless Chromium (Debian package chromium)") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        let profile = (NSTemporaryDirectory() as NSString).appendingPathComponent("tocsin-pdf-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(atPath: profile) }
        process.arguments = ["--headless=new", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(profile)", "--no-pdf-header-footer",
                             "--print-to-pdf=\(pdf)", URL(fileURLWithPath: html).absoluteString]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning, Date() < deadline { usleep(100_000) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            throw Unavailable(description: "Chromium did not print the report within 60 s")
        }
        guard process.terminationStatus == 0, let head = FileManager.default.contents(atPath: pdf)?.prefix(4), head == Data("%PDF".utf8) else {
            throw Unavailable(description: "Chromium could not print the report (status \(process.terminationStatus))")
        }
    }
}
