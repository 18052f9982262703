import Foundation

/// One-row entry point for `planwatch assess` (CSV in, CSV out): the pure ASSESSMENT.md parts 1 and 2,
/// without the plan rules of part 3 (no end-of-period `not_achieved`, no growth-rate index), so that
/// published benchmark rows can be checked as published.
extension ProgressMeasure {
    /// One input row: `series,base_year,base_value,current_year,current_value,target,target_year,direction,limit`.
    public struct Row: Sendable, Hashable, Codable {
        /// Input columns in order; `target`, `target_year`, `direction` and `limit` may be empty.
        public static let columns = [
            "series", "base_year", "base_value", "current_year", "current_value", "target", "target_year",
            "direction", "limit",
        ]

        /// The row's series name, copied to the result.
        public var series: String
        /// The base year.
        public var baseYear: Int
        /// The base figure.
        public var baseValue: Double
        /// The year of the current figure.
        public var currentYear: Int
        /// The current figure.
        public var currentValue: Double
        /// The target level; nil for a direction-only series.
        public var target: Double?
        /// The year the target is due.
        public var targetYear: Int?
        /// Whether a higher or a lower figure is better.
        public var direction: Direction
        /// The natural bound of a bounded indicator (100 for a percentage), if any.
        public var limit: Double?

        /// A row of `planwatch assess` input.
        public init(
            series: String, baseYear: Int, baseValue: Double, currentYear: Int, currentValue: Double,
            target: Double? = nil, targetYear: Int? = nil, direction: Direction = .higherIsBetter, limit: Double? = nil
        ) {
            self.series = series
            self.baseYear = baseYear
            self.baseValue = baseValue
            self.currentYear = currentYear
            self.currentValue = currentValue
            self.target = target
            self.targetYear = targetYear
            self.direction = direction
            self.limit = limit
        }

        /// The columns every row needs a value in; a file whose header lacks one is malformed.
        public static let requiredColumns = ["base_year", "base_value", "current_year", "current_value"]

        /// The required columns absent from `header` (case-insensitive, surrounding blanks ignored),
        /// in ``requiredColumns`` order; empty when the header is usable.
        public static func missingColumns(header: [String]) -> [String] {
            let names = Set(header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
            return requiredColumns.filter { !names.contains($0) }
        }

        /// Reads a row keyed by column name (case-insensitive, surrounding blanks ignored). Empty optional
        /// columns mean "none"; `direction` accepts 1, +1, -1, `higher`, `lower` and defaults to 1.
        ///
        /// Every cell is read before any is found missing, so a cell that cannot be read is always
        /// reported as ``ProgressMeasureError/invalidField`` (the file is malformed), while empty cells the
        /// method needs are ``ProgressMeasureError/missingField`` naming all of them (the row cannot be
        /// assessed, see ``ProgressMeasure/assess(row:profile:)``).
        ///
        /// - Throws: ``ProgressMeasureError/invalidField`` or ``ProgressMeasureError/missingField``,
        ///   naming the columns.
        public init(fields: [String: String]) throws {
            var normalized: [String: String] = [:]
            for (key, value) in fields {
                normalized[key.trimmingCharacters(in: .whitespaces).lowercased()] = value.trimmingCharacters(in: .whitespaces)
            }
            func text(_ name: String) -> String? {
                guard let value = normalized[name], !value.isEmpty else { return nil }
                return value
            }
            func int(_ name: String) throws -> Int? {
                guard let value = text(name) else { return nil }
                guard let number = Int(value) ?? Double(value).flatMap({ $0 == $0.rounded() ? Int(exactly: $0) : nil }) else {
                    throw ProgressMeasureError.invalidField(name, value, expected: "a year")
                }
                return number
            }
            func double(_ name: String) throws -> Double? {
                guard let value = text(name) else { return nil }
                guard let number = Double(value), number.isFinite else {
                    throw ProgressMeasureError.invalidField(name, value, expected: "a number")
                }
                return number
            }
            let direction: Direction
            switch text("direction")?.lowercased() {
            case nil, "1", "+1", "1.0", "higher", "up": direction = .higherIsBetter
            case "-1", "-1.0", "lower", "down": direction = .lowerIsBetter
            case let other?: throw ProgressMeasureError.invalidField("direction", other, expected: "1 or -1")
            }
            let baseYear = try int("base_year"), baseValue = try double("base_value")
            let currentYear = try int("current_year"), currentValue = try double("current_value")
            let target = try double("target"), targetYear = try int("target_year"), limit = try double("limit")
            var missing: [String] = []
            if baseYear == nil { missing.append("base_year") }
            if baseValue == nil { missing.append("base_value") }
            if currentYear == nil { missing.append("current_year") }
            if currentValue == nil { missing.append("current_value") }
            // A target without its year has no required growth rate.
            if target != nil, targetYear == nil { missing.append("target_year") }
            guard let baseYear, let baseValue, let currentYear, let currentValue, missing.isEmpty else {
                throw ProgressMeasureError.missingFields(missing)
            }
            self.init(
                series: text("series") ?? "", baseYear: baseYear, baseValue: baseValue, currentYear: currentYear,
                currentValue: currentValue, target: target, targetYear: targetYear, direction: direction, limit: limit
            )
        }

        /// Reads a row from a header and the fields in the same order (extra columns ignored).
        public init(header: [String], values: [String]) throws {
            var fields: [String: String] = [:]
            for (key, value) in zip(header, values) { fields[key] = value }
            try self.init(fields: fields)
        }
    }

