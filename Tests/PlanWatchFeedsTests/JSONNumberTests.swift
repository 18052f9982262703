import Foundation
import Testing
@testable import PlanWatchFeeds
import PlanWatchTestSupport

/// The scanner's number paths (eight-byte decimal, Clinger, strtod) and the two-core `value` scan
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

    /// A `value` array past `JSONParser.splitBytes` is read on two cores; the same array with one
    /// string cell (which the two-core scan leaves to one core) must give the same cells. Parsed off the
    /// cooperative pool (seconds of CPU on two cores).
    @Test func twoCoreScanMatchesOneCore() async throws {
        let texts = Self.randomNumbers(300_000, seed: 7).enumerated().map { $0.offset % 13 == 0 ? "null" : $0.element }
        let body = texts.joined(separator: ",")
        #expect(body.utf8.count > JSONParser.splitBytes * 2)
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
        // A closing bracket inside a later string, and strings in either half, fall back to one core.
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
}
