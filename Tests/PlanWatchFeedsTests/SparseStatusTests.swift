import Foundation
import ReportKit
import Testing
@testable import PlanWatchFeeds

/// A sparse JSON-stat `status` (cell index → code) is read by the scanner into `SparseCodes` instead of
/// an object of strings. It must mean exactly what the object means: the same code per cell (the later
/// entry wins where a cell is named twice), the same counts, the same rows, and any object the fast
/// path does not take is still read, or refused, as before.
@Suite("Sparse status codes")
struct SparseStatusTests {
    static func payload(_ json: String) -> Payload { Payload(sourceID: "s", data: Data(json.utf8), location: "t.json") }

    /// A dataset of `cells` cells (a multiple of 20: regions × the years 2001-2020, every fifth
    /// cell null) with `status` as given. Cell k is region R(k / 20), year 2001 + k % 20.
    static func dataset(cells: Int, status: String) -> String {
        let regions = (0..<cells / 20).map { "\"R\($0)\"" }.joined(separator: ",")
        let years = (2001...2020).map { "\"\($0)\"" }.joined(separator: ",")
        let values = (0..<cells).map { $0 % 5 == 0 ? "null" : "\($0).5" }.joined(separator: ",")
        return #"{"class":"dataset","id":["geo","time"],"size":["# + "\(cells / 20),20" + #"],"dimension":{"geo":{"category":{"index":["#
            + regions + #"]}},"time":{"category":{"index":["# + years + #"]}}},"value":["# + values + #"],"status":"# + status + "}"
    }

    /// The cell index of a visited cell.
    static func index(_ cell: FeedCell) -> Int { cell.coordinates[0] * 20 + cell.coordinates[1] }

    /// Entries out of order and repeated, as a hand-edited or merged file may have them: each cell's
    /// code, the tallies, the rows and the observations agree with a dictionary filled in document order.
    @Test func unorderedAndRepeatedEntriesMeanWhatADictionaryWould() throws {
        var entries: [(Int, String)] = []
        var rng = JSONNumberTests.SplitMix(state: 99)
        for _ in 0..<3000 {
            entries.append((Int.random(in: 0..<2000, using: &rng), ["e", "p", "c", "b", "ep", "u", "d", "PROV1234"].randomElement(using: &rng)!))
        }
        entries.append((5000, "e"))   // past the last cell: kept in the object, counted nowhere
        var want: [Int: String] = [:]
        for (k, code) in entries { want[k] = code }
        let status = "{" + entries.map { "\"\($0.0)\" : \"\($0.1)\"" }.joined(separator: ",\n") + "}"
        let json = Self.dataset(cells: 2000, status: status)
        let root = try JSONParser.parse(Data(json.utf8))
        guard case .codes(let codes)? = root["status"] else { Issue.record("status not read as codes"); return }
        #expect(codes.count == entries.count && !codes.isSorted)
        #expect(root["status"]?.objectValue?.keys == entries.map { String($0.0) }, "the object form keeps document order")
        #expect(root["status"]?[String(entries[0].0)]?.stringValue == entries.first { $0.0 == entries[0].0 }?.1)

        let t = try JSONStatDecoder().table(Self.payload(json))
        guard case .codes(let sorted)? = t.cube?.status else { Issue.record("cube status is not codes"); return }
        #expect(sorted.isSorted && sorted.count == want.count)
        var seen: [Int: String] = [:]
        t.forEachCell { cell in
            let index = Self.index(cell)
            if let s = cell.status { seen[index] = s }
            #expect(cell.status == t.cube?.status(at: index), "cell \(index): cursor and search differ")
        }
        #expect(seen == want.filter { $0.key < 2000 })
        var tally: [String: Int] = [:]
        for (k, code) in want where k < 2000 { tally[code, default: 0] += 1 }
        #expect(t.statusCounts == tally)
        let decoded = try JSONStatDecoder().decode(Self.payload(json), mapping: FeedMapping())
        #expect(decoded.observations.count == 2000)
        for o in decoded.observations {
            let k = Int(o.region.dropFirst())! * 20 + o.period.year - 2001
            let expected = want[k] ?? (k % 5 == 0 ? "missing" : nil)
            #expect(o.status == expected, "year \(o.period.year)")
        }
    }

