import Foundation
import PlanWatchTestSupport
import Testing

/// The red-team findings of issue 9 that concern secrets, terminal control and output hygiene, each
/// rebuilt from its trigger against the built binary and a loopback server.
@Suite(.serialized) struct SecurityTests {
    static let root = PlanWatchBinary.packageRoot
    static let observed = try! Data(contentsOf: root.appendingPathComponent("Config/data/yueyang-observed.csv"))

    func write(config body: String, in dir: URL) throws {
        try ("plan: \(Self.root.path)/Config/plans/yueyang-14th.yaml\ndata_dir: data\n" + body)
            .write(to: dir.appendingPathComponent("planwatch.yaml"), atomically: true, encoding: .utf8)
    }

    /// Every file under `dir` (reports, manifest, cache bodies and metadata, the store and its WAL), as
    /// bytes; a workbook (.xlsx, a zip whose XML a byte search cannot see) also as its unzipped entries.
    func everyFile(under dir: URL) throws -> [(String, Data)] {
        let paths = FileManager.default.subpaths(atPath: dir.path) ?? []
        return try paths.flatMap { path -> [(String, Data)] in
            var isDirectory: ObjCBool = false
            let url = dir.appendingPathComponent(path)
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else { return [] }
            var files = [(path, try Data(contentsOf: url))]
            if url.pathExtension == "xlsx" { files.append((path + " (unzipped)", try Self.unzipped(url))) }
            return files
        }
    }

    /// Every entry of a zip file, decompressed and concatenated (`unzip -p`).
    static func unzipped(_ file: URL) throws -> Data {
        let (status, data) = try JobRunTests.output(of: "/usr/bin/unzip", ["-p", file.path])
        #expect(status == 0 && !data.isEmpty, "unzip \(file.path) failed")
        return data
    }

    /// Fails naming every place where one of `needles` occurs: stdout, stderr, any file under `dir`.
    func expectNowhere(_ needles: [String], outputs: [PlanWatchBinary.Output], under dir: URL,
                       sourceLocation: SourceLocation = #_sourceLocation) throws {
        var found: [String] = []
        for needle in needles {
            for (k, output) in outputs.enumerated() where output.combined.contains(needle) {
                found.append("'\(needle)' in the output of command \(k + 1)")
            }
            // The config is the user's own input; everything else was written by planwatch.
            for (path, data) in try everyFile(under: dir) where path != "planwatch.yaml" && data.range(of: Data(needle.utf8)) != nil {
                found.append("'\(needle)' in \(path)")
            }
        }
        #expect(found.isEmpty, "\(found)", sourceLocation: sourceLocation)
    }

    /// Item 1: a server echoes the Authorization header into a CSV cell; the decoder's error quotes
    /// that cell. The token must not appear anywhere: stdout, stderr, manifest, reports,
    /// cache. (The masked text `***` shows where it was.)
    @Test func aSecretEchoedIntoAMalformedBodyIsMaskedEverywhere() async throws {
        let token = "tok-9f8e7d6c5b4a"
        let server = try TestHTTPServer(routes: ["/echo.csv": { request in
            .text("indicator,region,period,value,unit\nK08,430600,2022,\(request.headers["authorization"] ?? "none"),%\n", type: "text/csv")
        }])
        let dir = PlanWatchBinary.temporaryDirectory()
        try write(config: """
        sources:
          - {id: echo, format: observations-csv, url: "\(server.url("/echo.csv"))", headers: {Authorization: "Bearer ${PW_TEST_TOKEN}"}}
        outputs: {dir: out, formats: [text, csv, html, json, md]}
        """, in: dir)
        let env = ["PW_TEST_TOKEN": token, "PLANWATCH_LOG": "debug"]
        let fetch = try await PlanWatchBinary.run(["fetch", "--config", "planwatch.yaml"], in: dir, environment: env)
        let run = try await PlanWatchBinary.run(["run", "--config", "planwatch.yaml"], in: dir, environment: env)
        #expect(run.status == 3, "\(run.stderr)")
        #expect(server.requests(to: "/echo.csv").first?.headers["authorization"] == "Bearer \(token)")
        #expect(run.stderr.contains("value '***' is not a number"), "the error still quotes the cell, masked: \(run.stderr)")
        try expectNowhere([token, Data(token.utf8).base64EncodedString()], outputs: [fetch, run], under: dir)
    }

