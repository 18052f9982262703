import Foundation
import GRDB
// The bulk write of a delivery binds and steps its prepared statements through SQLite's C API (the
// statements are GRDB's): per-row `StatementArguments` cost more than the inserts themselves.
import GRDBSQLite

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
            // A large delivery grows the WAL to the size of what it wrote; the next checkpoint cuts
            // it back to this instead of leaving it on disk.
            try db.execute(sql: "PRAGMA journal_size_limit = 8388608")
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
        // v2: the figure's key (source, series, region, period) is stored once, in `figure`, as ids of
        // interned names; a vintage row is the figure id, the delivery id and the value. The same
        // million figures take a third of the space and a first delivery writes small integer rows
        // instead of four strings twice and a 64-character digest per row (docs/STORE.md).
        migrator.registerMigration("v2") { db in
            try db.execute(sql: """
            CREATE TABLE name (
                id INTEGER PRIMARY KEY,
                text TEXT NOT NULL UNIQUE
            );
            CREATE TABLE delivery (
                id INTEGER PRIMARY KEY,
                run_id INTEGER NOT NULL REFERENCES run(id),
                source_id TEXT NOT NULL,
                payload_sha256 TEXT REFERENCES payload(sha256),
                delivered_at REAL NOT NULL
            );
            CREATE TABLE figure (
                id INTEGER PRIMARY KEY,
                source INTEGER NOT NULL REFERENCES name(id),
                series INTEGER NOT NULL REFERENCES name(id),
                region INTEGER NOT NULL REFERENCES name(id),
                period INTEGER NOT NULL REFERENCES name(id),
                vintage_id INTEGER NOT NULL REFERENCES vintage(id)
            );
            CREATE TABLE new_vintage (
                id INTEGER PRIMARY KEY,
                figure_id INTEGER NOT NULL REFERENCES figure(id),
                delivery_id INTEGER NOT NULL REFERENCES delivery(id),
                value REAL,
                status TEXT,
                unit TEXT
            );

            INSERT INTO name (text)
                SELECT source_id FROM observation UNION SELECT series FROM observation
                UNION SELECT region FROM observation UNION SELECT period FROM observation;
            INSERT INTO delivery (run_id, source_id, payload_sha256, delivered_at)
                SELECT run_id, source_id, payload_sha256, delivered_at FROM vintage
                GROUP BY run_id, source_id, payload_sha256, delivered_at ORDER BY min(id);
            INSERT INTO figure (source, series, region, period, vintage_id)
                SELECT s.id, e.id, r.id, p.id, o.vintage_id FROM observation o
                JOIN name s ON s.text = o.source_id JOIN name e ON e.text = o.series
                JOIN name r ON r.text = o.region JOIN name p ON p.text = o.period;
            INSERT INTO new_vintage (id, figure_id, delivery_id, value, status, unit)
                SELECT v.id, f.id, d.id, v.value, v.status, v.unit FROM vintage v
                JOIN name s ON s.text = v.source_id JOIN name e ON e.text = v.series
                JOIN name r ON r.text = v.region JOIN name p ON p.text = v.period
                JOIN figure f ON f.source = s.id AND f.series = e.id AND f.region = r.id AND f.period = p.id
                JOIN delivery d ON d.run_id = v.run_id AND d.source_id = v.source_id
                    AND d.delivered_at = v.delivered_at AND d.payload_sha256 IS v.payload_sha256;
            DROP TABLE observation;
            DROP TABLE vintage;
            ALTER TABLE new_vintage RENAME TO vintage;
            CREATE UNIQUE INDEX figure_by_key ON figure(source, series, region, period);
            """)
        }
        // A body that held a secret is stored masked (never as delivered); the flag lets a replay say
        // that it decodes the masked body.
        migrator.registerMigration("v3") { db in
            try db.execute(sql: "ALTER TABLE payload ADD COLUMN secrets_masked INTEGER NOT NULL DEFAULT 0")
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

    public func putPayload(_ data: Data, sha256: String, secretsMasked: Bool) throws {
        try queue.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO payload (sha256, size, data, stored_at, secrets_masked) VALUES (?, ?, ?, ?, ?)",
                           arguments: [sha256, data.count, data, Date().timeIntervalSince1970, secretsMasked])
        }
    }

    public func payloadHasMaskedSecrets(sha256: String) throws -> Bool {
        try queue.read { db in
            try Bool.fetchOne(db, sql: "SELECT secrets_masked FROM payload WHERE sha256 = ?", arguments: [sha256]) ?? false
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
            // Immediate: the write lock from the start, as the ids handed out below are read from the tables.
            try db.inTransaction(.immediate) {
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
        var names = try Names(db)
        let source = try names.id(sourceID, db)
        // The source's current vintages in one scan, instead of one lookup per figure. Figures new in
        // this delivery are not added: a second listing of one is found by the unique key instead.
        var current: [FigureKey: Current] = [:]
        current.reserveCapacity(try Int.fetchOne(db, sql: "SELECT count(*) FROM figure WHERE source = ?", arguments: [source]) ?? 0)
        let scan = try db.makeStatement(sql: """
            SELECT f.series, f.region, f.period, f.id, v.id, v.value, v.status, d.run_id, d.delivered_at
            FROM figure f JOIN vintage v ON v.id = f.vintage_id JOIN delivery d ON d.id = v.delivery_id WHERE f.source = ?
            """)
        try Bulk.rows(scan, db, binding: { sqlite3_bind_int64($0, 1, source) }) { s in
            current[FigureKey(series: sqlite3_column_int64(s, 0), region: sqlite3_column_int64(s, 1), period: sqlite3_column_int64(s, 2))] =
                Current(figure: sqlite3_column_int64(s, 3), vintage: sqlite3_column_int64(s, 4), value: Bulk.double(s, 5),
                        status: Bulk.text(s, 6), runID: sqlite3_column_int64(s, 7), deliveredAt: sqlite3_column_double(s, 8))
        }
        // Ids are handed out here (the transaction holds the write lock), so that no row needs a
        // round trip for the id SQLite gave it.
        var nextFigure = (try Int64.fetchOne(db, sql: "SELECT max(id) FROM figure") ?? 0) + 1
        var nextVintage = (try Int64.fetchOne(db, sql: "SELECT max(id) FROM vintage") ?? 0) + 1
        // The delivery row is written with its first new vintage: an unchanged delivery adds nothing.
        var deliveryID: Int64?
        let insertFigure = try Bulk(db, "INSERT INTO figure (id, source, series, region, period, vintage_id) VALUES (?, ?, ?, ?, ?, ?)")
        let insertVintage = try Bulk(db, "INSERT INTO vintage (id, figure_id, delivery_id, value, status, unit) VALUES (?, ?, ?, ?, ?, ?)")
        let setCurrent = try Bulk(db, "UPDATE figure SET vintage_id = ? WHERE id = ?")
        let insertRevision = try Bulk(db, "INSERT OR IGNORE INTO revision (run_id, previous_vintage_id, vintage_id) VALUES (?, ?, ?)")
        let listedBefore = try db.makeStatement(sql: """
            SELECT f.id, v.id, v.value, v.status FROM figure f JOIN vintage v ON v.id = f.vintage_id
            WHERE f.source = ? AND f.series = ? AND f.region = ? AND f.period = ?
            """)
        var revisions: [Revision] = []
        for o in observations {
            let key = FigureKey(series: try names.id(o.series, slot: 0, db), region: try names.id(o.region, slot: 1, db),
                                period: try names.id(o.period, slot: 2, db))
            var previous = current[key]
            // An unchanged figure keeps its first vintage: the store says when it was first delivered.
            if let previous, previous.value == o.value && previous.status == o.status { continue }
            let delivery: Int64
            if let deliveryID {
                delivery = deliveryID
            } else {
                try db.execute(sql: "INSERT INTO delivery (run_id, source_id, payload_sha256, delivered_at) VALUES (?, ?, ?, ?)",
                               arguments: [runID, sourceID, payloadSHA256, delivered])
                delivery = db.lastInsertedRowID
                deliveryID = delivery
            }
            let vintage = nextVintage
            var figure = nextFigure
            if previous == nil {
                let code = try insertFigure.run(db, allowing: SQLITE_CONSTRAINT) { s in
                    sqlite3_bind_int64(s, 1, figure)
                    sqlite3_bind_int64(s, 2, source)
                    sqlite3_bind_int64(s, 3, key.series)
                    sqlite3_bind_int64(s, 4, key.region)
                    sqlite3_bind_int64(s, 5, key.period)
                    sqlite3_bind_int64(s, 6, vintage)
                }
                if code == SQLITE_DONE {
                    nextFigure += 1
                } else {
                    // Listed twice in this delivery: compared with its first listing.
                    try Bulk.rows(listedBefore, db, binding: { s in
                        sqlite3_bind_int64(s, 1, source)
                        sqlite3_bind_int64(s, 2, key.series)
                        sqlite3_bind_int64(s, 3, key.region)
                        sqlite3_bind_int64(s, 4, key.period)
                    }) { s in
                        previous = Current(figure: sqlite3_column_int64(s, 0), vintage: sqlite3_column_int64(s, 1), value: Bulk.double(s, 2),
                                           status: Bulk.text(s, 3), runID: runID, deliveredAt: delivered)
                    }
                    // Not a second listing: some other constraint failed; say which.
                    guard let first = previous else { throw Bulk.error(code, db, insertFigure.statement) }
                    if first.value == o.value && first.status == o.status { continue }
                }
            }
            nextVintage += 1
            if let previous {
                figure = previous.figure
                try setCurrent.run(db) { s in
                    sqlite3_bind_int64(s, 1, vintage)
                    sqlite3_bind_int64(s, 2, figure)
                }
                // A figure listed twice in one delivery is compared with its first listing.
                current[key] = Current(figure: figure, vintage: vintage, value: o.value, status: o.status, runID: runID, deliveredAt: delivered)
            }
            try insertVintage.run(db) { s in
                sqlite3_bind_int64(s, 1, vintage)
                sqlite3_bind_int64(s, 2, figure)
                sqlite3_bind_int64(s, 3, delivery)
                if let value = o.value { sqlite3_bind_double(s, 4, value) } else { sqlite3_bind_null(s, 4) }
                Bulk.bind(s, 5, o.status)
                Bulk.bind(s, 6, o.unit)
            }
            if let previous {
                try insertRevision.run(db) { s in
                    sqlite3_bind_int64(s, 1, runID)
                    sqlite3_bind_int64(s, 2, previous.vintage)
                    sqlite3_bind_int64(s, 3, vintage)
                }
                revisions.append(Revision(
                    sourceID: sourceID, series: o.series, region: o.region, period: o.period,
                    previousValue: previous.value, value: o.value,
                    previousDeliveredAt: Date(timeIntervalSince1970: previous.deliveredAt),
                    previousRunID: previous.runID, deliveredAt: deliveredAt))
            }
        }
        return revisions
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
                SELECT e.text AS series, r.text AS region, p.text AS period, v.value, v.status, v.unit, d.source_id,
                       d.payload_sha256, d.run_id, d.delivered_at
                FROM figure f JOIN name s ON s.id = f.source JOIN name e ON e.id = f.series JOIN name r ON r.id = f.region
                JOIN name p ON p.id = f.period JOIN vintage v ON v.id = f.vintage_id JOIN delivery d ON d.id = v.delivery_id
                WHERE s.text = ? ORDER BY e.text, r.text, p.text
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
            SELECT nd.source_id, e.text AS series, g.text AS region, q.text AS period, p.value AS previous_value, n.value,
                   pd.delivered_at AS previous_delivered_at, pd.run_id AS previous_run_id, nd.delivered_at
            FROM revision r JOIN vintage n ON n.id = r.vintage_id JOIN vintage p ON p.id = r.previous_vintage_id
            JOIN delivery nd ON nd.id = n.delivery_id JOIN delivery pd ON pd.id = p.delivery_id
            JOIN figure f ON f.id = n.figure_id JOIN name e ON e.id = f.series JOIN name g ON g.id = f.region JOIN name q ON q.id = f.period
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

    /// A figure of one source, by the ids of its interned names.
    struct FigureKey: Hashable {
        var series: Int64
        var region: Int64
        var period: Int64

        /// One word into the hasher instead of three: a million lookups per delivery.
        func hash(into hasher: inout Hasher) {
            hasher.combine(UInt64(bitPattern: series) &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(bitPattern: region) &* 0xC2B2_AE3D_27D4_EB4F ^ UInt64(bitPattern: period))
        }
    }

    /// A figure's current vintage.
    struct Current {
        var figure: Int64
        var vintage: Int64
        var value: Double?
        var status: String?
        var runID: Int64
        var deliveredAt: Double
    }

    /// The `name` table in memory: ids of series, region, period and source names, new ones added.
    struct Names {
        var ids: [String: Int64] = [:]
        /// The names last looked up in each slot (series, region, period): consecutive figures mostly
        /// share series and region and cycle through a few periods, and comparing short strings is
        /// cheaper than hashing one.
        var recent: [[(text: String, id: Int64)]] = [[], [], []]
        static let recentLimit = 16

        init(_ db: Database) throws {
            let rows = try Row.fetchCursor(db, sql: "SELECT text, id FROM name")
            while let row = try rows.next() { ids[row[0]] = row[1] }
        }

        mutating func id(_ text: String, slot: Int, _ db: Database) throws -> Int64 {
            for entry in recent[slot] where entry.text == text { return entry.id }
            let id = try id(text, db)
            if recent[slot].count == Self.recentLimit { recent[slot].removeFirst() }
            recent[slot].append((text, id))
            return id
        }

        mutating func id(_ text: String, _ db: Database) throws -> Int64 {
            if let id = ids[text] { return id }
            try db.execute(sql: "INSERT INTO name (text) VALUES (?)", arguments: [text])
            let id = db.lastInsertedRowID
            ids[text] = id
            return id
        }
    }

    /// A prepared statement stepped through SQLite's C API with values bound in place.
    struct Bulk {
        let statement: Statement

        init(_ db: Database, _ sql: String) throws {
            statement = try db.makeStatement(sql: sql)
        }

        /// Binds, steps once and resets; `allowing` is a result code returned instead of thrown.
        @discardableResult
        func run(_ db: Database, allowing allowed: Int32 = SQLITE_DONE, bind: (SQLiteStatement) -> Void) throws -> Int32 {
            let s = statement.sqliteStatement
            bind(s)
            let code = sqlite3_step(s)
            sqlite3_reset(s)
            guard code == SQLITE_DONE || code & 0xff == allowed else {
                throw Self.error(code, db, statement)
            }
            return code & 0xff
        }

        /// Every row of a query, read in place through the column functions.
        static func rows(_ statement: Statement, _ db: Database, binding: (SQLiteStatement) -> Void, row: (SQLiteStatement) throws -> Void) throws {
            let s = statement.sqliteStatement
            sqlite3_reset(s)
            binding(s)
            defer { sqlite3_reset(s) }
            while true {
                let code = sqlite3_step(s)
                if code == SQLITE_DONE { return }
                guard code == SQLITE_ROW else { throw error(code, db, statement) }
                try row(s)
            }
        }

        static func error(_ code: Int32, _ db: Database, _ statement: Statement) -> DatabaseError {
            DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: statement.sql)
        }

        static func double(_ s: SQLiteStatement, _ column: Int32) -> Double? {
            sqlite3_column_type(s, column) == SQLITE_NULL ? nil : sqlite3_column_double(s, column)
        }

        static func text(_ s: SQLiteStatement, _ column: Int32) -> String? {
            guard sqlite3_column_type(s, column) != SQLITE_NULL, let bytes = sqlite3_column_text(s, column) else { return nil }
            return String(cString: bytes)
        }

        /// Text bound as a copy (SQLITE_TRANSIENT): the Swift string's bytes live only during the call.
        static func bind(_ s: SQLiteStatement, _ index: Int32, _ text: String?) {
            guard var text else {
                sqlite3_bind_null(s, index)
                return
            }
            let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
            text.withUTF8 { bytes in
                // An empty buffer may have no address, which SQLite would take for NULL.
                guard let base = bytes.baseAddress, !bytes.isEmpty else {
                    _ = sqlite3_bind_text(s, index, "", 0, transient)
                    return
                }
                _ = base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                    sqlite3_bind_text(s, index, $0, Int32(bytes.count), transient)
                }
            }
        }
    }

    private static func json(_ list: [String]) -> String {
        (try? String(decoding: JSONEncoder().encode(list), as: UTF8.self)) ?? "[]"
    }

    private static func strings(_ text: String?) -> [String] {
        guard let text, let data = text.data(using: .utf8) else { return [] }
        return (try? JSONDecoder().decode([String].self, from: data)) ?? []
    }
}