    /// Objects the fast path leaves to the ordinary reader: keys that are not cell indices, values
    /// that are not short ASCII strings, escapes, an empty object, more than 256 distinct codes. They
    /// read as objects, and the decoder treats them exactly as before (a key that is no cell index is
    /// still an error naming it).
    @Test func otherObjectsAreReadAsObjects() throws {
        let many = "{" + (0..<300).map { "\"\($0)\":\"c\($0)\"" }.joined(separator: ",") + "}"
        let cases: [(String, [Int: String]?)] = [
            (#"{"01":"e","2":"p"}"#, [1: "e", 2: "p"]),             // a leading zero (the decoder reads it as 1)
            (#"{"x":"e"}"#, nil),
            (#"{"1":"e","2":5}"#, [1: "e", 2: "5"]),                // a number as code
            (#"{"1":"e","2":"\u0063"}"#, [1: "e", 2: "c"]),          // an escape
            (#"{"1":"保密"}"#, [1: "保密"]),                          // not ASCII
            (#"{"1":"estimated"}"#, [1: "estimated"]),              // longer than eight bytes
            (#"{"99999999999":"e"}"#, [:]),                          // beyond 2^31 (and past the last cell)
            (#"{"-1":"e"}"#, nil),                                   // no cell index
            ("{}", [:]),
            (many, Dictionary(uniqueKeysWithValues: (0..<300).map { ($0, "c\($0)") })),
        ]
        for (status, want) in cases {
            let json = Self.dataset(cells: 300, status: status)
            let root = try JSONParser.parse(Data(json.utf8))
            guard case .object? = root["status"] else { Issue.record("\(status.prefix(40)): not read as an object"); continue }
            let result = Result { try JSONStatDecoder().table(Self.payload(json)) }
            switch (result, want) {
            case (.success(let t), let want?):
                var seen: [Int: String] = [:]
                t.forEachCell { if let s = $0.status { seen[Self.index($0)] = s } }
                #expect(seen == want, "\(status.prefix(40))")
            case (.failure(let error), nil):
                #expect("\(error)".contains("sparse `status` key must be a cell index"), "\(error)")
            default:
                Issue.record("\(status.prefix(40)): \(result)")
            }
        }
    }

    /// A syntax error inside a status object is reported by the ordinary reader with its path, as before.
    @Test func syntaxErrorsInStatusNameThePlace() throws {
        for (status, path) in [(#"{"1":"e","2":"p",}"#, "$.status"), (#"{"1":"e" "2":"p"}"#, "$.status"), (#"{"1":"e","2":}"#, "$.status[\"2\"]"), ("{\"1\":\"e\",\"2\":\"p\u{01}\"}", "$.status[\"2\"]")] {
            let json = Self.dataset(cells: 20, status: status)
            do {
                _ = try JSONParser.parse(Data(json.utf8))
                Issue.record("\(status) parsed")
            } catch {
                #expect(error.path == path, "\(status): \(error.path) \(error.message)")
            }
        }
    }

    /// Only a key named `status` is read this way; the same object elsewhere stays an object.
    @Test func onlyStatusKeysAreReadAsCodes() throws {
        let root = try JSONParser.parse(Data(#"{"status":{"3":"e","1":"p"},"other":{"3":"e"}}"#.utf8))
        guard case .codes(let c)? = root["status"], case .object? = root["other"] else { Issue.record("\(root)"); return }
        #expect(c[0] == (3, "e") && c[1] == (1, "p") && c.codes == ["e", "p"])
        #expect(root["status"]?["1"]?.stringValue == "p" && root["status"]?["01"] == nil && root["status"]?["2"] == nil)
    }
}
