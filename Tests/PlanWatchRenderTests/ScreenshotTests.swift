import Foundation
import PlanWatchText
import PlanWatchTestSupport
import Testing
@testable import PlanWatchRender

/// Renders the sample report and index in headless Chromium through Scripts/screenshot.sh (blank
/// page and console-error checks); runs only when Chromium is installed.
@Suite struct ScreenshotTests {
    static let chromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    // The limit only guards against a hung browser, with room for a loaded machine.
    @Test(.enabled(if: chromium != nil), .timeLimit(.minutes(15)))
    func browserRendersReportsWithoutErrors() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pw-shots-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let report = dir.appendingPathComponent("ecology.html"), index = dir.appendingPathComponent("index.html")
        try AtomicFileWriter.write(try HTMLRenderer().render(Sample.document(), options: RenderOptions()), to: report)
        try AtomicFileWriter.write(HTMLRendererTests.indexPage(), to: index)
        try AtomicFileWriter.write(Data(HTMLRenderer().renderString(Sample.hostileDocument()).utf8), to: dir.appendingPathComponent("hostile.html"))
        let shot = try await ChildProcess.run(URL(fileURLWithPath: "/bin/bash"), [
            CSVRoundTripTests.root.appendingPathComponent("Scripts/screenshot.sh").path, "-o", dir.appendingPathComponent("png").path,
            report.path, index.path, dir.appendingPathComponent("hostile.html").path,
        ])
        #expect(shot.status == 0, "\(shot.combined)")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("png/ecology.desktop.png").path))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("png/ecology.a4.png").path))
    }
}
