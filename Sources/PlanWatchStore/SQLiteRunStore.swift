import Foundation
import GRDB

/// The embedded store: one SQLite file (`store.sqlite` in the data directory) through GRDB, in WAL mode
/// so that a reader (`planwatch history`) never waits for a running job and a killed writer leaves the
/// last committed state. Every write is one transaction. The schema is in docs/STORE.md.
public final class SQLiteRunStore: RunStore {
    private let queue: DatabaseQueue
    public let file: URL

    /// Opens (creating when needed) the store at `file` and brings its schema up to date.
    public init(file: URL) throws {
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        var configuration = Configuration()
        // Another process (the scheduler, a cron-started run, `history`) may hold the write lock briefly.
        configuration.busyMode = .timeout(30)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // 64 MB of page cache: a delivery of a million figures touches the observation index all over.
            try db.execute(sql: "PRAGMA cache_size = -65536")
        }
        self.file = file
        self.queue = try DatabaseQueue(path: file.path, configuration: configuration)
        try Self.migrator.migrate(queue)
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
            CREATE TABLE payload (
                sha256 TEXT PRIMARY KEY NOT NULL,
                size INTEGER NOT NULL,
                data BLOB NOT NULL,
                stored_at REAL NOT NULL
            ) WITHOUT ROWID;
            CREATE TABLE run (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                job TEXT NOT NULL,
                trigger TEXT NOT NULL,
                pid INTEGER NOT NULL,
                host TEXT NOT NULL,
                started_at REAL NOT NULL,
                finished_at REAL,
                state TEXT NOT NULL,
                exit_code INTEGER,
                outcome TEXT,
                output_dir TEXT,
                outputs TEXT NOT NULL DEFAULT '[]',
                warnings TEXT NOT NULL DEFAULT '[]',
                error TEXT,
                replay_of INTEGER REFERENCES run(id)
            );
            CREATE INDEX run_by_job ON run(job, id);
            CREATE INDEX run_by_state ON run(state);
            CREATE TABLE run_source (
                run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                source_id TEXT NOT NULL,
                outcome TEXT NOT NULL,
                location TEXT NOT NULL,
                http_status INTEGER,
                bytes INTEGER NOT NULL,
                observations INTEGER NOT NULL,
                retrieved_at REAL,
                error TEXT,
                payloads TEXT NOT NULL DEFAULT '[]',
                content_type TEXT,
                PRIMARY KEY (run_id, position)
            );
            CREATE TABLE run_report (
                run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                report_id TEXT NOT NULL,
                ok INTEGER NOT NULL,
                error TEXT,
                PRIMARY KEY (run_id, position)
            );
            CREATE TABLE vintage (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                source_id TEXT NOT NULL,
                series TEXT NOT NULL,
                region TEXT NOT NULL,
                period TEXT NOT NULL,
                value REAL,
                status TEXT,
                unit TEXT,
                payload_sha256 TEXT REFERENCES payload(sha256),
                run_id INTEGER NOT NULL REFERENCES run(id),
                delivered_at REAL NOT NULL
            );
            CREATE TABLE observation (
                source_id TEXT NOT NULL,
                series TEXT NOT NULL,
                region TEXT NOT NULL,
                period TEXT NOT NULL,
                vintage_id INTEGER NOT NULL REFERENCES vintage(id),
                PRIMARY KEY (source_id, series, region, period)
            ) WITHOUT ROWID;
            CREATE TABLE revision (
                run_id INTEGER NOT NULL REFERENCES run(id),
                previous_vintage_id INTEGER NOT NULL REFERENCES vintage(id),
                vintage_id INTEGER NOT NULL REFERENCES vintage(id),
                PRIMARY KEY (run_id, vintage_id)
            ) WITHOUT ROWID;
            """)
        }
        return migrator
    }

    public func beginRun(_ run: NewRun) throws -> Int64 {
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO run (job, trigger, pid, host, started_at, state, replay_of) VALUES (?, ?, ?, ?, ?, 'running', ?)
                """, arguments: [run.job, run.trigger, run.pid, run.host, run.startedAt.timeIntervalSince1970, run.replayOf])
            return db.lastInsertedRowID
        }
    }

    public func finishRun(_ id: Int64, _ finish: RunFinish) throws {
        try queue.write { db in
            try db.execute(sql: """
                UPDATE run SET finished_at = ?, state = ?, exit_code = ?, outcome = ?, output_dir = ?, outputs = ?, warnings = ?, error = ?
                WHERE id = ?
                """, arguments: [finish.finishedAt.timeIntervalSince1970, finish.state.rawValue, finish.exitCode, finish.outcome,
                                 finish.outputDirectory, Self.json(finish.outputs), Self.json(finish.warnings), finish.error, id])
            guard db.changesCount == 1 else { throw StoreError.unknownRun(id) }
            try db.execute(sql: "DELETE FROM run_source WHERE run_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM run_report WHERE run_id = ?", arguments: [id])
            for (position, s) in finish.sources.enumerated() {
                try db.execute(sql: """
                    INSERT INTO run_source (run_id, position, source_id, outcome, location, http_status, bytes, observations, retrieved_at, error, payloads, content_type)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [id, position, s.id, s.outcome, s.location, s.httpStatus, s.bytes, s.observations,
                                     s.retrievedAt?.timeIntervalSince1970, s.error, Self.json(s.payloads), s.contentType])
            }
            for (position, r) in finish.reports.enumerated() {
                try db.execute(sql: "INSERT INTO run_report (run_id, position, report_id, ok, error) VALUES (?, ?, ?, ?, ?)",
                               arguments: [id, position, r.id, r.ok, r.error])
            }
        }
    }

    public func markInterrupted(job: String?, host: String, isAlive: (Int32) -> Bool) throws -> [Int64] {
        return try queue.write { db in
            var sql = "SELECT id, pid FROM run WHERE state = 'running' AND host = ?"
            var arguments: StatementArguments = [host]
            if let job {
                sql += " AND job = ?"
                arguments += [job]
            }
            let dead = try Row.fetchAll(db, sql: sql, arguments: arguments).filter { !isAlive($0["pid"]) }.map { $0["id"] as Int64 }
            for id in dead {
                try db.execute(sql: """
                    UPDATE run SET state = 'interrupted', outcome = 'failed',
                    error = 'the process ended before the run finished (killed or crashed)' WHERE id = ?
                    """, arguments: [id])
            }
            return dead
        }
    }

    public func putPayload(_ data: Data, sha256: String) throws {
        try queue.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO payload (sha256, size, data, stored_at) VALUES (?, ?, ?, ?)",
                           arguments: [sha256, data.count, data, Date().timeIntervalSince1970])
        }
    }

    public func payload(sha256: String) throws -> Data? {
        try queue.read { db in try Data.fetchOne(db, sql: "SELECT data FROM payload WHERE sha256 = ?", arguments: [sha256]) }
    }

    public func recordObservations(runID: Int64, sourceID: String, payloadSHA256: String?, deliveredAt: Date,
                                   _ observations: [ObservationInput]) throws -> [Revision] {
        let delivered = deliveredAt.timeIntervalSince1970
        // Foreign-key checks made a first delivery of a million figures 5 times slower (40 s against
        // 7.6 s, Benchmarks/store). They are off for this one transaction only, whose references are
        // checked once here instead: the run and the payload exist, and each new vintage is made in it.
        return try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            defer { try? db.execute(sql: "PRAGMA foreign_keys = ON") }
            var result: [Revision] = []
            try db.inTransaction {
                result = try Self.record(db, runID: runID, sourceID: sourceID, payloadSHA256: payloadSHA256,
                                         delivered: delivered, deliveredAt: deliveredAt, observations)
                return .commit
            }
            return result
        }
    }

    private static func record(_ db: Database, runID: Int64, sourceID: String, payloadSHA256: String?, delivered: Double,
                               deliveredAt: Date, _ observations: [ObservationInput]) throws -> [Revision] {
        guard try Bool.fetchOne(db, sql: "SELECT 1 FROM run WHERE id = ?", arguments: [runID]) == true else {
            throw StoreError.unknownRun(runID)
        }
        if let payloadSHA256, try Bool.fetchOne(db, sql: "SELECT 1 FROM payload WHERE sha256 = ?", arguments: [payloadSHA256]) != true {
            throw StoreError.unknownPayload(payloadSHA256)
        }
        do {
            // The source's current vintages in one scan, instead of one lookup per figure.
            var current: [ObservationKey: (id: Int64, value: Double?, status: String?, runID: Int64, deliveredAt: Double)] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT o.series, o.region, o.period, v.id, v.value, v.status, v.run_id, v.delivered_at
                FROM observation o JOIN vintage v ON v.id = o.vintage_id WHERE o.source_id = ?
                """, arguments: [sourceID])
            while let row = try rows.next() {
                current[ObservationKey(series: row[0], region: row[1], period: row[2])] = (row[3], row[4], row[5], row[6], row[7])
            }
            let insertVintage = try db.cachedStatement(sql: """
                INSERT INTO vintage (source_id, series, region, period, value, status, unit, payload_sha256, run_id, delivered_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            let setCurrent = try db.cachedStatement(sql: """
                INSERT INTO observation (source_id, series, region, period, vintage_id) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (source_id, series, region, period) DO UPDATE SET vintage_id = excluded.vintage_id
                """)
            let insertRevision = try db.cachedStatement(sql: "INSERT OR IGNORE INTO revision (run_id, previous_vintage_id, vintage_id) VALUES (?, ?, ?)")
            let insertCurrent = try db.cachedStatement(sql: """
                INSERT INTO observation (source_id, series, region, period, vintage_id) VALUES (?, ?, ?, ?, ?)
                """)
            var revisions: [Revision] = []
            for o in observations {
                let key = ObservationKey(series: o.series, region: o.region, period: o.period)
                let previous = current[key]
                // An unchanged figure keeps its first vintage: the store says when it was first delivered.
                if let previous, previous.value == o.value && previous.status == o.status { continue }
                try insertVintage.execute(arguments: [sourceID, o.series, o.region, o.period, o.value, o.status, o.unit,
                                                      payloadSHA256, runID, delivered])
                let vintageID = db.lastInsertedRowID
                try (previous == nil ? insertCurrent : setCurrent).execute(arguments: [sourceID, o.series, o.region, o.period, vintageID])
                // A figure listed twice in one delivery is compared with its first listing.
                current[key] = (vintageID, o.value, o.status, runID, delivered)
                if let previous {
                    try insertRevision.execute(arguments: [runID, previous.id, vintageID])
                    revisions.append(Revision(
                        sourceID: sourceID, series: o.series, region: o.region, period: o.period,
                        previousValue: previous.value, value: o.value,
                        previousDeliveredAt: Date(timeIntervalSince1970: previous.deliveredAt),
                        previousRunID: previous.runID, deliveredAt: deliveredAt))
                }
            }
            return revisions
        }
    }

    public func runs(job: String?, limit: Int) throws -> [StoredRun] {
        try queue.read { db in
            let rows: [Row]
            if let job {
                rows = try Row.fetchAll(db, sql: "SELECT * FROM run WHERE job = ? ORDER BY id DESC LIMIT ?", arguments: [job, limit])
            } else {
                rows = try Row.fetchAll(db, sql: "SELECT * FROM run ORDER BY id DESC LIMIT ?", arguments: [limit])
            }
            return try rows.map { try Self.run(from: $0, db) }
        }
    }

    public func run(_ id: Int64) throws -> StoredRun? {
        try queue.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM run WHERE id = ?", arguments: [id]).map { try Self.run(from: $0, db) }
        }
    }

    public func currentObservations(sourceID: String) throws -> [StoredObservation] {
        try queue.read { db in
            try Row.fetchAll(db, sql: """
                SELECT v.* FROM observation o JOIN vintage v ON v.id = o.vintage_id WHERE o.source_id = ?
                ORDER BY o.series, o.region, o.period
                """, arguments: [sourceID]).map { row in
                StoredObservation(series: row["series"], region: row["region"], period: row["period"], value: row["value"],
                                  status: row["status"], unit: row["unit"], sourceID: row["source_id"],
                                  payloadSHA256: row["payload_sha256"], runID: row["run_id"],
                                  deliveredAt: Date(timeIntervalSince1970: row["delivered_at"]))
            }
        }
    }

    private static func run(from row: Row, _ db: Database) throws -> StoredRun {
        let id: Int64 = row["id"]
        let sources = try Row.fetchAll(db, sql: "SELECT * FROM run_source WHERE run_id = ? ORDER BY position", arguments: [id]).map { s in
            RunSourceOutcome(id: s["source_id"], outcome: s["outcome"], location: s["location"], httpStatus: s["http_status"],
                          bytes: s["bytes"], observations: s["observations"],
                          retrievedAt: (s["retrieved_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
                          error: s["error"], payloads: strings(s["payloads"]), contentType: s["content_type"])
        }
        let reports = try Row.fetchAll(db, sql: "SELECT * FROM run_report WHERE run_id = ? ORDER BY position", arguments: [id]).map { r in
            RunReportOutcome(id: r["report_id"], ok: r["ok"], error: r["error"])
        }
        let revisions = try Row.fetchAll(db, sql: """
            SELECT n.source_id, n.series, n.region, n.period, p.value AS previous_value, n.value, p.delivered_at AS previous_delivered_at,
                   p.run_id AS previous_run_id, n.delivered_at
            FROM revision r JOIN vintage n ON n.id = r.vintage_id JOIN vintage p ON p.id = r.previous_vintage_id
            WHERE r.run_id = ? ORDER BY n.id
            """, arguments: [id]).map { v in
            Revision(sourceID: v["source_id"], series: v["series"], region: v["region"], period: v["period"],
                     previousValue: v["previous_value"], value: v["value"],
                     previousDeliveredAt: Date(timeIntervalSince1970: v["previous_delivered_at"]),
                     previousRunID: v["previous_run_id"], deliveredAt: Date(timeIntervalSince1970: v["delivered_at"]))
        }
        return StoredRun(
            id: id, job: row["job"], trigger: row["trigger"], pid: row["pid"], host: row["host"],
            startedAt: Date(timeIntervalSince1970: row["started_at"]),
            finishedAt: (row["finished_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
            state: RunState(rawValue: row["state"]) ?? .running, exitCode: row["exit_code"], outcome: row["outcome"],
            outputDirectory: row["output_dir"], outputs: strings(row["outputs"]), warnings: strings(row["warnings"]),
            error: row["error"], replayOf: row["replay_of"], sources: sources, reports: reports, revisions: revisions)
    }

    struct ObservationKey: Hashable {
        var series: String
        var region: String
        var period: String
    }

    private static func json(_ list: [String]) -> String {
        (try? String(decoding: JSONEncoder().encode(list), as: UTF8.self)) ?? "[]"
    }

    private static func strings(_ text: String?) -> [String] {
        guard let text, let data = text.data(using: .utf8) else { return [] }
        return (try? JSONDecoder().decode([String].self, from: data)) ?? []
    }
}
