import Foundation
import Testing
import PlanWatchTestSupport

/// Issue 9: local files are held to `max_bytes`, binary content fails fast, unknown ids and bad rows
/// are summarised, all through the built binary as a scheduled job would run it.
@Suite struct LocalSourceLimitTests {
    static let root = PlanWatchBinary.packageRoot.path

    func project(source: String) throws -> URL {
        let dir = PlanWatchBinary.temporaryDirectory()
        try """
        plan: \(Self.root)/Config/plans/yueyang-14th.yaml
        sources:
          - \(source)
        outputs: {dir: out, formats: [text]}
        """.write(to: dir.appendingPathComponent("planwatch.yaml"), atomically: true, encoding: .utf8)
        return dir
    }

    /// A sparse file: 1 GiB long, no disk used. Only its last byte is written.
    func sparseFile(_ url: URL, size: UInt64) throws {
        FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        try handle.seek(toOffset: size - 1)
        try handle.write(contentsOf: Data([0]))
        try handle.close()
    }

    func manifest(_ dir: URL) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("out/manifest.json"))) as? [String: Any])
    }

    /// 1 GiB of NUL bytes once took 266 s and 5.3 GB to end in a header error: it is refused by its size.
    @Test func aFileOverMaxBytesIsRefusedBeforeReading() async throws {
        let dir = try project(source: "{id: huge, format: observations-csv, path: huge.csv}")
        try sparseFile(dir.appendingPathComponent("huge.csv"), size: 1 << 30)
        let output = try await PlanWatchBinary.run(["run", "--config", "planwatch.yaml", "--quiet"], in: dir)
        #expect(output.status == 3, "stderr: \(output.stderr)")
        let line = try #require(output.stderr.split(separator: "\n").first { $0.contains("source 'huge'") }.map(String.init))
        #expect(line.contains("huge.csv") && line.contains("1073741824 bytes") && line.contains("max_bytes 67108864"), "\(line)")
        #expect(line.contains("raise `max_bytes:`"), "\(line)")
        let source = try #require((try manifest(dir)["sources"] as? [[String: Any]])?.first)
        #expect(source["outcome"] as? String == "failed")
        #expect(source["digest"] == nil, "the file was not read")
    }

    @Test func aSourcesOwnMaxBytesApplies() async throws {
        let dir = try project(source: "{id: small, format: observations-csv, path: data.csv, max_bytes: 40}")
        let text = "indicator,region,period,value\nK21,430600,2024,87.7\n"
        try text.write(to: dir.appendingPathComponent("data.csv"), atomically: true, encoding: .utf8)
        let output = try await PlanWatchBinary.run(["run", "--config", "planwatch.yaml", "--quiet"], in: dir)
        #expect(output.status == 3)
        #expect(output.stderr.contains("source 'small'") && output.stderr.contains("\(text.utf8.count) bytes") && output.stderr.contains("max_bytes 40"), "\(output.stderr)")
    }

    /// With the limit raised, a file of NUL bytes fails at its first KiB, not after reading it all.
    @Test func binaryContentFailsFast() async throws {
        let dir = try project(source: "{id: huge, format: csv, path: huge.csv, max_bytes: 2147483648}")
        try sparseFile(dir.appendingPathComponent("huge.csv"), size: 1 << 30)
        let output = try await PlanWatchBinary.run(["run", "--config", "planwatch.yaml", "--quiet"], in: dir)
        #expect(output.status == 3, "stderr: \(output.stderr)")
        #expect(output.stderr.contains("source 'huge'") && output.stderr.contains("byte 0") && output.stderr.contains("binary content"), "\(output.stderr)")
    }

    /// A million rows of foreign ids once made a million warning lines and a 110 MB manifest.
    @Test func unknownIDsAreOneSummaryLine() async throws {
        let dir = try project(source: "{id: foreign, format: observations-csv, path: data.csv}")
        let rows = (1...3000).map { "Z\($0),430600,2024,\($0)\nZ\($0),430600,2023,\($0)\n" }.joined()
        try ("indicator,region,period,value\nK21,430600,2024,87.7\n" + rows).write(to: dir.appendingPathComponent("data.csv"), atomically: true, encoding: .utf8)
        let output = try await PlanWatchBinary.run(["run", "--config", "planwatch.yaml", "--quiet"], in: dir)
        #expect(output.status == 0, "stderr: \(output.stderr)")
        let stderrLines = output.stderr.split(separator: "\n").filter { $0.contains("not in plan") }
        #expect(stderrLines.count == 1, "\(stderrLines.prefix(3))")
        let warnings = try #require(try manifest(dir)["warnings"] as? [String]).filter { $0.contains("not in plan") }
        #expect(warnings.count == 1)
        let warning = try #require(warnings.first)
        #expect(warning.contains("source 'foreign'") && warning.contains("3000 indicators (6000 rows)"), "\(warning)")
        #expect(warning.contains("'Z1' (2)") && warning.contains("and 2995 more"), "\(warning)")
        #expect(warning.count < 400)
    }

    /// Two bad rows among good ones: the good rows are assessed, the bad ones named, the run partial.
    @Test func badRowsAreNamedAndTheGoodRowsKept() async throws {
        let dir = try project(source: "{id: curated, format: observations-csv, path: data.csv}")
        try """
        indicator,region,period,value,unit
        K21,430600,2023,87.1,万人
        K21,430600,2024,eighty,万人
        K21,430600,2025,87.7,万人
        K21,430600,later,87.9,万人

        """.write(to: dir.appendingPathComponent("data.csv"), atomically: true, encoding: .utf8)
        let output = try await PlanWatchBinary.run(["run", "--config", "planwatch.yaml", "--quiet"], in: dir)
        #expect(output.status == 3, "stderr: \(output.stderr)")
        #expect(output.stderr.contains("2 row(s) left out") && output.stderr.contains("line 3, column value") && output.stderr.contains("line 5, column period"), "\(output.stderr)")
        let source = try #require((try manifest(dir)["sources"] as? [[String: Any]])?.first)
        #expect(source["outcome"] as? String == "local")
        #expect(source["observations"] as? Int == 2)
        #expect(source["rejected"] as? Int == 2)
    }

    /// A header and 100 rows, then zeros to 1 GiB (the red team's hdrsparse2.csv, read for 18 s and
    /// 3 GB): the first KiB is text, so the whole file is checked for NUL before a decoder reads it.
    @Test func zerosAfterValidRowsAreRefusedWithTheirOffset() async throws {
        let dir = try project(source: "{id: padded, format: observations-csv, path: padded.csv, max_bytes: 2147483648}")
        let rows = try paddedCSV(dir.appendingPathComponent("padded.csv"), size: 1 << 30)
        let output = try await PlanWatchBinary.run(["run", "--config", "planwatch.yaml", "--quiet"], in: dir)
        #expect(output.status == 3, "stderr: \(output.stderr)")
        #expect(output.stderr.contains("source 'padded'") && output.stderr.contains("line 102, byte \(rows)") && output.stderr.contains("binary content"), "\(output.stderr)")
        let source = try #require((try manifest(dir)["sources"] as? [[String: Any]])?.first)
        #expect(source["outcome"] as? String == "failed" && source["observations"] as? Int == 0)
    }

    /// `inspect FILE` had neither check: a 60 MiB file printed a 188-million-character line of ␀, and
    /// 1 GiB ran for minutes at 8.5 GB. Now zeros are refused at their offset, and a file over
    /// --max-bytes (default 256 MiB) before it is read.
    @Test func inspectRefusesZerosAndFilesOverItsLimit() async throws {
        let dir = PlanWatchBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("padded.csv")
        let rows = try paddedCSV(file, size: 60 << 20)
        let output = try await PlanWatchBinary.run(["inspect", file.path, "--format", "observations-csv"], in: dir)
        #expect(output.status == 1 && output.stdout.isEmpty, "\(output.combined.prefix(500))")
        #expect(output.stderr.contains("padded.csv: line 102, byte \(rows): binary content (a NUL byte)"), "\(output.stderr)")
        let over = try await PlanWatchBinary.run(["inspect", file.path, "--format", "observations-csv", "--max-bytes", "1048576"], in: dir)
        #expect(over.status == 1 && over.stderr.contains("\(60 << 20) bytes (60.0 MiB), over the limit of 1048576 bytes; pass --max-bytes"), "\(over.stderr)")
        let huge = dir.appendingPathComponent("huge.csv")
        _ = try paddedCSV(huge, size: (256 << 20) + 1)
        let byDefault = try await PlanWatchBinary.run(["inspect", huge.path, "--format", "observations-csv"], in: dir)
        #expect(byDefault.status == 1 && byDefault.stderr.contains("over the limit of \(256 << 20) bytes"), "\(byDefault.stderr)")
        let link = dir.appendingPathComponent("link.csv")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: huge)
        let linked = try await PlanWatchBinary.run(["inspect", link.path, "--format", "observations-csv"], in: dir)
        #expect(linked.status == 1 && linked.stderr.contains("over the limit of \(256 << 20) bytes"), "\(linked.stderr)")
    }

    /// An observations CSV of 100 rows, then a hole to `size` bytes that reads as zeros; returns the text's length.
    func paddedCSV(_ url: URL, size: UInt64) throws -> Int {
        let text = "indicator,region,period,value\n" + (0..<100).map { "K21,430600,\(1925 + $0),87.\($0 % 10)\n" }.joined()
        try Data(text.utf8).write(to: url)
        let handle = try FileHandle(forWritingTo: url)
        try handle.seek(toOffset: size - 1)
        try handle.write(contentsOf: Data([0]))
        try handle.close()
        return text.utf8.count
    }
}
