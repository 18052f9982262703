import Foundation
import Testing
@_spi(Fuzzing) @testable import PlanWatchFeeds
import PlanWatchTestSupport

/// A large `value` array is read in pieces on all cores (`CellSplit`). Whatever the cut, the result
/// must be the one-core reading's: the same cells bit for bit, nulls, string cells and count, or the
/// same error (message, offset, line, column and path). Tiny pieces put a cut after nearly every
/// element, so every number shape, every malformed element and every piece of whitespace comes to
/// stand right before or after a cut.
@Suite("Cell arrays read in pieces")
struct CellPiecesTests {
    /// The same document read with `split`, kept and counted, as comparable text (`canonicalText`;
    /// an error prints all its fields).
    static func readings(_ doc: String, split: CellSplit?) -> [String] {
        [true, false].map { (keep: Bool) -> String in
            do throws(JSONSyntaxError) {
                let value = try JSONParser.parse(Data(doc.utf8), keepingCells: keep, split: split)
                return value.canonicalText
            } catch {
                return "error \(error.message) @\(error.offset) \(error.line):\(error.column) \(error.path)"
            }
        }
    }

    /// One `value` element: mostly numbers of the shapes feeds mix and nulls, with whitespace around;
    /// with `malformed`, now and then something the reader must refuse or leave to one core.
    static func element(_ rng: inout JSONNumberTests.SplitMix, malformed: Bool) -> String {
        let space = ["", "", "", " ", "\n", "\t ", "\r\n  "]
        let core: String
        switch Int.random(in: 0..<100, using: &rng) {
        case 0..<12: core = "null"
        case 12..<16: core = ["0", "-0", "0.0", "-0.0", "1e5", "-2.5E-3", "9007199254740993", "4.9e-324", "1e400"].randomElement(using: &rng)!
        case 16..<18 where malformed:
            // Broken numbers and literals, doubled or missing commas, strings, nested values, booleans.
            core = ["1.2.3", "01", "-", "1.", ".5", "1e", "+1", "nul", "nulll", "NaN", "1,,2", "", "\"7\"", "\"..\"", "\"]\"",
                    "[1]", "{}", "true", "1 2", "0x10", "1e+", "--1"].randomElement(using: &rng)!
        default: core = JSONNumberTests.randomNumbers(1, seed: UInt64.random(in: 0..<UInt64.max, using: &rng))[0]
        }
        return space.randomElement(using: &rng)! + core + space.randomElement(using: &rng)!
    }

    /// Random arrays of 1 to 400 elements, about one in three with a malformed element somewhere
    /// (often at a cut), read with pieces of 1 to 64 bytes and with the standard cut: the same as one core.
    @Test func piecesReadLikeOneCore() async throws {
        let mismatches = try await offPool { () -> [String] in
            var rng = JSONNumberTests.SplitMix(state: 20261202)
            var found: [String] = []
            for round in 0..<600 {
                let count = Int.random(in: 1...400, using: &rng)
                let malformed = round % 3 == 0
                var cells = (0..<count).map { _ in Self.element(&rng, malformed: false) }
                if malformed { cells[Int.random(in: 0..<count, using: &rng)] = Self.element(&rng, malformed: true) }
                let ending = ["]", "]", " ]", ",]", "", "] ", "]x"].randomElement(using: &rng)!
                let doc = "{\"value\":[" + cells.joined(separator: ",") + ending + ",\"status\":{\"1\":\"e\"}}"
                let oneCore = Self.readings(doc, split: nil)
                for split in [CellSplit(minBytes: 0, pieceBytes: 1), CellSplit(minBytes: 0, pieceBytes: Int.random(in: 2...64, using: &rng)),
                              CellSplit(minBytes: 8, pieceBytes: 16), CellSplit.standard].compactMap({ $0 }) {
                    let pieces = Self.readings(doc, split: split)
                    if pieces != oneCore {
                        found.append("round \(round), pieces of \(split.pieceBytes): \(doc.prefix(300))\n  one core: \(oneCore.map { $0.prefix(200) })\n  pieces:   \(pieces.map { $0.prefix(200) })")
                    }
                }
            }
            return found
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, first: \(mismatches.first ?? "")")
    }

    /// String cells (several, so their order counts) send the array to one core: the same cells.
    @Test func stringCellsReadLikeOneCore() throws {
        let cells = (0..<300).map { $0 % 7 == 0 ? "\"A\($0)B\"" : $0 % 5 == 0 ? "\"..\"" : "\($0).5" }
        let doc = "{\"value\":[" + cells.joined(separator: ",") + "]}"
        let readings = Self.readings(doc, split: CellSplit(minBytes: 0, pieceBytes: 8))
        #expect(readings == Self.readings(doc, split: nil))
        #expect(readings[0].contains("7=\"A7B\"") && readings[0].contains("5=\"..\""))
    }

    /// A cut falls on every comma: each element is a piece of its own. Sums, counts and errors.
    @Test func everyCommaACut() throws {
        let split = CellSplit(minBytes: 0, pieceBytes: 1)
        let good = "{\"value\":[1, null ,-2.5e3,\n0.125,null,7]}"
        let parsed = try JSONParser.parse(Data(good.utf8), keepingCells: true, split: split)
        guard case .cells(let c)? = parsed["value"] else { Issue.record("not cells"); return }
        #expect(c.numbers.count == 6 && c.nulls == 2 && c.numbers[2] == -2500 && c.numbers[3] == 0.125)
        let counted = try JSONParser.parse(Data(good.utf8), keepingCells: false, split: split)
        guard case .cells(let k)? = counted["value"] else { Issue.record("not cells"); return }
        #expect(k.count == 6 && k.nulls == 2)
        // A doubled comma right at a cut, a broken number in the last piece, a trailing comma: the one-core error.
        for bad in ["{\"value\":[1,,2]}", "{\"value\":[1,2,3.]}", "{\"value\":[1,2,]}", "{\"value\":[1,2 3]}"] {
            #expect(Self.readings(bad, split: split) == Self.readings(bad, split: nil), "\(bad)")
            #expect(Self.readings(bad, split: split)[0].hasPrefix("error"), "\(bad)")
        }
    }
}
