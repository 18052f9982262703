import Foundation
import Testing
@testable import PlanWatchCore

/// Next-run times are pure functions of a given instant and zone: no clock, no sleeping.
@Suite struct CronScheduleTests {
    static func utc(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }
    static let shanghai = TimeZone(identifier: "Asia/Shanghai")!
    static let newYork = TimeZone(identifier: "America/New_York")!

    func times(_ expression: String, after start: String, in zone: TimeZone, count: Int) throws -> [String] {
        let schedule = try CronSchedule(parsing: expression)
        var t = Self.utc(start)
        var result: [String] = []
        for _ in 0..<count {
            t = try #require(schedule.next(after: t, in: zone))
            result.append(ISO8601DateFormatter().string(from: t))
        }
        return result
    }

    @Test func weekdayMorningsInShanghai() throws {
        // Friday 2026-12-04 09:00 in Shanghai (01:00Z): next are Monday and Tuesday 08:00 (00:00Z).
        #expect(try times("0 8 * * 1-5", after: "2026-12-04T01:00:00Z", in: Self.shanghai, count: 2)
                == ["2026-12-07T00:00:00Z", "2026-12-08T00:00:00Z"])
        #expect(try times("*/20 8 * * mon", after: "2026-12-07T00:00:00Z", in: Self.shanghai, count: 3)
                == ["2026-12-07T00:20:00Z", "2026-12-07T00:40:00Z", "2026-12-14T00:00:00Z"])
        #expect(try times("@monthly", after: "2026-12-02T06:00:00Z", in: Self.shanghai, count: 1) == ["2026-12-31T16:00:00Z"])
    }

    /// 2026-03-08 02:00 New York: clocks jump to 03:00. A 02:30 job runs at 03:00 that day, then at 02:30 again.
    @Test func springForwardRunsASkippedTimeRightAfterTheJump() throws {
        #expect(try times("30 2 * * *", after: "2026-03-07T12:00:00Z", in: Self.newYork, count: 2)
                == ["2026-03-08T07:00:00Z", "2026-03-09T06:30:00Z"])
        // A daily 08:00 job moves from 13:00Z to 12:00Z.
        #expect(try times("0 8 * * *", after: "2026-03-07T12:00:00Z", in: Self.newYork, count: 2)
                == ["2026-03-07T13:00:00Z", "2026-03-08T12:00:00Z"])
    }

    /// 2026-11-01 02:00 New York: clocks go back to 01:00. A 01:30 job runs once; an hourly one follows the clock.
    @Test func fallBackRunsARepeatedTimeOnce() throws {
        #expect(try times("30 1 * * *", after: "2026-11-01T04:00:00Z", in: Self.newYork, count: 2)
                == ["2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z"])
        #expect(try times("0 * * * *", after: "2026-11-01T04:30:00Z", in: Self.newYork, count: 3)
                == ["2026-11-01T05:00:00Z", "2026-11-01T06:00:00Z", "2026-11-01T07:00:00Z"])
    }

    @Test func eitherDayFieldMatchesWhenBothAreRestricted() throws {
        // The 1st of the month or any Sunday (cron's rule), in UTC.
        #expect(try times("0 0 1 * 0", after: "2026-11-27T00:00:00Z", in: TimeZone(identifier: "UTC")!, count: 3)
                == ["2026-11-29T00:00:00Z", "2026-12-01T00:00:00Z", "2026-12-06T00:00:00Z"])
        #expect(try times("0 0 29 2 *", after: "2026-01-01T00:00:00Z", in: TimeZone(identifier: "UTC")!, count: 1)
                == ["2028-02-29T00:00:00Z"])
        #expect(try CronSchedule(parsing: "0 0 30 2 *").next(after: Self.utc("2026-01-01T00:00:00Z"), in: Self.shanghai) == nil)
    }

    @Test(arguments: [
        ("61 * * * *", 0, "minute field '61': 61 is outside 0-59"),
        ("0 8 * *", 0, "has 4 fields"),
        ("0 8 * foo *", 6, "month field 'foo': 'foo' is not a number in 1-12 or a name"),
        ("0 8 * * 1-9", 8, "day of week field '1-9': 9 is outside 0-7"),
        ("0 8-6 * * *", 2, "runs backwards"),
        ("*/0 * * * *", 0, "step '0' must be a whole number above 0"),
        ("@often", 0, "unknown schedule '@often'"),
    ])
    func badExpressionsNameTheFieldAndItsPosition(expression: String, offset: Int, message: String) {
        #expect {
            try CronSchedule(parsing: expression)
        } throws: { error in
            guard let error = error as? CronSchedule.ParseError else { return false }
            return error.offset == offset && error.message.contains(message)
        }
    }
}

