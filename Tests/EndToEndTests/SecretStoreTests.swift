import Foundation
import PlanWatchTestSupport
import Testing

/// The red-team findings C1, C2, M2, M3 and M4 of 2026-12-02 (secrets in the job store, in workbooks,
/// too short to mask, in malformed URLs and in `on_failure.url`), each rebuilt from its trigger against
/// the built binary and a loopback server. Every output file, the unzipped workbooks, the store (and
/// its WAL) and the captured stdout/stderr are searched for the secret.
extension SecurityTests {
    static let token = "TokA1b2C3d4E5f6", apiKey = "Key<&\"/>+=zz9", queryKey = "QrySecret 77/&=?", password = "Pa55w0rdQQ"

    /// A server that echoes the request's credentials into a valid observations CSV: the Authorization
    /// header and the query in one row's source title and quote, the X-Api-Key in a value (which the
    /// decoder rejects, quoting it).
    static func echoServer() throws -> TestHTTPServer {
        try TestHTTPServer(routes: ["/echo-row.csv": { request in
            let auth = request.headers["authorization"] ?? "", key = request.headers["x-api-key"] ?? ""
            let query = request.query.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "&")
            let quoted = { (text: String) in "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
            var body = String(decoding: observed, as: UTF8.self)
            if !body.hasSuffix("\n") { body += "\n" }
            body += "K01,430600,2019,\(quoted(key)),%,,t,u,q,n\n"
            body += "K01,430600,2024,7.5,%,,\(quoted(auth)),http://example.org/src,\(quoted(query)),\(quoted(key))\n"
            return TestResponse(headers: [("Content-Type", "text/csv")], body: Data(body.utf8))
        }])
    }

    func echoConfig(_ server: TestHTTPServer, formats: String, job: String = "") -> String {
        let basic = server.url("/echo-row.csv").replacingOccurrences(of: "http://", with: "http://buser:\(Self.password)@")
        return """
        sources:
          - id: echo
            format: observations-csv
            url: "\(server.url("/echo-row.csv"))"
            headers: {Authorization: "Bearer ${PW_TOKEN}", X-Api-Key: "${PW_KEY}"}
            query: {k: "${PW_Q}"}
            retries: 0
          - {id: basic, format: observations-csv, url: "\(basic)", retries: 0}
        outputs: {dir: out, formats: [\(formats)]}
        \(job)
        """
    }

    static let secretEnv = ["PW_TOKEN": token, "PW_KEY": apiKey, "PW_Q": queryKey, "PLANWATCH_LOG": "debug"]
    static let secretNeedles = [token, apiKey, queryKey, password, Data("buser:\(password)".utf8).base64EncodedString()]

    /// C1: the job store kept bodies that echo a secret as delivered, and a replay after the secret was
    /// rotated wrote the old secret into every file. Such a body is now stored masked (flagged), the run
    /// and the replay say so, and neither the store nor anything the replay writes holds the old secret.
    @Test func aJobStoresAnEchoedSecretMaskedAndItsReplayAfterRotationLeaksNothing() async throws {
        let server = try Self.echoServer()
        let dir = PlanWatchBinary.temporaryDirectory()
        try write(config: echoConfig(server, formats: "text", job: """
        modules: [overview, industry-chains]
        jobs:
          - {name: daily, schedule: "0 8 * * *", time_zone: Asia/Shanghai, formats: [html, csv, json, text, md, xlsx]}
        """), in: dir)
        let run = try await PlanWatchBinary.run(["run", "--job", "daily", "--config", "planwatch.yaml"], in: dir, environment: Self.secretEnv)
        #expect(run.status == 3, "the echoed key is not a number: \(run.stderr)")
        #expect(server.requests(to: "/echo-row.csv").contains { $0.headers["authorization"] == "Bearer \(Self.token)" })
        #expect(run.stderr.contains("source 'echo': the response holds a secret"), "\(run.stderr)")
        #expect(run.stderr.contains("the store keeps it with the secret masked as ***"), "\(run.stderr)")
        #expect(try JobRunTests.sql("SELECT count(*) FROM payload WHERE secrets_masked = 1", in: dir) == ["2"],
                "both echoing sources are stored masked")
        #expect(try JobRunTests.sql("SELECT count(*) FROM payload WHERE secrets_masked = 0", in: dir) == ["0"])

