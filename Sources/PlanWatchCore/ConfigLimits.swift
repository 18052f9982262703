import Foundation

/// The accepted range of every number read from a config or plan file. A value outside its range is a
/// located problem at load time (`planwatch validate` lists it), so no later conversion (seconds to
/// curl's milliseconds, years to a loop, bytes to a buffer) can overflow or run for days.
/// Documented in docs/FETCH.md (source settings) and docs/PLAN-FORMAT.md (years).
public enum ConfigLimits {
    /// `timeout.connect`, seconds.
    public static let connectTimeout: ClosedRange<Double> = 0.001...600
    /// `timeout.total`, seconds for one attempt: at most a day.
    public static let totalTimeout: ClosedRange<Double> = 0.001...86_400
    /// `retries` after the first attempt.
    public static let retries: ClosedRange<Int> = 0...20
    /// `max_bytes`: the body is held in memory, so at most 2 GiB.
    public static let maxBytes: ClosedRange<Int> = 1...(1 << 31)
    /// `pagination.max_pages`: pages of one source; each is fetched and held in memory.
    public static let maxPages: ClosedRange<Int> = 1...10_000
    /// `max_stale`, seconds: at most ten years (3650 days).
    public static let maxStale: ClosedRange<Double> = 0...(3650 * 86_400)
    /// `mapping.scale`: a unit factor (0.0001 for 万元 → 亿元), never zero or negative.
    public static let scale: ClosedRange<Double> = 1e-12...1e12
    /// Plan years (start, end, baseline, target).
    public static let year: ClosedRange<Int> = 1900...2100
    /// Plan figures (baseline and target values, limits): finite and below 10^15 in magnitude, so that
    /// growth ratios and projections stay finite.
    public static let figure: ClosedRange<Double> = -1e15...1e15
    /// `schedule --stop-timeout`, seconds a running job may take after a stop signal: at most a day.
    public static let stopTimeout: ClosedRange<Double> = 0...86_400
    /// `history --limit`, runs listed.
    public static let historyLimit: ClosedRange<Int> = 1...100_000
    /// `run --width`, terminal columns.
    public static let width: ClosedRange<Int> = 20...1000

    /// `0.001...86400` as text for messages: whole numbers without a fraction.
    static func describe<T: Comparable & CustomStringConvertible>(_ range: ClosedRange<T>) -> String {
        "\(number(range.lowerBound)) to \(number(range.upperBound))"
    }

    static func number<T: CustomStringConvertible>(_ value: T) -> String {
        if let double = value as? Double, double.rounded() == double, abs(double) < 1e15 {
            return String(Int64(double))
        }
        return value.description
    }
}
