import Foundation
import Testing
@testable import PlanWatchCore

@Suite struct ConfigTests {
    func write(_ files: [String: String]) -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cfg-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, text) in files { try? text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return dir
    }

    @Test func relativePathsResolveAgainstTheConfigFolder() throws {
        let dir = write(["planwatch.yaml": """
            plan: plan.yaml
            sources:
              - {id: local, format: observations-csv, path: data/obs.csv}
            outputs: {dir: out, formats: [text, csv]}
            """, "plan.yaml": "id: p"])
        let config = try PlanWatchConfig.load(file: dir.appendingPathComponent("planwatch.yaml"))
        #expect(config.planFile.path == dir.appendingPathComponent("plan.yaml").standardizedFileURL.path)
        #expect(config.sources.first?.location == .file(dir.appendingPathComponent("data/obs.csv").standardizedFileURL))
        #expect(config.outputDirectory.path.hasSuffix("/out"))
        #expect(config.formats == ["text", "csv"])
    }

    @Test func unknownKeyAndFileURLAreRejectedWithLines() {
        let dir = write(["planwatch.yaml": """
            plan: plan.yaml
            sources:
              - id: a
                format: observations-csv
                url: file:///etc/passwd
              - id: b
                format: observations-csv
                path: b.csv
                retires: 3
            output: {dir: out}
            """, "plan.yaml": "id: p"])
        #expect {
            try PlanWatchConfig.load(file: dir.appendingPathComponent("planwatch.yaml"), displayName: "planwatch.yaml")
        } throws: { error in
            let text = (error as? ConfigProblems)?.description ?? ""
            return text.contains("planwatch.yaml:5:") && text.contains("sources[a].url") && text.contains("not an http(s) URL")
                && text.contains("planwatch.yaml:9:") && text.contains("sources[b].retires") && text.contains("did you mean 'retries'")
                && text.contains("planwatch.yaml:10:") && text.contains("unknown key 'output'")
        }
    }
}
