import Foundation
import Testing
import ReportKit
@testable import PlanWatchFeeds

@Suite("FORMATS.md traps, on hand-made fixtures")
struct TrapTests {
    @Test func gbkCSVWithPreambleFooterFullWidthAndMarkers() throws {
        let p = try fixture("gbk_preamble_footer.csv")
        #expect(String(validating: p.data, as: UTF8.self) == nil, "the fixture is GB18030, not UTF-8")
        let t = try OfficeCSVDecoder().table(p)
        #expect(t.dimensions.map(\.id) == ["指标", "地区", "时间"])
        #expect(t.dimensions[0].codes == ["地区生产总值(亿元)"])
        #expect(t.dimensions[1].codes == ["北京市", "湖南省", "43"], "footer and U+3000 continuation are not rows")
        #expect(t.cellCount == 9)
        let values = t.records.map(\.value)
        #expect(values[0] == 49670.2, "full-width digits and thousands separators")
        #expect(values[2] == nil && t.records[2].status == "..")
        #expect(values[4] == nil && t.records[4].status == "—")
        #expect(values[5] == -12.5, "full-width minus")
        #expect(values[8] == nil && t.records[8].status == nil, "empty cell is missing without a marker")
        let decoded = try OfficeCSVDecoder().decode(p, mapping: FeedMapping(indicatorCodes: ["地区生产总值(亿元)": "GDP"]))
        #expect(Set(decoded.observations.map(\.region)) == ["110000", "430000"], "names and 2-digit codes become GB/T 2260 codes")
        #expect(decoded.observations.first?.unit == "亿元")
        #expect(decoded.observations.first?.period == Period(year: 2024))
    }

    @Test func badCSVValueNamesLineAndColumn() throws {
        let p = Payload(sourceID: "s", data: Data("地区,2024年\n北京市,abc\n".utf8), location: "f.csv")
        let e = try #require(decodeError { _ = try OfficeCSVDecoder().table(p) })
        #expect(e.position == "line 2, column 2")
        #expect(e.description.contains("source 's' (f.csv)"))
    }

    @Test func jsonstatIndexObjectSizeStringsSparseValueAndStatus() throws {
        let t = try JSONStatDecoder().table(try fixture("jsonstat_traps.json"))
        #expect(t.dimensions.map(\.id) == ["metric", "geo", "time"], "order from id; `unused` ignored")
        #expect(t.dimensions[0].codes == ["POP", "GDP"], "index object ordered by position")
        #expect(t.dimensions[2].codes == ["2023", "2024"])
        #expect(t.cellCount == 12)
        #expect(t.missingCount == 12 - 6)
        let cells = cellIndex([t])
        #expect(cells["geo=43|metric=POP|time=2024"] == .some(2), "string value read as number")
        #expect(cells["geo=CN-44|metric=GDP|time=2023"] == .some(0), "zero is a value, multiplier 10^8 applied")
        #expect(cells["geo=43|metric=GDP|time=2023"] == .some(1.5e8), "unit multiplier applied")
        #expect(t.statusCounts == ["p": 1, "..": 1])
        #expect(t.dimensions[1].role == "geo" && t.dimensions[2].role == "time", "roles inferred from ids")
        let decoded = try JSONStatDecoder().decode(try fixture("jsonstat_traps.json"), mapping: FeedMapping(indicatorCodes: ["GDP": "K01", "NONE": "K99"]))
        #expect(Set(decoded.observations.map(\.indicator)) == ["K01"], "unlisted codes dropped")
        #expect(decoded.warnings.contains { $0.message.contains("'NONE'") }, "listed code with nothing → mapping warning")
        #expect(Set(decoded.observations.map(\.region)) == ["43", "11", "440000"], "non-Chinese feed keeps codes; CN-44 → 440000")
        #expect(decoded.observations.first { $0.dimensions["geo"] == "43" }?.multiplier == 8)
    }

    @Test func pxwebV1WrapperStatusArrayAndNordicQuarters() throws {
        let p = try fixture("pxweb_v1_wrapper.json")
        let t = try PxWebDecoder().table(p)
        #expect(t.cellCount == 2 && t.missingCount == 1)
        #expect(t.statusCounts == ["e": 2], "1-element status array applies to all cells")
        #expect(t.dimensions[1].codes == ["BE0101"], "label-only category")
        let d = try PxWebDecoder().decode(p, mapping: FeedMapping(defaultRegion: "SE"))
        #expect(d.observations.map(\.period) == [Period(year: 2025, quarter: 3), Period(year: 2025, quarter: 4)])
        #expect(d.observations[1].value == nil && d.observations[1].status == "e")
    }

