import Foundation
import Testing
@testable import ReportKit
@Test func periodParses() { #expect(Period(parsing: "2024M03") == Period(year: 2024, month: 3)) }

/// `IndicatorSections.day` (retrieval dates in every table) reads as the `yyyy-MM-dd` formatter it replaced.
@Suite struct RetrievalDayTests {
    @Test func dayMatchesTheFormatter() {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd"
        var generator = SystemRandomNumberGenerator()
        // Whole seconds plus a part below 0.99: the ICU formatter rounded up within the last
        // millisecond or two of a second, the style cuts off (23:59:59.9996 is still that day).
        let seconds = (0..<2_000).map { _ in
            Double(Int.random(in: -2_000_000_000...4_000_000_000, using: &generator)) + Double.random(in: 0..<0.99, using: &generator)
        } + [0, -0.5, 86_399.9, 1_767_225_600]
        for s in seconds {
            let date = Date(timeIntervalSince1970: s)
            #expect(IndicatorSections.day(date) == f.string(from: date), "\(s)")
        }
    }
}

/// The figures quoted in explanations read as Foundation's `String(format:)` wrote them.
@Suite struct ReportTextTests {
    @Test func printfMatchesFoundation() {
        var generator = SystemRandomNumberGenerator()
        var values: [Double] = [0, -0.0, 0.5, 1.5, 2.5, 1e15, 999_999.5, 1e-7, 123456.789, 0.045, 2.675, 1e300, -1.7976931348623157e308, 5e-324]
        for _ in 0..<5_000 {
            values.append(Double.random(in: -1e7...1e7, using: &generator))
            values.append(Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &generator)))
        }
        for value in values where value.isFinite {
            for format in ["%.0f", "%.6g", "%.3f%%"] {
                #expect(value.printf(format) == String(format: format, value), "\(value) \(format)")
            }
        }
    }
}
