import Foundation

/// A 5-field cron expression (`minute hour day-of-month month day-of-week`), read like Vixie cron /
/// cronie: `*`, numbers, ranges `a-b`, steps `*/n` and `a-b/n`, lists with commas, month and weekday
/// names (`jan`, `mon`), 0 or 7 for Sunday, and `@hourly`, `@daily`, `@weekly`, `@monthly`, `@yearly`.
/// When both day fields are restricted a day matching either runs (the cron rule).
///
/// Times are wall-clock times in the job's time zone. Across daylight saving changes, as cron does:
/// a time that does not exist (skipped by the clock going forward) runs at the first minute after the
/// change; a time that occurs twice (clock going back) runs once, the first time. Jobs whose hour field
/// is `*` simply follow the clock.
public struct CronSchedule: Sendable, Hashable, CustomStringConvertible {
    public let expression: String
    let minutes: UInt64
    let hours: UInt64
    let days: UInt64
    let months: UInt64
    let weekdays: UInt64
    let anyHour: Bool
    let daysRestricted: Bool
    let weekdaysRestricted: Bool

    public var description: String { expression }

    /// A problem in an expression: which field, where in the text (0-based offset), and what is wrong.
    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        public var offset: Int
        public var message: String
        public var description: String { message }
    }

    static let macros = ["@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *",
                         "@weekly": "0 0 * * 0", "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *"]
    static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    static let dayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

    struct Field {
        var name: String
        var range: ClosedRange<Int>
        var names: [String]
        var namesStart: Int
    }

    static let fields = [
        Field(name: "minute", range: 0...59, names: [], namesStart: 0),
        Field(name: "hour", range: 0...23, names: [], namesStart: 0),
        Field(name: "day of month", range: 1...31, names: [], namesStart: 1),
        Field(name: "month", range: 1...12, names: monthNames, namesStart: 1),
        Field(name: "day of week", range: 0...7, names: dayNames, namesStart: 0),
    ]

    public init(parsing text: String) throws(ParseError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let leading = text.prefix { $0 == " " || $0 == "\t" }.count
        if trimmed.hasPrefix("@") {
            guard let expanded = Self.macros[trimmed.lowercased()] else {
                throw ParseError(offset: leading, message: "unknown schedule '\(trimmed)'; use 5 fields (minute hour day month weekday) or one of \(Self.macros.keys.sorted().joined(separator: ", "))")
            }
            try self.init(fields: expanded, original: trimmed, offsets: Array(repeating: leading, count: 5))
            return
        }
        // Each field with its offset in the text, for a column in the message.
        var parts: [(String, Int)] = []
        var current = "", start = 0
        for (i, c) in text.enumerated() {
            if c == " " || c == "\t" {
                if !current.isEmpty { parts.append((current, start)); current = "" }
            } else {
                if current.isEmpty { start = i }
                current.append(c)
            }
        }
        if !current.isEmpty { parts.append((current, start)) }
        guard parts.count == 5 else {
            throw ParseError(offset: leading, message: "'\(trimmed)' has \(parts.count) field\(parts.count == 1 ? "" : "s"); a cron schedule has 5: minute hour day-of-month month day-of-week (e.g. '0 8 * * 1-5')")
        }
        try self.init(fields: parts.map(\.0).joined(separator: " "), original: trimmed, offsets: parts.map(\.1))
    }

    private init(fields text: String, original: String, offsets: [Int]) throws(ParseError) {
        let parts = text.split(separator: " ").map(String.init)
        var sets: [UInt64] = []
        for (index, part) in parts.enumerated() {
            sets.append(try Self.parse(part, field: Self.fields[index], offset: offsets[index]))
        }
        expression = original
        minutes = sets[0]
        hours = sets[1]
        days = sets[2]
        months = sets[3]
        // 7 is Sunday too.
        weekdays = (sets[4] & 0x7f) | (sets[4] >> 7 & 1)
        anyHour = parts[1] == "*"
        daysRestricted = !parts[2].hasPrefix("*")
        weekdaysRestricted = !parts[4].hasPrefix("*")
    }

    private static func parse(_ text: String, field: Field, offset: Int) throws(ParseError) -> UInt64 {
        func fail(_ message: String) -> ParseError {
            ParseError(offset: offset, message: "\(field.name) field '\(text)': \(message)")
        }
        func number(_ s: Substring) throws(ParseError) -> Int {
            if let n = Int(s) {
                guard field.range.contains(n) else { throw fail("\(n) is outside \(field.range.lowerBound)-\(field.range.upperBound)") }
                return n
            }
            if let i = field.names.firstIndex(of: s.lowercased()) { return i + field.namesStart }
            let allowed = field.names.isEmpty ? "" : " or a name (\(field.names.joined(separator: ", ")))"
            throw fail("'\(s)' is not a number in \(field.range.lowerBound)-\(field.range.upperBound)\(allowed)")
        }
        var set: UInt64 = 0
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard !item.isEmpty else { throw fail("an empty list entry") }
            let pieces = item.split(separator: "/", omittingEmptySubsequences: false)
            guard pieces.count <= 2 else { throw fail("more than one '/' in '\(item)'") }
            var step = 1
            if pieces.count == 2 {
                guard let s = Int(pieces[1]), s > 0 else { throw fail("step '\(pieces[1])' must be a whole number above 0") }
                step = s
            }
            let base = pieces[0]
            var low: Int, high: Int
            if base == "*" {
                low = field.range.lowerBound
                high = field.range.upperBound
            } else if let dash = base.firstIndex(of: "-") {
                low = try number(base[..<dash])
                high = try number(base[base.index(after: dash)...])
                guard low <= high else { throw fail("range \(base) runs backwards; write the lower value first") }
            } else {
                low = try number(base)
                // `5/15` means from 5 to the end, every 15.
                high = pieces.count == 2 ? field.range.upperBound : low
            }
            for value in stride(from: low, through: high, by: step) { set |= 1 << UInt64(value) }
        }
        return set
    }

    func matchesDay(month: Int, day: Int, weekday: Int) -> Bool {
        guard months & (1 << UInt64(month)) != 0 else { return false }
        let dayOK = days & (1 << UInt64(day)) != 0
        let weekdayOK = weekdays & (1 << UInt64(weekday)) != 0
        if daysRestricted && weekdaysRestricted { return dayOK || weekdayOK }
        return dayOK && weekdayOK
    }

    func matches(_ c: DateComponents) -> Bool {
        guard let minute = c.minute, let hour = c.hour, let day = c.day, let month = c.month, let weekday = c.weekday else { return false }
        return minutes & (1 << UInt64(minute)) != 0 && hours & (1 << UInt64(hour)) != 0
            && matchesDay(month: month, day: day, weekday: weekday - 1)
    }

    /// The first time strictly after `date` at which the schedule fires in `zone`; nil when it never
    /// does within eight years (`0 0 30 2 *`).
    public func next(after date: Date, in zone: TimeZone) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let units: Set<Calendar.Component> = [.year, .month, .day, .hour, .minute, .weekday]
        var t = Date(timeIntervalSince1970: (date.timeIntervalSince1970 / 60).rounded(.down) * 60 + 60)
        let limit = date.addingTimeInterval(8 * 366 * 86_400)
        while t < limit {
            let offset = zone.secondsFromGMT(for: t)
            let offsetBefore = zone.secondsFromGMT(for: t.addingTimeInterval(-60))
            if !anyHour && offset > offsetBefore {
                // The clock just jumped forward: wall times in the gap run now.
                var wall = Calendar(identifier: .gregorian)
                wall.timeZone = TimeZone(secondsFromGMT: offsetBefore)!
                for k in 0..<((offset - offsetBefore) / 60) where matches(wall.dateComponents(units, from: t.addingTimeInterval(Double(k * 60)))) {
                    return t
                }
            }
            let c = calendar.dateComponents(units, from: t)
            guard let month = c.month, let day = c.day, let weekday = c.weekday, let hour = c.hour, let minute = c.minute else { return nil }
            if !matchesDay(month: month, day: day, weekday: weekday - 1) {
                let startOfDay = calendar.startOfDay(for: t)
                guard let next = calendar.date(byAdding: .day, value: 1, to: startOfDay), next > t else { return nil }
                t = next
                continue
            }
            if hours & (1 << UInt64(hour)) == 0 {
                t = t.addingTimeInterval(Double((60 - minute) * 60))
                continue
            }
            if minutes & (1 << UInt64(minute)) == 0 {
                t = t.addingTimeInterval(60)
                continue
            }
            if !anyHour {
                // The clock went back within the last hours: this wall time may have happened already.
                let earlierOffset = zone.secondsFromGMT(for: t.addingTimeInterval(-3 * 3600))
                if earlierOffset > offset {
                    let first = t.addingTimeInterval(-Double(earlierOffset - offset))
                    if zone.secondsFromGMT(for: first) == earlierOffset, calendar.dateComponents(units, from: first) == c {
                        t = t.addingTimeInterval(60)
                        continue
                    }
                }
            }
            return t
        }
        return nil
    }
}
