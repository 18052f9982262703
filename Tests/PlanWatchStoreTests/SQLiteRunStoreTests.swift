import Foundation
import GRDB
import Testing
@testable import PlanWatchStore

/// The embedded store on a real database file in a temporary folder.
@Suite struct SQLiteRunStoreTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("planwatch-store-\(UUID().uuidString)")
    var file: URL { folder.appendingPathComponent("store.sqlite") }
    let t0 = Date(timeIntervalSince1970: 1_780_000_000)

    func open() throws -> any RunStore { try SQLiteRunStore(file: file) }

    func begin(_ store: any RunStore, job: String = "daily", at date: Date? = nil, pid: Int32 = getpid()) throws -> Int64 {
        try store.beginRun(NewRun(job: job, trigger: "cli", pid: pid, host: ProcessInfo.processInfo.hostName, startedAt: date ?? t0))
    }

    @Test func aRunIsLedgeredWithItsSourcesReportsAndOutputs() throws {
        let store = try open()
        let id = try begin(store)
        #expect(try store.run(id)?.state == .running)
        try store.finishRun(id, RunFinish(
            state: .finished, finishedAt: t0.addingTimeInterval(12.5), exitCode: 3, outcome: "partial",
            outputDirectory: "/srv/out/daily/runs/1", outputs: ["overview.html", "manifest.json"], warnings: ["w1"],
            sources: [RunSourceOutcome(id: "a", outcome: "fresh", location: "http://x/a", httpStatus: 200, bytes: 10, observations: 2, payloads: ["ab"]),
                      RunSourceOutcome(id: "b", outcome: "failed", location: "http://x/b", error: "HTTP 500")],
            reports: [RunReportOutcome(id: "overview", ok: true), RunReportOutcome(id: "safety", ok: false, error: "boom")]))
        // A second process opening the same file sees the committed run.
        let again = try open()
        let run = try #require(try again.run(id))
        #expect(run.state == .finished && run.exitCode == 3 && run.outcome == "partial")
        #expect(run.duration == 12.5)
        #expect(run.outputs == ["overview.html", "manifest.json"] && run.warnings == ["w1"])
        #expect(run.sources.map(\.id) == ["a", "b"] && run.sources[1].error == "HTTP 500" && run.sources[0].payloads == ["ab"])
        #expect(run.reports.map(\.ok) == [true, false])
        #expect(throws: StoreError.self) { try again.finishRun(999, RunFinish(state: .finished, finishedAt: t0, exitCode: 0, outcome: "complete")) }
    }

    @Test func payloadsAreStoredOncePerContent() throws {
        let store = try open()
        let body = Data("indicator,region,period,value\nK01,430600,2024,5.1\n".utf8)
        try store.putPayload(body, sha256: "d1")
        try store.putPayload(body, sha256: "d1")
        #expect(try store.payload(sha256: "d1") == body)
        #expect(try store.payload(sha256: "missing") == nil)
        let count = try Self.count("SELECT count(*) FROM payload", in: file)
        #expect(count == "1")
    }

    @Test func aChangedValueIsARevisionAndAnUnchangedOneKeepsItsFirstVintage() throws {
        let store = try open()
        let first = try begin(store)
        let day1 = t0, day2 = t0.addingTimeInterval(86_400)
        let initial = [ObservationInput(series: "K01", region: "430600", period: "2024", value: 5.1, unit: "%"),
                       ObservationInput(series: "K02", region: "430600", period: "2024", value: 100)]
        #expect(try store.recordObservations(runID: first, sourceID: "stats", payloadSHA256: nil, deliveredAt: day1, initial).isEmpty)
        let second = try begin(store, at: day2)
        let revised = [ObservationInput(series: "K01", region: "430600", period: "2024", value: 5.3, unit: "%"),
                       ObservationInput(series: "K02", region: "430600", period: "2024", value: 100)]
        let revisions = try store.recordObservations(runID: second, sourceID: "stats", payloadSHA256: nil, deliveredAt: day2, revised)
        #expect(revisions.count == 1)
        let r = try #require(revisions.first)
        #expect(r.previousValue == 5.1 && r.value == 5.3 && r.previousRunID == first)
        #expect(r.sentence == "K01 430600 2024: revised from 5.1 to 5.3 (stats, 2026-05-29)")
        // The same figure from another source is that source's own first vintage, not a revision.
        #expect(try store.recordObservations(runID: second, sourceID: "other", payloadSHA256: nil, deliveredAt: day2,
                                             [ObservationInput(series: "K01", region: "430600", period: "2024", value: 9)]).isEmpty)
        #expect(try store.run(second)?.revisions == revisions)
        let current = try store.currentObservations(sourceID: "stats")
        #expect(current.map(\.value) == [5.3, 100])
        #expect(current.map(\.runID) == [second, first], "K02 was unchanged: its vintage stays the first delivery")
    }

    /// Foreign keys are off for a delivery's bulk write only; its own references are checked first.
    @Test func aDeliveryMustNameAStoredRunAndPayload() throws {
        let store = try open()
        let run = try begin(store)
        let figure = [ObservationInput(series: "K01", region: "430600", period: "2024", value: 1)]
        #expect(throws: StoreError.self) { try store.recordObservations(runID: 999, sourceID: "s", payloadSHA256: nil, deliveredAt: t0, figure) }
        #expect(throws: StoreError.self) { try store.recordObservations(runID: run, sourceID: "s", payloadSHA256: "nope", deliveredAt: t0, figure) }
        try store.putPayload(Data("x".utf8), sha256: "d2")
        #expect(try store.recordObservations(runID: run, sourceID: "s", payloadSHA256: "d2", deliveredAt: t0, figure).isEmpty)
        #expect(try store.currentObservations(sourceID: "s").map(\.payloadSHA256) == ["d2"])
        #expect(try Self.count("PRAGMA foreign_key_check", in: file) == "")
    }

    @Test func runsOfDeadProcessesAreMarkedInterrupted() throws {
        let store = try open()
        let dead = try begin(store, pid: 999_999)
        let alive = try begin(store)
        let other = try begin(store, job: "weekly", pid: 999_998)
        let marked = try store.markInterrupted(job: "daily", host: ProcessInfo.processInfo.hostName) { $0 == getpid() }
        #expect(marked == [dead])
        #expect(try store.run(dead)?.state == .interrupted)
        #expect(try store.run(alive)?.state == .running)
        #expect(try store.run(other)?.state == .running)
    }

    @Test func historyListsTheMostRecentRunsFirstPerJob() throws {
        let store = try open()
        var ids: [Int64] = []
        for i in 0..<5 { ids.append(try begin(store, job: i.isMultiple(of: 2) ? "daily" : "weekly")) }
        #expect(try store.runs(job: nil, limit: 3).map(\.id) == Array(ids.reversed().prefix(3)))
        #expect(try store.runs(job: "weekly", limit: 10).map(\.id) == [ids[3], ids[1]])
    }

    /// A store written by the first release (migration v1: four strings and the payload digest on every
    /// vintage) is migrated to v2 with its figures, vintages and revisions, and takes the next delivery.
    @Test func aVersion1StoreIsMigratedWithItsVintagesAndRevisions() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let queue = try DatabaseQueue(path: file.path)
        try SQLiteRunStore.migrator.migrate(queue, upTo: "v1")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO run (id, job, trigger, pid, host, started_at, state) VALUES
                    (1, 'daily', 'cli', 1, 'h', 1780000000, 'finished'), (2, 'daily', 'cli', 1, 'h', 1780086400, 'finished');
                INSERT INTO payload VALUES ('d1', 1, x'00', 0);
                INSERT INTO vintage (id, source_id, series, region, period, value, status, unit, payload_sha256, run_id, delivered_at) VALUES
                    (1, 'stats', 'K01', '430600', '2024', 5.1, NULL, '%', 'd1', 1, 1780000000),
                    (2, 'stats', 'K02', '430600', '2024', NULL, '..', NULL, 'd1', 1, 1780000000),
                    (3, 'other', 'K01', '430600', '2024', 9, NULL, NULL, NULL, 1, 1780000000),
                    (4, 'stats', 'K01', '430600', '2024', 5.3, NULL, '%', NULL, 2, 1780086400);
                INSERT INTO observation VALUES ('stats', 'K01', '430600', '2024', 4), ('stats', 'K02', '430600', '2024', 2),
                    ('other', 'K01', '430600', '2024', 3);
                INSERT INTO revision VALUES (2, 1, 4);
                """)
        }
        let store = try open()
        let current = try store.currentObservations(sourceID: "stats")
        #expect(current.map(\.series) == ["K01", "K02"] && current.map(\.value) == [5.3, nil] && current.map(\.status) == [nil, ".."])
        #expect(current.map(\.runID) == [2, 1] && current.map(\.payloadSHA256) == [nil, "d1"] && current.map(\.unit) == ["%", nil])
        #expect(try store.currentObservations(sourceID: "other").map(\.value) == [9])
        let revision = try #require(try store.run(2)?.revisions.first)
        #expect(revision.sentence == "K01 430600 2024: revised from 5.1 to 5.3 (stats, 2026-05-29)" && revision.previousRunID == 1)
        let third = try begin(store)
        let next = try store.recordObservations(runID: third, sourceID: "stats", payloadSHA256: nil, deliveredAt: t0.addingTimeInterval(172_800), [
            ObservationInput(series: "K01", region: "430600", period: "2024", value: 5.3, unit: "%"),
            ObservationInput(series: "K02", region: "430600", period: "2024", value: 7),
            ObservationInput(series: "K03", region: "430600", period: "2024", value: 1),
        ])
        #expect(next.map(\.sentence) == ["K02 430600 2024: revised from missing to 7 (stats, 2026-05-30)"])
        #expect(try Self.count("SELECT count(*) FROM vintage", in: file) == "6")
        #expect(try Self.count("PRAGMA foreign_key_check", in: file) == "")
        // Not `PRAGMA integrity_check`: Debian's SQLite 3.40.1 reports "NULL value in
        // revision.previous_vintage_id" for any row of a WITHOUT ROWID table with NOT NULL columns.
    }

    /// A figure listed twice in one delivery with two values: the second is a revision of the first.
    @Test func aFigureListedTwiceInOneDeliveryIsComparedWithItsFirstListing() throws {
        let store = try open()
        let run = try begin(store)
        let revisions = try store.recordObservations(runID: run, sourceID: "s", payloadSHA256: nil, deliveredAt: t0, [
            ObservationInput(series: "K01", region: "430600", period: "2024", value: 1, status: ""),
            ObservationInput(series: "K01", region: "430600", period: "2024", value: 2, status: ""),
        ])
        #expect(revisions.map { [$0.previousValue, $0.value] } == [[1, 2]])
        #expect(try store.currentObservations(sourceID: "s").map(\.status) == [""], "an empty status stays empty, not NULL")
    }

    /// Reads the file with the sqlite3 command, as an administrator would, to show it is plain SQLite.
    static func count(_ sql: String, in file: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [file.path, sql]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