    @Test func pxwebProblemObjectIsProviderError() throws {
        let e = try #require(decodeError { _ = try PxWebDecoder().table(try! fixture("pxweb_problem.json")) })
        #expect(e.kind == .provider)
        #expect(e.message.contains("maxDataCells"))
    }

    @Test func worldBankHTMLWithBOM() throws {
        let p = try payload(Paths.fixtures.appendingPathComponent("worldbank_html_bom.html"), contentType: "text/html; charset=utf-8")
        let e = try #require(decodeError { _ = try WorldBankDecoder().table(p) })
        #expect(e.kind == .malformed)
        #expect(e.message.contains("text/html"))
    }

    @Test func worldBankInBandError() throws {
        let p = Payload(sourceID: "wb", data: Data(#"[{"message":[{"id":"120","key":"Invalid value","value":"bad"}]}]"#.utf8), location: "u")
        let e = try #require(decodeError { _ = try WorldBankDecoder().table(p) })
        #expect(e.kind == .provider && e.message.contains("Invalid value"))
    }

    @Test func sdmxCSVSemicolonDecimalCommaActionsAndMarkers() throws {
        let t = try SDMXCSVDecoder().table(try fixture("sdmx_semicolon.csv"))
        #expect(t.cellCount == 2, "D row deletes FR; the keyless D row is skipped")
        #expect(t.records[0].value == 1500, "decimal comma and UNIT_MULT 3")
        #expect(t.records[0].status == "A" && t.records[0].multiplier == 3)
        #expect(t.records[1].value == nil && t.records[1].status == "M")
    }

    @Test func sdmxJSON2SeriesAttributesAndUnitMult() throws {
        let t = try SDMXJSONDecoder().table(try fixture("sdmxjson2_unitmult.json"))
        #expect(t.dimensions.map(\.id) == ["FREQ", "REF_AREA", "TIME_PERIOD"])
        #expect(t.cellCount == 3 && t.missingCount == 1)
        let cells = cellIndex([t])
        #expect(cells["FREQ=A|REF_AREA=DE|TIME_PERIOD=2023"] == .some(1.5e6))
        #expect(cells["FREQ=A|REF_AREA=FR|TIME_PERIOD=2023"] == .some(2))
        #expect(t.statusCounts == ["A": 1, "E": 1])
    }

    @Test func sdmxJSONBadKeyNamesPath() throws {
        let json = #"{"structure":{"dimensions":{"series":[{"id":"A","values":[{"id":"x"}]}],"observation":[{"id":"TIME_PERIOD","values":[{"id":"2020"}]}]}},"dataSets":[{"series":{"0:3":{"observations":{"0":[1]}}}}]}"#
        let e = try #require(decodeError { _ = try SDMXJSONDecoder().table(Payload(sourceID: "s", data: Data(json.utf8), location: "l")) })
        #expect(e.position == #"$.dataSets[0].series["0:3"]"#)
    }

    @Test func eurostatStatusLabelsAndSizeZero() throws {
        let t = try EurostatDecoder().table(try fixture("eurostat_status_ext.json"))
        #expect(t.statusLabels["c"] == "confidential")
        #expect(t.cellCount == 4 && t.missingCount == 1)
        let zero = #"{"version":"2.0","class":"dataset","id":["unit","time"],"size":[0,1],"dimension":{"unit":{"category":{"index":{}}},"time":{"category":{"index":{"2024":0}}}},"value":{}}"#
        let e = try #require(decodeError { _ = try EurostatDecoder().table(Payload(sourceID: "s", data: Data(zero.utf8), location: "l")) })
        #expect(e.kind == .mapping && e.message.contains("unit"))
    }

    @Test func nbsHasDataFalseIsMissingAndRegionsNormalised() throws {
        let p = try fixture("nbs_small.json")
        let d = try NBSEasyQueryDecoder().decode(p, mapping: FeedMapping(indicatorCodes: ["A01": "K01"]))
        #expect(d.observations.count == 2)
        let jan = try #require(d.observations.first { $0.period == Period(year: 2024) })
        #expect(jan.value == nil && jan.status == "hasdata:false", "hasdata:false with data 0.0 is missing, not zero")
        #expect(jan.region == "430000" && jan.unit == "亿元")
        let e = try #require(decodeError { _ = try NBSEasyQueryDecoder().table(Payload(sourceID: "s", data: Data(#"{"returncode":501,"returndata":"对不起，未能找到符合查询条件的信息。"}"#.utf8), location: "l")) })
        #expect(e.kind == .provider && e.message.contains("对不起"))
    }

    @Test func jsonSyntaxErrorNamesPathLineAndColumn() throws {
        let p = Payload(sourceID: "s", data: Data("{\"dimension\": {\"geo\": [1,\n 2,,]}}".utf8), location: "l")
        let e = try #require(decodeError { _ = try JSONStatDecoder().table(p) })
        #expect(e.kind == .malformed)
        #expect(e.position?.hasPrefix("$.dimension.geo[2]") == true, "\(e)")
        #expect(e.position?.contains("line 2") == true)
    }

    @Test func mappingFiltersScaleAndUnknownDimension() throws {
        let p = try fixture("jsonstat_traps.json")
        let d = try JSONStatDecoder().decode(p, mapping: FeedMapping(scale: 0.5, filters: ["geo": "43"]))
        #expect(Set(d.observations.map(\.region)) == ["43"])
        #expect(d.observations.first { $0.indicator == "POP" && $0.period == Period(year: 2024) }?.value == 1)
        let e = try #require(decodeError { _ = try JSONStatDecoder().decode(p, mapping: FeedMapping(regionDimension: "nope")) })
        #expect(e.kind == .mapping)
    }

    @Test func jsonNumbersParseExactly() throws {
        let v = try JSONParser.parse(Data("[0.1, -2.5e3, 123456789012345678, 1e-7, 5081769542379.77, 0]".utf8))
        let a = v.arrayValue!.map { $0.numberValue! }
        #expect(a == [0.1, -2500, Double("123456789012345678")!, 1e-7, 5081769542379.77, 0])
    }

    @Test func inspectionSummaryAndRows() throws {
        let i = try Inspection.inspect(try fixture("pxweb_v1_wrapper.json"), format: "pxweb")
        #expect(i.summary.observationCount == 2 && i.summary.missingCount == 1)
        #expect(i.summary.statusCodes == [Inspection.StatusCode(code: "e", label: nil, count: 2)])
        #expect(i.csv() == "Tid,ContentsCode,value,status,unit,multiplier\n2025K3,BE0101,100,e,,\n2025K4,BE0101,,e,,\n")
        #expect(i.json.contains("\"observationCount\" : 2"))
        #expect(FeedDecoders.formats.count == 9)
    }
}

@Suite("Fuzz findings")
struct FuzzRegressionTests {
    /// Found by libFuzzer: a dataset-level dimension without values crashed the key rebuild.
    @Test func sdmxJSONDatasetDimensionWithoutValues() throws {
        let json = #"{"structure":{"dimensions":{"dataSet":[{"id":"FREQ","keyPosition":0,"values":[]}],"observation":[{"id":"TIME_PERIOD","values":[{"id":"2020"}]}]}},"dataSets":[{"observations":{"0":[1]}}]}"#
        let e = try #require(decodeError { _ = try Inspection.inspect(Payload(sourceID: "s", data: Data(json.utf8), location: "l"), format: "sdmx-json") })
        #expect(e.kind == .malformed && e.position == "$.structure.dimensions.dataSet[0]")
    }

    /// Found by libFuzzer: an NBS answer listing `zb` twice left a datanode without a coordinate for
    /// one of them, and reading the cell went out of range.
    @Test func nbsDimensionListedTwiceOrCoordinateMissing() throws {
        let twice = #"{"returncode":200,"returndata":{"datanodes":[{"code":"x","data":{"data":1,"hasdata":true},"wds":[{"wdcode":"zb","valuecode":"A"},{"wdcode":"sj","valuecode":"2022"}]}],"wdnodes":[{"wdcode":"zb","nodes":[{"code":"A"},{"code":"B"}]},{"wdcode":"zb","nodes":[{"code":"C"}]},{"wdcode":"sj","nodes":[{"code":"2022"}]}]}}"#
        let e1 = try #require(decodeError { _ = try Inspection.inspect(Payload(sourceID: "s", data: Data(twice.utf8), location: "l"), format: "nbs-easyquery") })
        #expect(e1.kind == .malformed && e1.position == "$.returndata.wdnodes[1].wdcode")
        let missing = #"{"returncode":200,"returndata":{"datanodes":[{"code":"x","data":{"data":1,"hasdata":true},"wds":[{"wdcode":"sj","valuecode":"2022"}]}],"wdnodes":[{"wdcode":"zb","nodes":[{"code":"A"},{"code":"B"}]},{"wdcode":"sj","nodes":[{"code":"2022"}]}]}}"#
        let e2 = try #require(decodeError { _ = try Inspection.inspect(Payload(sourceID: "s", data: Data(missing.utf8), location: "l"), format: "nbs-easyquery") })
        #expect(e2.kind == .malformed && e2.position == "$.returndata.datanodes[0].wds" && e2.message.contains("'zb'"))
    }
}