        // The secrets rotated: the replay's process knows only the new ones.
        var rotated = Self.secretEnv
        rotated["PW_TOKEN"] = "RotatedNewTok99"
        rotated["PW_KEY"] = "RotatedKey-1234"
        rotated["PW_Q"] = "RotatedQuery-5678"
        let replay = try await PlanWatchBinary.run(["run", "--replay", "1", "--config", "planwatch.yaml"], in: dir, environment: rotated)
        #expect(replay.status == 3, "\(replay.stderr)")
        #expect(replay.stderr.contains("source 'echo': the stored response held a secret and was kept with it masked as ***; this replay decodes the masked body"),
                "\(replay.stderr)")
        let replays = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("out/daily/replays").path)
        #expect(replays.count == 1, "\(replays)")
        let manifest = try JobRunTests.manifest(dir.appendingPathComponent("out/daily/replays").appendingPathComponent(replays[0]))
        #expect("\(manifest["sources"] ?? "")".contains("this replay decodes the masked body"))
        try expectNowhere(Self.secretNeedles, outputs: [run, replay], under: dir)
    }

    /// C2: workbooks are zips, so the byte-wise mask of every other format never saw their XML;
    /// `sharedStrings.xml` held `Bearer <token>`. Every text now goes through the mask before libxlsxwriter.
    @Test func workbooksMaskEverySecretLikeTheOtherFormats() async throws {
        let server = try Self.echoServer()
        let dir = PlanWatchBinary.temporaryDirectory()
        try write(config: echoConfig(server, formats: "text, csv, html, json, md, xlsx") + "\nmodules: [overview, industry-chains]\n", in: dir)
        let run = try await PlanWatchBinary.run(["run", "--config", "planwatch.yaml"], in: dir, environment: Self.secretEnv)
        #expect(run.status == 3, "\(run.stderr)")
        let workbooks = (FileManager.default.subpaths(atPath: dir.appendingPathComponent("out").path) ?? []).filter { $0.hasSuffix(".xlsx") }
        #expect(workbooks.count >= 2, "\(workbooks)")
        let overview = try Self.unzipped(dir.appendingPathComponent("out/overview.xlsx"))
        #expect(String(decoding: overview, as: UTF8.self).contains("K01 地区生产总值增长: ***, 2024"), "the source title is kept, masked")
        try expectNowhere(Self.secretNeedles, outputs: [run], under: dir)
    }

    /// M2: a secret of one character ("4") was masked in every figure and broke the JSON files. It is
    /// refused before anything is sent, naming the header and the variable, with the fix; the message
    /// itself is not masked to pieces.
    @Test func aSecretTooShortToMaskIsRefused() async throws {
        let server = try Self.echoServer()
        let dir = PlanWatchBinary.temporaryDirectory()
        try write(config: """
        sources:
          - {id: short, format: observations-csv, url: "\(server.url("/echo-row.csv"))", headers: {X-Key: "${PW_SHORT}"}}
        outputs: {dir: out, formats: [json]}
        """, in: dir)
        for (value, reason) in [("4", "is 1 character long"), ("2024-01-01", "has no letter and is 10 characters long")] {
            let env = ["PW_SHORT": value]
            let validate = try await PlanWatchBinary.run(["validate", "--config", "planwatch.yaml"], in: dir, environment: env)
            #expect(validate.status == 2, "\(validate.combined)")
            #expect(validate.stderr.contains("environment variable PW_SHORT referenced by header X-Key \(reason)"), "\(validate.stderr)")
            #expect(validate.stderr.contains("use a secret of at least 8 characters (16 when it has no letter) in PW_SHORT"), "\(validate.stderr)")
            #expect(validate.stderr.contains("planwatch.yaml:"), "located: \(validate.stderr)")
            #expect(!validate.stderr.contains("***"), "nothing was masked with the refused secret: \(validate.stderr)")
            let run = try await PlanWatchBinary.run(["run", "--config", "planwatch.yaml"], in: dir, environment: env)
            #expect(run.status == 2, "\(run.combined)")
        }
        #expect(server.seen.withLock { $0.isEmpty }, "nothing is sent")

        let url = server.url("/echo-row.csv").replacingOccurrences(of: "http://", with: "http://u:x7@")
        try write(config: "sources:\n  - {id: short, format: observations-csv, url: \"\(url)\"}\n", in: dir)
        let validate = try await PlanWatchBinary.run(["validate", "--config", "planwatch.yaml"], in: dir)
        #expect(validate.status == 2, "\(validate.combined)")
        #expect(validate.stderr.contains("the password in the url's user-info is 2 characters long"), "\(validate.stderr)")
        #expect(!validate.stderr.contains("u:x7@"), "\(validate.stderr)")
    }

    /// M3: the password of a URL that does not parse, or is not http, was never registered as a secret
    /// and was printed by validate. The user-info of every quoted URL is masked by its place.
    @Test func theUserInfoOfAMalformedOrNonHTTPURLIsMaskedInErrors() async throws {
        let dir = PlanWatchBinary.temporaryDirectory()
        try write(config: """
        sources:
          - {id: s1, format: observations-csv, url: "http://u:P%40ssWordXY@[::1/echo-row.csv"}
          - {id: s2, format: observations-csv, url: "htp://u:PssWordZZ@127.0.0.1/x.csv"}
          - {id: s3, format: observations-csv, url: "http://u:Pass/WordQQ@127.0.0.1/x.csv"}
        """, in: dir)
        let validate = try await PlanWatchBinary.run(["validate", "--config", "planwatch.yaml"], in: dir)
        #expect(validate.status == 2, "\(validate.combined)")
        #expect(validate.stderr.contains("'http://***@[::1/echo-row.csv' is not an http(s) URL"), "\(validate.stderr)")
        #expect(validate.stderr.contains("'htp://***@127.0.0.1/x.csv' is not an http(s) URL"), "\(validate.stderr)")
        try expectNowhere(["P%40ssWordXY", "P@ssWordXY", "PssWordZZ", "WordQQ"], outputs: [validate], under: dir)
    }

    /// M4: `on_failure.url` was outside secret handling: its password printed and stored in the run's
    /// warnings, `${NAME}` POSTed literally and not checked by validate.
    @Test func onFailureURLExpandsVariablesAndMasksItsSecrets() async throws {
        let hookToken = "HookTok-8c7b6a5f", hookPassword = "HookPassW0rd"
        let hook = try TestHTTPServer(routes: ["/hook": { _ in .text("ok") }])
        let failing = "  - {id: gone, format: observations-csv, path: missing.csv}"
        let withUser = hook.url("/hook").replacingOccurrences(of: "http://", with: "http://hu:\(hookPassword)@")

        // Expanded and sent; the server answering 200 leaves no warning.
        let dir = try JobRunTests.project(sources: JobRunTests.localSource + "\n" + failing,
                                          job: "    on_failure: {url: \"\(withUser)?t=${PW_HOOK}\"}")
        let env = ["PW_HOOK": hookToken, "PLANWATCH_LOG": "debug"]
        let run = try await PlanWatchBinary.run(["run", "--job", "daily", "--config", "planwatch.yaml"], in: dir, environment: env)
        #expect(run.status == 3, "\(run.stderr)")
        let sent = try #require(hook.requests(to: "/hook").first)
        #expect(sent.query["t"] == hookToken, "${PW_HOOK} is expanded: \(sent.query)")
        #expect(sent.headers["authorization"] == "Basic " + Data("hu:\(hookPassword)".utf8).base64EncodedString())

        // A hook that cannot be reached: its warning, on stderr and in the store, names the URL masked.
        let closed = TestHTTPServer.closedPort()
        let down = try JobRunTests.project(sources: JobRunTests.localSource + "\n" + failing,
                                           job: "    on_failure: {url: \"http://hu:\(hookPassword)@127.0.0.1:\(closed)/hook?t=${PW_HOOK}\"}")
        let downRun = try await PlanWatchBinary.run(["run", "--job", "daily", "--config", "planwatch.yaml"], in: down, environment: env)
        #expect(downRun.status == 3, "\(downRun.stderr)")
        let stored = try JobRunTests.sql("SELECT warnings FROM run", in: down).joined()
        let warnings = try #require(try JSONSerialization.jsonObject(with: Data(stored.utf8)) as? [String])
        #expect(warnings.contains { $0.hasPrefix("on_failure url http://***@127.0.0.1:\(closed)/hook?t=***: ") }, "\(warnings)")

        // validate checks the variable.
        let unset = try await PlanWatchBinary.run(["validate", "--config", "planwatch.yaml"], in: down)
        #expect(unset.status == 2, "\(unset.combined)")
        #expect(unset.stderr.contains("on_failure") && unset.stderr.contains("environment variable PW_HOOK referenced by url is not set"),
                "\(unset.stderr)")
        // A malformed hook URL is quoted with its user-info masked.
        let bad = try JobRunTests.project(sources: JobRunTests.localSource, job: "    on_failure: {url: \"htp://hu:\(hookPassword)@x/hook\"}")
        let badValidate = try await PlanWatchBinary.run(["validate", "--config", "planwatch.yaml"], in: bad)
        #expect(badValidate.status == 2 && badValidate.stderr.contains("'htp://***@x/hook' is not an http(s) URL"), "\(badValidate.stderr)")

        let needles = [hookToken, hookPassword, Data("hu:\(hookPassword)".utf8).base64EncodedString()]
        for (folder, outputs) in [(dir, [run]), (down, [downRun, unset]), (bad, [badValidate])] {
            for needle in needles {
                for (k, output) in outputs.enumerated() { #expect(!output.combined.contains(needle), "'\(needle)' in output \(k + 1)") }
                for (path, data) in try everyFile(under: folder) where path != "planwatch.yaml" {
                    #expect(data.range(of: Data(needle.utf8)) == nil, "'\(needle)' in \(path)")
                }
            }
        }
    }
}