    /// The outcome of one row: progress value, status and score, with the full ``Result`` behind them.
    public struct RowResult: Sendable, Hashable, Codable {
        /// Output columns of ``csvFields`` in order.
        public static let csvHeader = [
            "series", "progress_value", "status", "score", "cagr_observed", "cagr_required", "bound_coefficient",
            "warnings",
        ]

        /// The row's series name.
        public var series: String
        /// The progress value R, when computable.
        public var progressValue: Double?
        /// The status R leads to.
        public var status: AssessmentStatus
        /// The score in [-5, 5], when computable.
        public var score: Double?
        /// The full measure; nil when the row lacks a cell the method needs (then ``reason`` says which).
        public var result: Result?
        /// Why the row is `not_available` without a measure, e.g. "column 'base_value' is empty".
        public var reason: String?

        /// A row that cannot be measured because cells the method needs are empty: reported in its own
        /// row as `not_available` with the reason, as published tables do, never dropped.
        public static func notAvailable(series: String, reason: String) -> RowResult {
            RowResult(series: series, progressValue: nil, status: .notAvailable, score: nil, result: nil, reason: reason)
        }

        /// The measure's warnings, or the reason the row could not be measured.
        public var warnings: [String] { result?.warnings ?? reason.map { [$0] } ?? [] }

        /// The row for CSV output, unquoted (the writer quotes). Numbers are printed in full (Swift's
        /// shortest round-trip form) so the output can be compared with published figures; missing
        /// numbers are empty; warnings are joined with "; ".
        public var csvFields: [String] {
            func number(_ value: Double?) -> String { value.map { "\($0)" } ?? "" }
            return [
                series, number(progressValue), status.rawValue, number(score), number(result?.cagrObserved),
                number(result?.cagrRequired), number(result?.boundCoefficient), warnings.joined(separator: "; "),
            ]
        }
    }

    /// True for a result that cannot be shown: not finite, or not finite once shown in % (×100).
    public static func overflows(_ value: Double?) -> Bool {
        value.map { !($0 * 100).isFinite } ?? false
    }

    /// Why a record whose results overflow is not assessed, naming them ("R, CAGR_o").
    public static func overflowReason(_ names: [String]) -> String {
        "the figures are too large or too small to compute with (\(names.joined(separator: ", ")) overflow): not assessed; check the figures and their unit or scale"
    }

    /// Assesses one parsed row with parts 1 and 2 of ASSESSMENT.md.
    public static func assess(_ row: Row, profile: ProgressProfile = .statcan) -> RowResult {
        let result = measure(
            baseYear: row.baseYear, baseValue: row.baseValue, currentYear: row.currentYear,
            currentValue: row.currentValue, targetYear: row.targetYear, targetValue: row.target,
            direction: row.direction, limit: row.limit, profile: profile
        )
        // An overflowing result (figures of 1e300) measures nothing: not_available with the reason,
        // never `inf` in progress_value or a status resting on it.
        let overflowing = [("R", result.progressValue), ("CAGR_o", result.cagrObserved), ("CAGR_r", result.cagrRequired),
                           ("score", result.score), ("bound coefficient", result.boundCoefficient)].filter { overflows($0.1) }
        if !overflowing.isEmpty {
            return .notAvailable(series: row.series, reason: overflowReason(overflowing.map(\.0)))
        }
        return RowResult(
            series: row.series, progressValue: result.progressValue, status: result.status, score: result.score,
            result: result, reason: nil
        )
    }

    /// Assesses one CSV-like row keyed by column name (see ``Row/columns``). A row whose needed cells
    /// are empty (say no base value, as in Statistics Canada's published table) is `not_available`
    /// with the reason naming the empty columns; only unreadable text is an error.
    ///
    /// - Throws: ``ProgressMeasureError/invalidField`` naming the column and the text that cannot be read.
    public static func assess(row fields: [String: String], profile: ProgressProfile = .statcan) throws -> RowResult {
        do {
            return assess(try Row(fields: fields), profile: profile)
        } catch let error as ProgressMeasureError where error == .missingField {
            let series = fields.first { $0.key.trimmingCharacters(in: .whitespaces).lowercased() == "series" }?.value
            return .notAvailable(series: series?.trimmingCharacters(in: .whitespaces) ?? "", reason: "\(error.detail): not assessed")
        }
    }
}
