import Foundation
import Testing
@_spi(Fuzzing) @testable import PlanWatchFeeds
import PlanWatchTestSupport

/// The scanner's number paths (eight-byte decimal, Clinger, strtod) and the `value` scan in pieces on all cores
/// must give exactly what `Double(String)` gives, and the same cells and errors as one core.
@Suite("JSON numbers and large value arrays")
struct JSONNumberTests {
    /// A seeded generator, so that a failure can be replayed.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static func digits(_ count: Int, _ rng: inout SplitMix, leadingZero: Bool = true) -> String {
        String((0..<count).map { k in
            Character(String(k == 0 && !leadingZero ? Int.random(in: 1...9, using: &rng) : Int.random(in: 0...9, using: &rng)))
        })
    }

    /// Random JSON numbers of every shape: 1–20 integer digits, none or 1–20 fraction digits, leading
    /// zeros after the point, exponents, signs.
    static func randomNumbers(_ count: Int, seed: UInt64) -> [String] {
        var rng = SplitMix(state: seed)
        return (0..<count).map { _ in
            var s = Bool.random(using: &rng) ? "-" : ""
            let intDigits = [1, 1, 2, 3, 5, 6, 7, 7, 8, 9, 15, 16, 20].randomElement(using: &rng)!
            s += Int.random(in: 0..<6, using: &rng) == 0 ? "0" : digits(intDigits, &rng, leadingZero: false)
            let fraction = [0, 0, 1, 2, 2, 3, 6, 7, 8, 12, 17, 20].randomElement(using: &rng)!
            if fraction > 0 {
                s += "." + String(repeating: "0", count: Int.random(in: 0..<4, using: &rng) == 0 ? Int.random(in: 1...6, using: &rng) : 0)
                s += digits(fraction, &rng)
            }
            if Int.random(in: 0..<5, using: &rng) == 0 {
                s += ["e", "E", "e+", "e-", "E-"].randomElement(using: &rng)! + String(Int.random(in: 0...330, using: &rng))
            }
            return s
        }
    }

    static let edgeCases = [
        "0", "-0", "0.0", "-0.0", "0.5", "-0.5", "1", "9", "10", "1234567", "12345678", "9999999.9999999",
        "9999999.99999999", "0.0000001", "0.00000001", "1.7976931348623157e308", "2.2250738585072014e-308",
        "4.9e-324", "1e400", "-1e400", "1e-400", "9007199254740993", "9007199254740992.5", "0.1", "0.2", "0.3",
        "123456.78", "999999.99", "1000000.00", "5081769542379.77", "1.5e3", "1.5E-3", "2.000", "123456789012345678901234567890", "0.30000000000000004", "1.00000000000000011102230246251565404236316680908203125",
    ]

    /// The parsing and the 120,000 comparisons run off the cooperative pool (`offPool`): on two cores a
    /// test that held a pool thread this long would starve the suite's async tests.
    @Test func numbersMatchDoubleFromString() async throws {
        let mismatches = try await offPool { () -> [String] in
            let texts = Self.randomNumbers(20_000, seed: 20261129) + Self.edgeCases
            var found: [String] = []
            // As `value` cells (the fast scanner) and as a plain array (parseValue), each followed by
            // every separator the scanner meets.
            for (k, separator) in [",", " ,", "\n,"].enumerated() {
                let doc = "{\"value\":[" + texts.joined(separator: separator) + "],\"plain\":[" + texts.joined(separator: separator) + "]}"
                let root = try JSONParser.parse(Data(doc.utf8))
                guard case .cells(let cells)? = root["value"], let plain = root["plain"]?.arrayValue,
                      cells.numbers.count == texts.count, plain.count == texts.count else {
                    return ["separator \(k): value not read as \(texts.count) cells, or plain not an array of as many"]
                }
                for (i, text) in texts.enumerated() {
                    let want = Double(text)!.bitPattern
                    if cells.numbers[i].bitPattern != want { found.append("cell \(text) (separator \(k))") }
                    if plain[i].numberValue?.bitPattern != want { found.append("plain \(text) (separator \(k))") }
                }
            }
            return found
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(20))")
    }

    @Test func malformedNumbersStillFail() {
        for text in ["-", "00", "01.5", "1.", "1.e5", "-.5", ".5", "1e", "1e+", "--1", "0x10", "1.5.5"] {
            for doc in ["[\(text)]", "{\"value\":[\(text)]}", "{\"value\":[1,\(text),2]}"] {
                #expect(throws: JSONSyntaxError.self, "\(doc)") { try JSONParser.parse(Data(doc.utf8)) }
            }
        }
    }

    @Test func swarHelpers() {
        func word(_ s: String) -> UInt64 {
            let bytes = Array(s.utf8) + Array(repeating: 0, count: max(0, 8 - s.utf8.count))
            return bytes.withUnsafeBufferPointer { JSONParser.load8($0.baseAddress!) }
        }
        #expect(JSONParser.digitRun(word("12345678")) == 8)
        #expect(JSONParser.digitRun(word("123.4567")) == 3)
        #expect(JSONParser.digitRun(word(",1234567")) == 0)
        #expect(JSONParser.digitRun(word("9/:09\u{FF}\u{FE}0")) == 1)
        // Every byte value at every place after a run of digits (and digits or any byte after it).
        for place in 0..<8 {
            for byte in 0...255 {
                var bytes = Array("31415926".utf8)
                bytes[place] = UInt8(byte)
                if place < 7 { bytes[place + 1] = UInt8((byte * 7) % 256) }
                let isDigit = (0x30...0x39).contains(byte)
                let want = isDigit ? place + 1 + bytes[(place + 1)...].prefix { (0x30...0x39).contains($0) }.count : place
                let got = bytes.withUnsafeBufferPointer { JSONParser.digitRun(JSONParser.load8($0.baseAddress!)) }
                #expect(got == want, "byte \(byte) at \(place)")
            }
        }
        for s in ["0", "7", "42", "999", "1234", "98765", "100000", "9999999", "12345678", "00000001"] {
            #expect(JSONParser.digitsValue(word(s + "]xyzabcd"), count: s.count) == UInt64(s)!, "\(s)")
        }
        let text = Array("a,b,,c\",\u{AC},,,,,,,,\"\",,,,,,x,\u{AC}\"".utf8)
        text.withUnsafeBufferPointer { b in
            for start in 0..<b.count {
                let slice = UnsafeBufferPointer(rebasing: b[start...])
                let found = JSONParser.commasAndQuotes(in: slice)
                #expect(found.commas == slice.filter { $0 == UInt8(ascii: ",") }.count)
                #expect(found.quotes == slice.filter { $0 == UInt8(ascii: "\"") }.count)
            }
        }
    }

    /// A `value` array past `CellSplit.standardBytes` is read in pieces on all cores; the same array with one
    /// string cell (which the reading in pieces leaves to one core) must give the same cells. Parsed off the
    /// cooperative pool (seconds of CPU on two cores).
    @Test func twoCoreScanMatchesOneCore() async throws {
        let texts = Self.randomNumbers(300_000, seed: 7).enumerated().map { $0.offset % 13 == 0 ? "null" : $0.element }
        let body = texts.joined(separator: ",")
        #expect(body.utf8.count > CellSplit.standardBytes * 2)
        let fallbackDocs = ["{\"value\":[\(body),\"]\"]}", "{\"value\":[\"a\",\(body)]}", "{\"value\":[\(body)],\"x\":\"]\"}"]
        let (twoCores, oneCore, fallbacks) = try await offPool {
            (try JSONParser.parse(Data("{\"value\":[\(body)],\"status\":{\"3\":\"e\"}}".utf8)),
             try JSONParser.parse(Data("{\"value\":[\(body),\"x\"],\"status\":{\"3\":\"e\"}}".utf8)),
             try fallbackDocs.map { try JSONParser.parse(Data($0.utf8)) })
        }
        guard case .cells(let a)? = twoCores["value"], case .cells(let b)? = oneCore["value"] else {
            Issue.record("value is not read as cells"); return
        }
        #expect(a.numbers.count == texts.count && b.numbers.count == texts.count + 1)
        #expect(a.nulls == texts.filter { $0 == "null" }.count && b.nulls == a.nulls + 1)
        #expect(a.texts.isEmpty && b.texts == [texts.count: "x"])
        #expect(zip(a.numbers, b.numbers).allSatisfy { $0.bitPattern == $1.bitPattern })
        #expect(twoCores["status"]?["3"]?.stringValue == "e")
        // A closing bracket inside a later string, and strings in any piece, fall back to one core.
        for parsed in fallbacks {
            guard case .cells(let c)? = parsed["value"] else { Issue.record("not cells"); return }
            #expect(c.numbers.count >= texts.count)
        }
    }

    /// Errors in a large array name the same place as in a small one (read on one core): "1.2.3" is
    /// read as the number 1.2, so the unexpected '.' is where the next cell should start.
    @Test func twoCoreScanErrorsNameTheElement() async throws {
        let cells = Array(repeating: "123456.78", count: 200_000)
        /// The parser's error for `cells`, or nil when it parsed: computed off the cooperative pool.
        func failure(_ cells: [String]) async throws -> JSONSyntaxError? {
            let doc = "{\"value\":[" + cells.joined(separator: ",") + "]}"
            return try await offPool { () -> JSONSyntaxError? in
                do { _ = try JSONParser.parse(Data(doc.utf8)); return nil } catch let e as JSONSyntaxError { return e }
            }
        }
        for bad in [10, 150_000] {
            var broken = cells
            broken[bad] = "1.2.3"
            let large = try #require(try await failure(broken))
            let small = try #require(try await failure(Array(broken[(bad - 10)...(bad + 10)])))
            #expect(large.path == "$.value[\(bad + 1)]" && small.path == "$.value[11]")
            #expect(large.message == small.message, "\(large.message)")
        }
        let nested = "{\"value\":[" + cells.joined(separator: ",") + ",[1]]}"
        let parsed = try await offPool { try JSONParser.parse(Data(nested.utf8)) }
        guard case .array(let a)? = parsed["value"] else { Issue.record("not an array"); return }
        #expect(a.count == cells.count + 1)
    }

    @Test func missingCountIsCountedWhileReading() throws {
        let doc = "{\"class\":\"dataset\",\"id\":[\"t\"],\"size\":[5],\"dimension\":{\"t\":{\"category\":{\"index\":[\"2020\",\"2021\",\"2022\",\"2023\",\"2024\"]}}},\"value\":[1,null,\"..\",\"4\",null]}"
        let t = try JSONStatDecoder().table(Payload(sourceID: "s", data: Data(doc.utf8), location: "t.json"))
        #expect(t.cube?.knownMissing == 3 && t.missingCount == 3)
        var changed = t
        changed.cube?.numbers[0] = .nan
        #expect(changed.cube?.knownMissing == nil && changed.missingCount == 4)
    }

    /// The shapes real feeds mix, read by the general path (Clinger, Eisel-Lemire, `strtod`): each must
    /// give exactly `Double(String)`, as a `value` cell and as a plain value, at the end of the input too.
    static let awkwardShapes = [
        // exponents, both cases and signs
        "1e5", "1E5", "1e+5", "1e-5", "-1.5e-3", "2.5E+07", "6.02214076e23", "1.602176634e-19", "9.99e307", "1e308",
        "1.7976931348623157e308", "1.7976931348623158e308", "1e-7", "-1e-7", "1.0e-7", "0.0000001", "1e-22", "1e22", "1e23", "8.5e-23",
        // negative numbers and zeros
        "-0", "-0.0", "-0e5", "0e-400", "-0.000", "0.000", "-42", "-3.25", "-999999.999999",
        // 16 and 17 significant digits (raw doubles printed in full)
        "0.1234567890123456", "0.30000000000000004", "66186.65441135374", "418.6152120701153", "1.1648583093006948",
        "0.00048435329892113565", "458333791.7326277", "2.2250738585072014e-308", "123456789.12345678",
        "-9007199254740.993", "4503599627370495.5", "4503599627370496.5", "4503599627370497.5",
        // integers above 2^53, up to 19 digits and beyond
        "9007199254740993", "9007199254740995", "18014398509481985", "9223372036854775807", "9223372036854775808",
        "18446744073709551615", "18446744073709551616", "99999999999999999999", "1234567890123456789012",
        // halfway cases that round to even, and 19-digit mantissas with exponents
        "9007199254740992.5", "1.00000000000000011102230246251565404236316680908203125", "7.2057594037927933e16",
        "1.234567890123456789e-300", "9.999999999999999999e307", "1234567890123456789e-20",
        // subnormals and underflow (the `strtod` path)
        "4.9e-324", "2.4703282292062327e-324", "2.4703282292062328e-324", "2.2250738585072011e-308", "1e-320", "1e-400",
        // plain decimals of every length around the eight-byte fast path
        "1234567", "12345678", "123456789", "1234567.1234567", "1234567.12345678", "0.12345678", "10000000.5",
    ]

    @Test func awkwardShapesMatchDoubleFromString() throws {
        for text in Self.awkwardShapes {
            let want = try #require(Double(text)).bitPattern
            // (document, where the number is): a cell alone, between others, with a space, a plain array, the whole document.
            let places: [(String, (JSONValue) -> Double?)] = [
                ("{\"value\":[\(text)]}", { $0["value"]?.arrayValue?[0].numberValue }),
                ("{\"value\":[1,\(text),2]}", { $0["value"]?.arrayValue?[1].numberValue }),
                ("{\"value\":[\(text) ]}", { $0["value"]?.arrayValue?[0].numberValue }),
                ("[\(text),1]", { $0.arrayValue?[0].numberValue }),
                (text, { $0.numberValue }),
            ]
            for (doc, read) in places {
                let got = read(try JSONParser.parse(Data(doc.utf8)))
                #expect(got?.bitPattern == want, "\(text) in \(doc): \(got.map { String($0) } ?? "nil")")
            }
        }
    }

    /// Eisel-Lemire on its own, against `Double(String)`, over every decimal exponent it serves and
    /// mantissas of 1 to 19 digits (random, and the extremes 1 and 10^19 - 1).
    @Test func eiselLemireMatchesDoubleFromString() throws {
        var rng = SplitMix(state: 42)
        for q in -345...312 {
            var mantissas: [UInt64] = [1, 9, 10_000_000_000_000_000_000 - 1, 9_007_199_254_740_993]
            for _ in 0..<30 {
                let digits = Int.random(in: 1...19, using: &rng)
                mantissas.append(UInt64(Self.digits(digits, &rng, leadingZero: false))!)
            }
            for w in mantissas {
                let want = try #require(Double("\(w)e\(q)"))
                if let got = EiselLemire.double(w, q, negative: false) {
                    #expect(got.bitPattern == want.bitPattern, "\(w)e\(q)")
                    #expect(EiselLemire.double(w, q, negative: true)?.bitPattern == (-want).bitPattern)
                } else {
                    #expect(want < 2.2250738585072014e-308, "\(w)e\(q) is normal, yet left to strtod")
                }
            }
        }
    }

    /// Random numbers of 15 to 19 significant digits, the shapes the Eisel-Lemire path reads.
    @Test func longMantissasMatchDoubleFromString() throws {
        var rng = SplitMix(state: 20261202)
        let texts: [String] = (0..<20_000).map { _ in
            let digits = Self.digits(Int.random(in: 15...19, using: &rng), &rng, leadingZero: false)
            let point = Int.random(in: 0...digits.count, using: &rng)
            var s = (Bool.random(using: &rng) ? "-" : "")
            s += point == 0 ? "0." + digits : (point == digits.count ? digits : String(digits.prefix(point)) + "." + digits.dropFirst(point))
            if Int.random(in: 0..<3, using: &rng) == 0 { s += "e" + String(Int.random(in: -320...300, using: &rng)) }
            return s
        }
        let root = try JSONParser.parse(Data(("{\"value\":[" + texts.joined(separator: ",") + "]}").utf8))
        guard case .cells(let cells)? = root["value"] else { Issue.record("value is not read as cells"); return }
        for (k, text) in texts.enumerated() {
            #expect(cells.numbers[k].bitPattern == Double(text)!.bitPattern, "\(text)")
        }
    }

    /// The fast path reads eight bytes at a time and needs them to be there: a number that ends 0 to 12
    /// bytes before the end of the input (the last cell of a file, a whole-document number) must read
    /// the same as one in the middle, whichever path takes it. Shapes of every part length the fast
    /// path steps through (8, 16 and 19 digits, zeros after the point, 1-4 exponent digits).
    @Test func numbersNearTheEndOfTheInput() throws {
        let shapes = Self.awkwardShapes + Self.edgeCases + [
            "12345678", "1234567890123456", "1234567890123456789", "-1234567890123456789", "12345678.12345678",
            "0.0000000000000000001234567890123456789", "0.00000000", "1.00000000", "123e4567", "1e0400", "1e+0022",
            "2.5e-0003", "1.5e10000", "-0e-0", "9223372036854775807.5", "0.1e1", "100000000000000000000e-2",
        ] + Self.randomNumbers(2_000, seed: 11)
        for text in shapes {
            let want = try #require(Double(text)).bitPattern
            for pad in 0...12 {
                let spaces = String(repeating: " ", count: pad)
                let whole = try JSONParser.parse(Data((text + spaces).utf8)).numberValue
                let cell = try JSONParser.parse(Data(("{\"value\":[" + text + spaces + "]}").utf8))["value"]?.arrayValue?[0].numberValue
                #expect(whole?.bitPattern == want && cell?.bitPattern == want, "\(text) + \(pad) spaces")
            }
        }
    }

    /// Number reading stays strict on the general path too: no hex, no decimal comma, no bare point.
    @Test func generalPathStaysStrict() {
        for text in ["0x1F", "1.e5", "1e", "1e+", "-", "-e5", "012345678901234567", "1.2345678901234567890.5", "1E5.5", "+1"] {
            #expect(throws: JSONSyntaxError.self, "\(text)") { try JSONParser.parse(Data("[\(text)]".utf8)) }
        }
    }
}