    /// Item 2: a password in the URL's user-info is sent (HTTP Basic) and masked everywhere; `${NAME}` in
    /// `url:` is expanded from the environment and masked too.
    @Test func aURLPasswordAndAURLVariableAreMaskedEverywhere() async throws {
        let password = "pw-3141592653", key = "key-2718281828"
        let server = try TestHTTPServer(routes: ["/data.csv": { request in
            // Also echoed into a page: a server error that quotes the request.
            request.query["key"] == nil ? .text("no key; you sent \(request.headers["authorization"] ?? "")", status: 403)
                : TestResponse(headers: [("Content-Type", "text/csv")], body: Self.observed)
        }])
        let dir = PlanWatchBinary.temporaryDirectory()
        let url = server.url("/data.csv").replacingOccurrences(of: "http://", with: "http://planner:\(password)@")
        try write(config: """
        sources:
          - {id: good, format: observations-csv, url: "\(url)?key=${PW_URL_KEY}"}
          - {id: refused, format: observations-csv, url: "\(url)"}
        outputs: {dir: out, formats: [text, csv, html, json, md]}
        """, in: dir)
        let env = ["PW_URL_KEY": key, "PLANWATCH_LOG": "debug"]
        let validate = try await PlanWatchBinary.run(["validate", "--config", "planwatch.yaml"], in: dir, environment: env)
        #expect(validate.status == 0, "\(validate.combined)")
        let fetch = try await PlanWatchBinary.run(["fetch", "--config", "planwatch.yaml"], in: dir, environment: env)
        let run = try await PlanWatchBinary.run(["run", "--config", "planwatch.yaml"], in: dir, environment: env)
        #expect(run.status == 3, "the source without the key fails: \(run.stderr)")
        let sent = try #require(server.requests(to: "/data.csv").first { $0.query["key"] != nil })
        #expect(sent.query["key"] == key)
        #expect(sent.headers["authorization"] == "Basic " + Data("planner:\(password)".utf8).base64EncodedString())
        #expect(fetch.stdout.contains("http://***@127.0.0.1"), "\(fetch.stdout)")
        try expectNowhere([password, key, Data("planner:\(password)".utf8).base64EncodedString()],
                          outputs: [validate, fetch, run], under: dir)
    }

    /// Item 3: a secret holding CR LF would inject a header; refused by validate, fetch and run, naming
    /// the header and the variable, and nothing is sent. An empty secret variable is refused too.
    @Test func controlCharactersInHeadersAndEmptySecretsAreRefused() async throws {
        let server = try TestHTTPServer(routes: ["/data.csv": { _ in TestResponse(headers: [("Content-Type", "text/csv")], body: Self.observed) }])
        let dir = PlanWatchBinary.temporaryDirectory()
        try write(config: """
        sources:
          - {id: injected, format: observations-csv, url: "\(server.url("/data.csv"))", headers: {Authorization: "Bearer ${PW_TOKEN}"}}
        """, in: dir)
        let injected = ["PW_TOKEN": "abc\r\nX-Injected: yes"]
        let validate = try await PlanWatchBinary.run(["validate", "--config", "planwatch.yaml"], in: dir, environment: injected)
        #expect(validate.status == 2)
        #expect(validate.stderr.contains("header Authorization: the value of ${PW_TOKEN} contains the control character U+000D"), "\(validate.stderr)")
        #expect(validate.stderr.contains("planwatch.yaml:"), "located: \(validate.stderr)")
        let fetch = try await PlanWatchBinary.run(["fetch", "--config", "planwatch.yaml"], in: dir, environment: injected)
        #expect(fetch.status == 2, "\(fetch.combined)")
        #expect(server.seen.withLock { $0.isEmpty }, "nothing is sent")
        #expect(!fetch.combined.contains("X-Injected: yes"))

        let empty = try await PlanWatchBinary.run(["validate", "--config", "planwatch.yaml"], in: dir, environment: ["PW_TOKEN": ""])
        #expect(empty.status == 2)
        #expect(empty.stderr.contains("environment variable PW_TOKEN referenced by header Authorization is set but empty"), "\(empty.stderr)")

        try write(config: """
        sources:
          - {id: bad-name, format: observations-csv, url: "\(server.url("/data.csv"))", headers: {"X-A\\r\\nX-B": "v"}}
        """, in: dir)
        let badName = try await PlanWatchBinary.run(["validate", "--config", "planwatch.yaml"], in: dir)
        #expect(badName.status == 2)
        #expect(badName.stderr.contains("is not a valid HTTP header name") && !badName.stderr.contains("\r"), "\(badName.stderr)")
    }

