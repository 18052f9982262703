import Foundation
import ReportKit
import Testing
@testable import PlanWatchFeeds

/// A JSON-stat or Eurostat cell with a status and no value (`c`, confidential) is a missing cell that
/// keeps its status: an observation with `value == nil` and `status == "c"`, and a missing cell in
/// `planwatch inspect`.
@Suite("Status-only cells")
struct StatusOnlyCellTests {
    static func payload(_ json: String) -> Payload { Payload(sourceID: "s", data: Data(json.utf8), location: "t.json") }

    /// Eurostat's sparse form: cell 3 (FR 2024) is absent from `value` and `c` in `status`.
    @Test func eurostatSparseCellKeepsItsStatus() throws {
        let p = try fixture("eurostat_status_ext.json")
        let decoded = try EurostatDecoder().decode(p, mapping: FeedMapping())
        let fr2024 = try #require(decoded.observations.first { $0.region == "FR" && $0.period == Period(year: 2024) })
        #expect(fr2024.value == nil && fr2024.status == "c")
        let inspection = try Inspection.inspect(p, format: "eurostat")
        #expect(inspection.summary.observationCount == 4 && inspection.summary.missingCount == 1)
        #expect(inspection.summary.statusCodes.contains(Inspection.StatusCode(code: "c", label: "confidential", count: 1)))
        #expect(inspection.text.contains("c (confidential) ×1"))
        #expect(inspection.csv().contains("FR,2024,,c,"), "the row has no value and the status")
    }

    /// Every cell withheld: `value` is empty but `status` is not, so the cells exist (not a metadata-only
    /// dataset with zero cells), each missing with its status.
    @Test(arguments: [#""value":{}"#, #""value":[]"#])
    func allCellsWithheld(value: String) throws {
        let json = #"{"version":"2.0","class":"dataset","id":["geo","time"],"size":[1,2],"dimension":{"geo":{"category":{"index":{"DE":0}}},"time":{"category":{"index":{"2023":0,"2024":1}}}},"#
            + value + #","status":{"0":"c","1":"c"},"extension":{"status":{"label":{"c":"confidential"}}}}"#
        for format in ["eurostat", "jsonstat"] {
            let inspection = try Inspection.inspect(Self.payload(json), format: format)
            #expect(inspection.summary.observationCount == 2 && inspection.summary.missingCount == 2, "\(format) \(value)")
            #expect(inspection.summary.statusCodes.map(\.code) == ["c"] && inspection.summary.statusCodes.first?.count == 2)
            let decoded = try #require(FeedDecoders.decoder(for: format)).decode(Self.payload(json), mapping: FeedMapping())
            #expect(decoded.observations.count == 2)
            #expect(decoded.observations.allSatisfy { $0.value == nil && $0.status == "c" })
        }
        // Without any status an empty `value` stays metadata only: zero cells.
        let metadata = json.replacingOccurrences(of: #","status":{"0":"c","1":"c"}"#, with: "")
        #expect(try Inspection.inspect(Self.payload(metadata), format: "jsonstat").summary.observationCount == 0)
    }

    /// The dense forms: a `null` cell with a status from an object, an array, or the 1.x `{value, category}`.
    @Test(arguments: [#"{"1":"c"}"#, #"[null,"c",null]"#, #"["","c",""]"#, #"{"value":{"1":"c"},"category":{"label":{"c":"confidential"}}}"#])
    func denseNullWithStatus(status: String) throws {
        let json = #"{"class":"dataset","id":["time"],"size":[3],"dimension":{"time":{"category":{"index":["2022","2023","2024"]}}},"value":[1.5,null,2],"status":"#
            + status + "}"
        let t = try JSONStatDecoder().table(Self.payload(json))
        #expect(t.cellCount == 3 && t.missingCount == 1)
        #expect(t.statusCounts["c"] == 1)
        let decoded = try JSONStatDecoder().decode(Self.payload(json), mapping: FeedMapping())
        let y2023 = try #require(decoded.observations.first { $0.period == Period(year: 2023) })
        #expect(y2023.value == nil && y2023.status == "c")
        #expect(decoded.observations.first { $0.period == Period(year: 2022) }?.value == 1.5)
    }
}
