import Foundation
import ReportKit
import Testing
@testable import PlanWatchFeeds

/// A JSON-stat or Eurostat answer with a dimension of size 0. An empty time dimension (periods asked
/// for that are not published yet) is a valid empty answer: 0 observations and a warning naming the
/// dimension. Any other empty Eurostat dimension is an unknown filter value: a mapping error.
@Suite("Dimensions of size 0")
struct EmptyDimensionTests {
    /// Eurostat `une_rt_m` asked with `sinceTimePeriod=2026-09`, after the last published month
    /// (2026-08): the structure of the real answer in ../shared/fixtures/feeds/eurostat, with every
    /// filter known and the time dimension empty.
    static let fixtureName = "eurostat_since_after_last_size0_time.json"

    @Test(arguments: ["eurostat", "jsonstat"])
    func emptyTimeDimensionIsZeroObservationsAndAWarning(format: String) throws {
        let payload = try fixture(Self.fixtureName)
        let decoder = try #require(FeedDecoders.decoder(for: format))
        let decoded = try decoder.decode(payload, mapping: FeedMapping(indicatorCodes: ["M.SA.TOTAL.PC_ACT.T": "X01"]))
        #expect(decoded.observations.isEmpty)
        let warning = try #require(decoded.warnings.first { $0.message.contains("dimension 'time'") }, "\(decoded.warnings)")
        #expect(warning.severity == .warning && warning.message.contains("no periods"))
        #expect(warning.location.hasSuffix("#$.dimension.time"))
        // Nothing guesses a cause that does not apply.
        #expect(!decoded.warnings.contains { $0.message.contains("not known") })

        let inspection = try Inspection.inspect(payload, format: format)
        #expect(inspection.summary.observationCount == 0 && inspection.summary.missingCount == 0)
        #expect(inspection.summary.datasets.first?.dimensions.first { $0.id == "time" }?.size == 0)
        #expect(inspection.summary.warnings.contains { $0.contains("dimension 'time' (Time) has no periods") })
    }

    /// The same answer built from the real fixture, when the shared folder is present.
    @Test func emptyTimeBuiltFromTheRealEurostatAnswer() throws {
        let url = Paths.shared.appendingPathComponent("eurostat/estat_une_rt_m_DE-XX_since2024-01_value-object.json")
        guard FileManager.default.fileExists(atPath: url.path) else {
            print("notice: \(url.path) is absent; the real-structure size-0 test is skipped")
            return
        }
        var root = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        var dims = try #require(root["dimension"] as? [String: Any])
        var time = try #require(dims["time"] as? [String: Any])
        time["category"] = ["index": [String: Int](), "label": [String: String]()]
        dims["time"] = time
        root["dimension"] = dims
        var sizes = try #require(root["size"] as? [Int])
        sizes[sizes.count - 1] = 0
        root["size"] = sizes
        root["value"] = [String: Double]()
        root["status"] = [String: String]()
        let data = try JSONSerialization.data(withJSONObject: root)
        let decoded = try EurostatDecoder().decode(Payload(sourceID: "s", data: data, location: url.lastPathComponent), mapping: FeedMapping())
        #expect(decoded.observations.isEmpty)
        #expect(decoded.warnings.contains { $0.message.contains("dimension 'time'") })
    }

    /// A time dimension of size 0 with a `value` array (plain JSON-stat) reads the same way.
    @Test func emptyTimeWithValueArray() throws {
        let json = #"{"version":"2.0","class":"dataset","id":["indicator","year"],"size":[1,0],"role":{"time":["year"]},"dimension":{"indicator":{"category":{"index":["K01"]}},"year":{"label":"Year","category":{"index":[]}}},"value":[]}"#
        let t = try JSONStatDecoder().table(Payload(sourceID: "s", data: Data(json.utf8), location: "l"))
        #expect(t.cellCount == 0)
        #expect(t.warnings.map(\.message) == ["dimension 'year' (Year) has no periods: no published figure falls in the requested time range, so the answer holds 0 observations"])
    }

    /// An empty non-time dimension in a Eurostat answer stays a mapping error naming it.
    @Test func emptyFilterDimensionIsStillAMappingError() throws {
        var root = try #require(try JSONSerialization.jsonObject(with: fixture(Self.fixtureName).data) as? [String: Any])
        var dims = try #require(root["dimension"] as? [String: Any])
        dims["unit"] = ["label": "Unit of measure", "category": ["index": [String: Int](), "label": [String: String]()]]
        root["dimension"] = dims
        root["size"] = [1, 1, 1, 0, 1, 1, 0]
        let data = try JSONSerialization.data(withJSONObject: root)
        let e = try #require(decodeError { _ = try EurostatDecoder().table(Payload(sourceID: "s", data: data, location: "l")) })
        #expect(e.kind == .mapping && e.message.contains("'unit'"))
    }
}
