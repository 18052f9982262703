import Foundation
import PlanWatchFetch
import PlanWatchTestSupport
import Testing

/// What the store remembers across runs: revised figures (in the report, the manifest and `history`),
/// and replays of a past run from its stored payloads without network.
@Suite struct JobHistoryTests {
    static let revisedBody = Data(String(decoding: JobRunTests.observed, as: UTF8.self)
        .replacingOccurrences(of: "x.gdp-level,430600,2022,4710.67,", with: "x.gdp-level,430600,2022,4712.5,").utf8)

    @Test func aFigureRevisedBetweenTwoRunsIsReportedEverywhere() async throws {
        #expect(Self.revisedBody != JobRunTests.observed, "the fixture line to revise is still in the data file")
        let revised = Locked(false)
        let server = try TestHTTPServer(routes: ["/obs.csv": { _ in
            TestResponse(headers: [("Content-Type", "text/csv")], body: revised.withLock { $0 } ? Self.revisedBody : JobRunTests.observed)
        }])
        let dir = try JobRunTests.project(sources: "  - {id: stats, format: observations-csv, url: \"\(server.url("/obs.csv"))\"}")
        let first = try await JobRunTests.run(["run", "--job", "daily"], in: dir)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(!first.stderr.contains("revised"))
        revised.withLock { $0 = true }
        let second = try await JobRunTests.run(["run", "--job", "daily"], in: dir)
        #expect(second.status == 0, "\(second.stderr)")
        let sentence = "x.gdp-level 430600 2022: revised from 4710.67 to 4712.5 (stats, "
        #expect(second.stderr.contains("revised: " + sentence), "\(second.stderr)")

        let latest = dir.appendingPathComponent("out/daily/latest")
        let job = try #require(try JobRunTests.manifest(latest)["job"] as? [String: Any])
        let revisions = try #require(job["revisions"] as? [String])
        #expect(revisions.count == 1 && revisions[0].hasPrefix(sentence), "\(revisions)")
        // The text report wraps long facts onto indented lines.
        let report = try String(contentsOf: latest.appendingPathComponent("overview.txt"), encoding: .utf8)
            .replacingOccurrences(of: "\n  ", with: " ")
        #expect(report.contains("revised: " + sentence), "the report shows the revision beside its source")

        let index = try String(contentsOf: dir.appendingPathComponent("out/daily/index.html"), encoding: .utf8)
        #expect(index.contains(sentence), "the job's index.html shows the revision")
        let text = try await PlanWatchBinary.run(["history", "--job", "daily", "--config", "planwatch.yaml"], in: dir)
        #expect(text.status == 0)
        let lines = text.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("#2  daily  ") == true && lines.first?.contains("complete (exit 0)  cli") == true, "\(text.stdout)")
        #expect(lines.contains { $0.hasPrefix("    " + sentence) }, "\(text.stdout)")
        let json = try await PlanWatchBinary.run(["history", "--json", "--config", "planwatch.yaml"], in: dir)
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(entries.map { $0["run"] as? Int } == [2, 1])
        #expect((entries[0]["revisions"] as? [String])?.first?.hasPrefix(sentence) == true)
        #expect((entries[1]["revisions"] as? [String])?.isEmpty == true)
        #expect(entries.allSatisfy { $0["durationSeconds"] is Double && $0["outcome"] as? String == "complete" })
    }

    @Test func historyShowsFailedSourcesAndInterruptedRuns() async throws {
        let dir = try JobRunTests.project(sources: JobRunTests.localSource + "\n  - {id: gone, format: observations-csv, path: missing.csv}")
        #expect(try await JobRunTests.run(["run", "--job", "daily"], in: dir).status == 3)
        // A run whose process is gone, as kill -9 leaves it.
        _ = try JobRunTests.sql("INSERT INTO run (job, trigger, pid, host, started_at, state) VALUES ('daily', 'cli', 999999, '\(ProcessInfo.processInfo.hostName)', 0, 'running')", in: dir)
        let output = try await PlanWatchBinary.run(["history", "--config", "planwatch.yaml"], in: dir)
        #expect(output.status == 0)
        let lines = output.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("#2  daily  1970-01-01T00:00:00Z  —  interrupted, failed (exit ?)") == true, "\(output.stdout)")
        #expect(lines.contains { $0.hasPrefix("#1  daily  ") && $0.contains("partial (exit 3)") })
        #expect(lines.contains { $0.hasPrefix("    failed source gone: ") && $0.contains("missing.csv") })
        let unknown = try await PlanWatchBinary.run(["history", "--job", "weekly", "--config", "planwatch.yaml"], in: dir)
        #expect(unknown.status == 2 && unknown.stderr.contains("no job 'weekly' under `jobs:` and no run of it in "), "\(unknown.stderr)")
        #expect(unknown.stderr.contains("known: daily"))
        let zero = try await PlanWatchBinary.run(["history", "--limit", "0", "--config", "planwatch.yaml"], in: dir)
        #expect(zero.status == 2 && zero.stderr.contains("--limit 0: out of range; give the number of runs to list, newest first, from 1 to 100000") && zero.stdout.isEmpty, "\(zero.stderr)")
        let one = try await PlanWatchBinary.run(["history", "--limit", "1", "--config", "planwatch.yaml"], in: dir)
        #expect(one.stdout.split(separator: "\n").filter { $0.hasPrefix("#") }.count == 1, "\(one.stdout)")
        // The job renamed in the config: its runs stay reachable, with a note.
        let config = dir.appendingPathComponent("planwatch.yaml")
        try String(contentsOf: config, encoding: .utf8).replacingOccurrences(of: "name: daily", with: "name: morning")
            .write(to: config, atomically: true, encoding: .utf8)
        let removed = try await PlanWatchBinary.run(["history", "--job", "daily", "--config", "planwatch.yaml"], in: dir)
        #expect(removed.status == 0 && removed.stderr.contains("job 'daily' is no longer under `jobs:`"), "\(removed.stderr)")
        #expect(removed.stdout.split(separator: "\n").filter { $0.hasPrefix("#") }.count == 2, "\(removed.stdout)")
        let empty = try await PlanWatchBinary.run(["history", "--job", "morning", "--config", "planwatch.yaml"], in: dir)
        #expect(empty.status == 0 && empty.stdout.hasPrefix("no runs of job 'morning' recorded in "), "\(empty.stdout)")
    }

    /// A replay renders old figures: it must not become `latest` (departments read that as current) nor
    /// push real runs out of `keep`, not even the run it replays.
    @Test func aReplayLeavesLatestAndTheKeptRunsAlone() async throws {
        let dir = try JobRunTests.project(sources: JobRunTests.localSource, job: "    keep: 2")
        for _ in 0..<2 { #expect(try await JobRunTests.run(["run", "--job", "daily"], in: dir).status == 0) }
        for _ in 0..<12 {
            let replay = try await JobRunTests.run(["run", "--replay", "1"], in: dir)
            #expect(replay.status == 0, "\(replay.stderr)")
        }
        let out = dir.appendingPathComponent("out/daily")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: out.appendingPathComponent("latest").path) == "runs/run-000002")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("runs").path).sorted() == ["run-000001", "run-000002"])
        // Replays are kept apart, the newest ten.
        let replays = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("replays").path).sorted()
        #expect(replays == (5...14).map { String(format: "replay-%06d-of-000001", $0) }, "\(replays)")
        // The next real run counts only real runs: run 1 goes, the replays stay.
        #expect(try await JobRunTests.run(["run", "--job", "daily"], in: dir).status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("runs").path).sorted() == ["run-000002", "run-000015"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("replays").path).count == 10)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: out.appendingPathComponent("latest").path) == "runs/run-000015")
        let index = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(index.contains("<a href=\"./replays/replay-000014-of-000001/\">#14</a>"), "the index links the replay's own folder")
    }

    /// The replay reads only the store: the server is gone, and the files come out byte-identical.
    @Test func aReplayReproducesARunFromItsStoredPayloads() async throws {
        let server = try TestHTTPServer(routes: ["/obs.csv": { _ in TestResponse(headers: [("Content-Type", "text/csv")], body: JobRunTests.observed) }])
        let dir = try JobRunTests.project(sources: "  - {id: stats, format: observations-csv, url: \"\(server.url("/obs.csv"))\"}\n"
                                          + "  - {id: gone, format: observations-csv, path: missing.csv}")
        #expect(try await JobRunTests.run(["run", "--job", "daily"], in: dir).status == 3)
        server.stop()
        let replay = try await JobRunTests.run(["run", "--replay", "1"], in: dir)
        #expect(replay.status == 3, "the replay has the same outcome: \(replay.stderr)")
        #expect(server.requests(to: "/obs.csv").count == 1, "no request during the replay")
        let original = dir.appendingPathComponent("out/daily/runs/run-000001")
        let again = dir.appendingPathComponent("out/daily/replays/replay-000002-of-000001")
        let names = try FileManager.default.contentsOfDirectory(atPath: original.path).sorted()
        #expect(try FileManager.default.contentsOfDirectory(atPath: again.path).sorted() == names)
        #expect(names.contains("overview.txt") && names.contains("overview.json"))
        for name in names where name != "manifest.json" {
            #expect(FileManager.default.contents(atPath: original.appendingPathComponent(name).path)
                    == FileManager.default.contents(atPath: again.appendingPathComponent(name).path), "\(name) differs")
        }
        let job = try #require(try JobRunTests.manifest(again)["job"] as? [String: Any])
        #expect(job["replayOf"] as? Int == 1 && job["trigger"] as? String == "replay")
        // Nothing was fetched: each source keeps run 1's outcome and says it was read from run 1's payload.
        let sources = try #require(try JobRunTests.manifest(again)["sources"] as? [[String: Any]])
        let stats = try #require(sources.first { $0["id"] as? String == "stats" })
        #expect(stats["outcome"] as? String == "fresh" && stats["replayedFrom"] as? Int == 1, "\(stats)")
        let firstSources = try #require(try JobRunTests.manifest(original)["sources"] as? [[String: Any]])
        #expect(firstSources.allSatisfy { $0["replayedFrom"] == nil })
        #expect(job["differences"] as? [String] == ["manifest.json: finishedAt, job.run, job.trigger and job.replayOf describe this replay"])
        #expect(try JobRunTests.sql("SELECT id, trigger, replay_of, outcome FROM run ORDER BY id", in: dir) == ["1|cli||partial", "2|replay|1|partial"])
        let history = try await PlanWatchBinary.run(["history", "--config", "planwatch.yaml"], in: dir)
        #expect(history.stdout.split(separator: "\n").first?.contains("partial (exit 3)  replay of #1") == true, "\(history.stdout)")
        let missing = try await JobRunTests.run(["run", "--replay", "42"], in: dir)
        #expect(missing.status == 1 && missing.stderr.contains("no run #42 in the store"), "\(missing.stderr)")
    }
}
