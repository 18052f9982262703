import Foundation
import Testing
@testable import PlanWatchRender

/// The renderers' fast paths (scalar-by-scalar widths, one-line wrapping, punctuation tests without
/// Character hashing, the date style) give exactly what the general rules give.
@Suite struct DisplayWidthFastPathTests {
    /// The general rule: one grapheme cluster at a time.
    static func clusterWidth(_ text: String) -> Int { text.reduce(0) { $0 + DisplayWidth.width(of: $1) } }

    // Every canonical decomposition lies below U+30000.
    static var everyScalar: [Unicode.Scalar] { (0...0x2FFFF).compactMap(Unicode.Scalar.init) }

    @Test func standaloneScalarsAreNeitherMarksNorFormatCharacters() {
        for scalar in Self.everyScalar where DisplayWidth.standsAlone(scalar.value) {
            let category = scalar.properties.generalCategory
            #expect(category != .nonspacingMark && category != .enclosingMark && category != .format && category != .spacingMark,
                    "U+\(String(scalar.value, radix: 16))")
            // One scalar is one cluster, also after an ASCII letter and before another standalone scalar.
            #expect("a\(scalar)\u{4E2D}".count == 3, "U+\(String(scalar.value, radix: 16))")
        }
    }

    @Test func stringWidthsAgreeWithClusterWidths() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["a", "Z", " ", "中", "文", "（", "）", "，", "。", "…", "→", "▁", "█", "Ａ", "ｱ", "e\u{301}", "\u{FE0F}",
                      "❤", "👍", "\u{200D}", "\r", "\n", "\r\n", "\u{7}", "\u{85}", "한", "\u{1161}", "\u{20BB7}", "ガ", "%",
                      "\u{1F1E8}", "\u{1F1F3}", "\u{302A}", "\u{3099}", "\u{AD}", "\u{2028}", "–", "“", "”", "·", "±", "²"]
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 0...12, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(DisplayWidth.width(of: text) == Self.clusterWidth(text), "\(text.debugDescription)")
        }
        for scalar in Self.everyScalar.filter({ $0.value < 0x3_0000 }) {
            let text = "x\(scalar)中"
            #expect(DisplayWidth.width(of: text) == Self.clusterWidth(text), "U+\(String(scalar.value, radix: 16))")
        }
    }

    @Test func punctuationTestsAgreeWithTheCharacterSets() {
        for scalar in Self.everyScalar {
            let character = Character(scalar)
            #expect(DisplayWidth.isClosing(character) == DisplayWidth.closing.contains(character), "U+\(String(scalar.value, radix: 16))")
            #expect(DisplayWidth.isOpening(character) == DisplayWidth.openingSet.contains(character), "U+\(String(scalar.value, radix: 16))")
        }
        for text in ["。\u{301}", "（\u{301}", ";\u{301}", "\r\n"] {
            let character = Character(text)
            #expect(DisplayWidth.isClosing(character) == DisplayWidth.closing.contains(character))
            #expect(DisplayWidth.isOpening(character) == DisplayWidth.openingSet.contains(character))
        }
    }

    /// A text that fits comes back as the one line the tokenising wrapper would make of it.
    @Test func oneLineWrappingAgreesWithTheFullRule() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["a", "bc", " ", "  ", "中", "（", "）", "，", "。", "%", "e\u{301}", "\u{301}", "👍", "\u{200B}", "R=0.52", "数据不足"]
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 0...8, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let columns = Int.random(in: 1...30, using: &generator)
            #expect(DisplayWidth.wrap(text, to: columns) == DisplayWidth.wrapLine(text, columns: columns), "\(text.debugDescription) to \(columns)")
        }
    }

    @Test func fixedDecimalsMatchFoundation() {
        var generator = SystemRandomNumberGenerator()
        var values: [Double] = [0, -0.0, 0.5, 1.5, 2.5, -2.5, 0.125, 1e300, -1.7976931348623157e308, 5e-324, 123456.789, 0.045, 2.675]
        for _ in 0..<5_000 {
            values.append(Double.random(in: -1e6...1e6, using: &generator))
            values.append(Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &generator)))
        }
        for value in values where value.isFinite {
            for decimals in 0...12 {
                #expect(Format.fixed(value, decimals: decimals) == String(format: "%.\(decimals)f", value), "\(value) \(decimals)")
            }
        }
    }

    @Test func datesReadAsTheFormattersWrote() {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.formatOptions = [.withInternetDateTime]
        var generator = SystemRandomNumberGenerator()
        // Sub-second parts are cut off; the ICU formatter rounded up within the last millisecond or
        // two of a second (12.9996 read 13), which the style does not: such instants are left out.
        for _ in 0..<2_000 {
            let date = Date(timeIntervalSince1970: Double(Int.random(in: -2_000_000_000...4_000_000_000, using: &generator))
                            + Double.random(in: 0..<0.99, using: &generator))
            #expect(Format.isoDate(date) == formatter.string(from: date), "\(date.timeIntervalSince1970)")
        }
        for seconds in [0, 0.98, 59.5, 86_399.9, 1_767_225_600, -0.5] {
            #expect(Format.isoDate(Date(timeIntervalSince1970: seconds)) == formatter.string(from: Date(timeIntervalSince1970: seconds)))
        }
    }
}