    /// Item 8: ESC sequences in a 404 body and in a CSV cell reach neither the terminal nor the text
    /// and Markdown reports; they are shown as pictures (␛).
    @Test func controlCharactersFromAFeedNeverReachTheTerminalOrTextFiles() async throws {
        let escape = "\u{1B}]0;pwned\u{07}\u{1B}[2J"
        var rows = String(decoding: Self.observed, as: UTF8.self)
        rows = rows.replacingOccurrences(of: "\nK01,", with: "\nK01\(escape),", options: [], range: rows.range(of: "\nK01,"))
        let body = Data(rows.utf8)
        let server = try TestHTTPServer(routes: [
            "/gone": { _ in .text("<h1>\(escape)Not here</h1>", status: 404, type: "text/html") },
            "/rows.csv": { _ in TestResponse(headers: [("Content-Type", "text/csv")], body: body) },
        ])
        let dir = PlanWatchBinary.temporaryDirectory()
        try write(config: """
        sources:
          - {id: gone, format: observations-csv, url: "\(server.url("/gone"))"}
          - {id: rows, format: observations-csv, url: "\(server.url("/rows.csv"))"}
        outputs: {dir: out, formats: [text, md, csv]}
        """, in: dir)
        let fetch = try await PlanWatchBinary.run(["fetch", "--config", "planwatch.yaml"], in: dir, environment: ["PLANWATCH_LOG": "debug"])
        let run = try await PlanWatchBinary.run(["run", "--config", "planwatch.yaml"], in: dir, environment: ["PLANWATCH_LOG": "debug"])
        #expect(run.status == 3)
        for output in [fetch, run] {
            #expect(!output.combined.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, "\(output.combined)")
        }
        #expect(run.combined.contains("␛"), "the sequence is shown, not hidden: \(run.stderr)")
        for (path, data) in try everyFile(under: dir.appendingPathComponent("out")) where [".txt", ".md", ".csv"].contains(where: path.hasSuffix) {
            #expect(!data.contains(0x1B) && !data.contains(0x07), "\(path) holds a raw control character")
        }
    }

    /// Item 11: a run killed mid-write leaves hidden temporary files and, before the fix, the previous
    /// run's manifest beside new reports. A later run removes temporaries of dead writers (and keeps a
    /// live writer's), and the manifest says `running` from before the first report is replaced.
    @Test func temporariesOfKilledRunsAreRemovedAndTheManifestNeverDescribesAnotherRun() async throws {
        let dir = PlanWatchBinary.temporaryDirectory()
        try write(config: """
        sources:
          - {id: curated, format: observations-csv, path: \(Self.root.path)/Config/data/yueyang-observed.csv}
        outputs: {dir: out, formats: [text, md]}
        """, in: dir)
        let out = dir.appendingPathComponent("out")
        let first = try await PlanWatchBinary.run(["run", "--config", "planwatch.yaml", "--quiet"], in: dir)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try manifestState(out) == "finished")

        // A writer that is gone (a child that has exited) and one that is alive (this test process).
        let gone = try await ChildProcess.run(URL(fileURLWithPath: "/bin/sh"), ["-c", "echo $$"])
        let deadPID = try #require(Int32(gone.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        let stale = ".overview.txt.tmp-\(deadPID)-k1ll3d", live = ".overview.md.tmp-\(getpid())-wr1t1ng"
        for name in [stale, live] { try Data("partial".utf8).write(to: out.appendingPathComponent(name)) }

        // A report that cannot be replaced (a folder in its place) stops the run midway, as a kill would.
        try FileManager.default.removeItem(at: out.appendingPathComponent("overview.md"))
        try FileManager.default.createDirectory(at: out.appendingPathComponent("overview.md/blocker"), withIntermediateDirectories: true)
        let broken = try await PlanWatchBinary.run(["run", "--config", "planwatch.yaml", "--quiet"], in: dir)
        #expect(broken.status == 1, "\(broken.stderr)")
        #expect(try manifestState(out) == "running", "the old finished manifest must not describe this folder")
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent(stale).path))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(live).path))

        try FileManager.default.removeItem(at: out.appendingPathComponent("overview.md"))
        let again = try await PlanWatchBinary.run(["run", "--config", "planwatch.yaml", "--quiet"], in: dir)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try manifestState(out) == "finished")
        let hidden = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasPrefix(".") }
        #expect(hidden == [live], "only the live writer's temporary file stays: \(hidden)")
    }

    func manifestState(_ out: URL) throws -> String? {
        let data = try Data(contentsOf: out.appendingPathComponent("manifest.json"))
        return (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["state"] as? String
    }
}
