import Foundation
import PlanWatchCore

/// Range checks for numeric command-line options, made before any work starts. Each such option is
/// declared with `parsing: .unconditional`, so that a negative value (`--limit -1`) reaches this
/// check instead of being read as an option name ("Missing value for --limit").
enum OptionRange {
    /// `value` of option `name` (e.g. "--limit") when it lies in `range`, else exit 2 saying what to give.
    static func checked<T: Comparable & CustomStringConvertible>(_ name: String, _ value: T, in range: ClosedRange<T>, what: String) throws -> T {
        guard range.contains(value) else {
            throw CLIExit.configuration("\(name) \(value): out of range; give \(what) from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// A number of seconds: finite (nan and inf parse as numbers) and within `range`.
    static func seconds(_ name: String, _ value: Double, in range: ClosedRange<Double>) throws -> Double {
        guard value.isFinite else {
            throw CLIExit.configuration("\(name) \(Self.text(value)): not a number of seconds; give seconds from \(Self.text(range.lowerBound)) to \(Self.text(range.upperBound))")
        }
        guard range.contains(value) else {
            throw CLIExit.configuration("\(name) \(Self.text(value)): out of range; give seconds from \(Self.text(range.lowerBound)) to \(Self.text(range.upperBound))")
        }
        return value
    }

    private static func text(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