@Suite struct JobConfigTests {
    func load(_ jobs: String) throws(ConfigProblems) -> PlanWatchConfig {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("jobs-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try? "id: p".write(to: dir.appendingPathComponent("plan.yaml"), atomically: true, encoding: .utf8)
        try? """
        plan: plan.yaml
        sources:
          - {id: local, format: observations-csv, path: obs.csv}
        outputs: {dir: out, formats: [text, csv]}
        jobs:
        \(jobs)
        """.write(to: dir.appendingPathComponent("planwatch.yaml"), atomically: true, encoding: .utf8)
        return try PlanWatchConfig.load(file: dir.appendingPathComponent("planwatch.yaml"), displayName: "planwatch.yaml")
    }

    @Test func aJobIsReadWithDefaults() throws {
        let config = try load("""
          - name: daily
            schedule: "0 8 * * *"
            time_zone: Asia/Shanghai
            formats: [html]
            on_failure: {url: "http://127.0.0.1:9/hook", command: "logger planwatch failed"}
        """)
        let job = try #require(config.jobs.first)
        #expect(job.name == "daily" && job.keep == 30 && job.formats == ["html"] && job.modules == nil)
        #expect(job.outputDirectory.path.hasSuffix("/out/daily"))
        #expect(job.onFailure.url == "http://127.0.0.1:9/hook" && job.onFailure.command == "logger planwatch failed")
        #expect(job.nextRun(after: CronScheduleTests.utc("2026-12-02T06:00:00Z")) == CronScheduleTests.utc("2026-12-03T00:00:00Z"))
        #expect(job.definedAt == "planwatch.yaml:6")
    }

    @Test func badJobsAreReportedWithFileLineColumnAndKey() {
        #expect {
            _ = try load("""
              - name: a
                schedule: "0 25 * * *"
                time_zone: Asia/Shangai
              - name: "b c"
                schedule: 0 8 * * *
                time_zone: UTC
                keep: 0
                on_failure: {url: "ftp://x/"}
              - name: a
                schedule: 0 8 * *
                time_zone: Europe/Paris
            """)
        } throws: { error in
            let text = (error as? ConfigProblems)?.description ?? ""
            return text.contains("planwatch.yaml:7:18: error: jobs[a].schedule: hour field '25': 25 is outside 0-23")
                && text.contains("planwatch.yaml:8:16: error: jobs[a].time_zone: unknown time zone 'Asia/Shangai' (did you mean 'Asia/Shanghai'?)")
                && text.contains("jobs[b c].name: job name 'b c' may use only letters")
                && text.contains("jobs[b c].keep: keep must be at least 1")
                && text.contains("jobs[b c].on_failure.url: 'ftp://x/' is not an http(s) URL")
                && !text.contains("give `command:`")
                && text.contains("planwatch.yaml:14:11: error: jobs[a].name: duplicate job name 'a' (first at line 6)")
                && text.contains("planwatch.yaml:15:15: error: jobs[a].schedule: '0 8 * *' has 4 fields")
        }
    }
}
