import Foundation
import Testing
import ReportKit
@testable import PlanWatchFeeds

/// Every payload in ../shared/fixtures/feeds against the independent reading of Scripts/feeds-reference.py.
struct ConformanceCase: CustomTestStringConvertible, Sendable {
    let file: String
    let entry: [String: JSONValueBox]
    var testDescription: String { file }

    static let all: [ConformanceCase] = {
        guard let data = try? Data(contentsOf: Paths.reference), let root = try? JSONParser.parse(data).objectValue else { return [] }
        return root.members.map { ConformanceCase(file: $0.0, entry: ($0.1.objectValue?.members).map { Dictionary(uniqueKeysWithValues: $0.map { ($0.0, JSONValueBox($0.1)) }) } ?? [:]) }
    }()
}

struct JSONValueBox: @unchecked Sendable { let value: JSONValue; init(_ v: JSONValue) { value = v } }

@Suite("Conformance with the shared fixtures")
struct ConformanceTests {
    @Test func sharedFixturesPresentOrSkipped() {
        if !Paths.sharedAvailable {
            print("NOTICE: \(Paths.shared.path) is absent; conformance tests are skipped")
        }
        #expect(ConformanceCase.all.count >= 40, "Reference/expected.json lists the shared payloads")
    }

    @Test(.enabled(if: Paths.sharedAvailable, "needs ../shared/fixtures/feeds"), arguments: ConformanceCase.all)
    func payloadMatchesReference(_ c: ConformanceCase) throws {
        let format = try #require(c.entry["format"]?.value.stringValue)
        let p = try payload(Paths.shared.appendingPathComponent(c.file))
        if let kind = c.entry["error"]?.value.stringValue {
            let error = try #require(decodeError { _ = try Inspection.inspect(p, format: format) }, "\(c.file) should fail with a \(kind) error")
            #expect(error.kind.rawValue == kind, "\(error)")
            #expect(error.sourceID == "test")
            if let fragment = c.entry["message"]?.value.stringValue, kind == "provider" {
                #expect(error.message.contains(fragment), "\(error.message) should contain \(fragment)")
            }
            if c.file.contains("truncated") {
                #expect(error.position?.contains("$.data.dataSets[0]") == true, "\(error)")
            }
            return
        }
        let inspection = try Inspection.inspect(p, format: format)
        let s = inspection.summary
        #expect(s.observationCount == c.entry["observations"]?.value.intValue)
        #expect(s.missingCount == c.entry["missing"]?.value.intValue)
        if let rows = c.entry["pyjstat_rows"]?.value.intValue, s.observationCount > 0 {
            #expect(rows == s.observationCount, "pyjstat reads \(rows) rows")
        }
        let expectedSum = c.entry["sum"]?.value.numberValue ?? 0
        var sum = 0.0
        for t in inspection.tables { t.forEachCell { sum += $0.value ?? 0 } }
        #expect(close(sum, expectedSum), "sum \(sum) vs reference \(expectedSum)")
        let cells = cellIndex(inspection.tables)
        for sample in c.entry["samples"]?.value.arrayValue ?? [] {
            let coords = sample["coordinates"]?.objectValue?.members.map { "\($0.0)=\($0.1.scalarText ?? "")" }.sorted().joined(separator: "|") ?? ""
            if coords.isEmpty { continue }  // no dimensions (a lone measure column): cells are not addressable
            let value = sample["value"]?.numberValue
            let got = cells[coords]
            #expect(got != nil, "no cell \(coords)")
            if let got, let value { #expect(got.map { close($0, value) } == true, "\(coords): \(String(describing: got)) vs \(value)") }
        }
        if c.entry["warning"] != nil { #expect(s.warnings.contains { $0.contains("href") }, "\(s.warnings)") }
        // Mapping never crashes on real payloads and keeps the counts it can.
        let decoded = try FeedDecoders.decoder(for: format)!.decode(p, mapping: FeedMapping())
        #expect(decoded.observations.count <= s.observationCount)
        // --rows CSV: header plus one line per cell.
        let lines = inspection.csv().split(separator: "\n").count
        let headers = lines - s.observationCount
        #expect(headers >= (inspection.tables.isEmpty ? 0 : 1) && headers <= inspection.tables.count)
    }
}
