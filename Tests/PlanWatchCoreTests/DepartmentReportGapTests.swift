import Foundation
import Testing
@testable import PlanWatchCore
import ReportKit

/// What a department report says of figures it cannot show (synthetic plan and figures, invented so
/// that each case runs): nothing published, withheld as confidential, one figure without a baseline,
/// and a county figure published with more decimals than its target.
@Suite struct DepartmentReportGapTests {
    static func series(_ id: String, unit: String = "%", baseline: Double? = nil, _ target: Target) -> IndicatorSeries {
        IndicatorSeries(id: id, name: LocalizedText(zh: "指标\(id)", en: "Indicator \(id)"), unit: unit, direction: .higherIsBetter,
                        baseline: baseline.map { Baseline(year: 2020, value: $0) }, target: target)
    }

    static func indicator(_ id: String, _ series: [IndicatorSeries]) -> Indicator {
        Indicator(id: id, name: LocalizedText(zh: "指标\(id)", en: "Indicator \(id)"), module: "ecology", attribute: .binding,
                  seedReference: "synthetic", series: series)
    }

    static let plan = Plan(
        id: "synthetic", name: LocalizedText(zh: "合成规划", en: "Synthetic plan"), startYear: 2021, endYear: 2025,
        region: Region(code: "430600", name: LocalizedText(zh: "岳阳市", en: "Yueyang")),
        indicators: [
            // Qualitative: the engine says 待评估 with no figure at all.
            indicator("Q01", [series("Q01", Target(kind: .qualitative, value: nil, year: 2025, text: "完成省下达任务"))]),
            // Only a withheld figure.
            indicator("E02", [series("E02", baseline: 20, Target(kind: .floor, value: 30, year: 2025, text: "30以上"))]),
            // Older figures, the newest withheld.
            indicator("K21", [series("K21", baseline: 84, Target(kind: .floor, value: 80, year: 2025, text: "80以上"))]),
            // One figure, no baseline.
            indicator("E01", [series("E01", unit: "km", Target(kind: .level, value: 50, year: 2025, text: "50"))]),
            // A county's figure with more decimals than its target.
            indicator("C01", [series("C01.gdp-a", unit: "亿元", Target(kind: .level, value: 500, year: 2025, text: "500"))]),
        ])

    static let retrieved = Date(timeIntervalSince1970: 1_795_000_000)

    static func observation(_ id: String, _ year: Int, _ value: Double?, status: String? = nil) -> Observation {
        Observation(indicator: id, region: "430600", period: Period(year: year), value: value, status: status,
                    provenance: Provenance(sourceID: "synthetic", location: "synthetic.csv", retrievedAt: retrieved, sourceTitle: "合成数据"))
    }

    static let observations = [
        observation("E02", 2023, nil, status: "c"),
        observation("K21", 2021, 85), observation("K21", 2023, 82), observation("K21", 2024, nil, status: "c"),
        observation("E01", 2023, 45),
        observation("C01.gdp-a", 2023, 480.5),
    ]

    func build(language: ReportDefinition.Language = .zh, sections: [String]) -> ReportDocument {
        let definition = ReportDefinition(
            id: "t", title: LocalizedText(zh: "测试", en: "Test"), department: nil, planID: nil,
            indicators: ["Q01", "E02", "K21", "E01", "C01"], regions: [], asOf: 2024, language: language, formats: nil,
            sections: sections, intro: nil, closing: nil, issuer: nil, definedAt: "t.yaml:1")
        return DepartmentReport(definition: definition, plan: Self.plan, profile: ProgressProfile.named(.statcan),
                                observations: Self.observations, generatedAt: Date(timeIntervalSince1970: 0)).build()
    }

    func table(_ document: ReportDocument, _ id: String) throws -> ReportDocument.Table { try document.table(id) }

    func text(_ cell: ReportDocument.Cell) -> String { cell.shown }

    func texts(_ document: ReportDocument, _ section: String) -> [String] {
        document.sections.filter { $0.id == section }.flatMap(\.blocks).flatMap { block -> [String] in
            switch block {
            case .paragraph(let t): [t.zh]
            case .notes(let list): list.map(\.zh)
            default: []
            }
        }
    }

    func row(_ table: ReportDocument.Table, _ id: String) throws -> [String] {
        try #require(table.rows.first { text($0[0]) == id }).map(text)
    }

    @Test func summaryTableAndMissingSectionAgreeOnGaps() throws {
        let document = build(sections: ["summary", "indicators", "missing"])
        let indicators = try table(document, "indicators")
        // id, name, attribute, base, latest, year, target, assessment, R, share
        #expect(try row(indicators, "Q01")[4] == "数据不足" && row(indicators, "Q01")[7] == "数据不足", "no figure, though 待评估")
        #expect(try row(indicators, "E02")[4] == "保密" && row(indicators, "E02")[7] == "保密")
        // K21: the 2023 figure is shown; the withheld 2024 one is named under the gaps.
        #expect(try row(indicators, "K21")[4] == "82.0")
        let summary = texts(document, "summary").joined()
        #expect(summary.contains("1项数据保密") && summary.contains("1项数据不足") && summary.contains("0项待评估"), "\(summary)")
        let missing = texts(document, "missing")
        #expect(missing.contains { $0.hasPrefix("截至2024年，以下1项指标没有可用的公开统计数据") })
        #expect(missing.contains("Q01 指标Q01"))
        #expect(!missing.contains { $0.contains("均有公开数据") })
        let secret = try #require(missing.firstIndex { $0.contains("保密") })
        let after = Array(missing[(secret + 1)...])
        #expect(after.contains("E02 指标E02") && after.contains("K21 指标K21"))
        let summaryTable = try table(document, "summary").rows.map { $0.map(text) }
        #expect(summaryTable.contains(["保密", "1"]) && summaryTable.contains(["数据不足", "1"]), "\(summaryTable)")
    }

    @Test func withheldYearSaysConfidentialInTheYearTable() throws {
        let yearly = try table(build(sections: ["yearly"]), "yearly")
        // id, name, target, 2020…2024
        #expect(try row(yearly, "K21").suffix(2) == ["82.0 达标", "保密"])
        #expect(try row(yearly, "E02").suffix(2) == ["保密", "—"], "2023 withheld, 2024 not published")
        let english = try table(build(language: .en, sections: ["yearly"]), "yearly")
        #expect(try row(english, "K21").last == "confidential")
    }

    @Test func baseIsThePlanBaselineAndFiguresKeepTheirDecimals() throws {
        let indicators = try table(build(sections: ["indicators"]), "indicators")
        #expect(try row(indicators, "E01")[3] == "—", "no baseline in the plan: never the 2023 figure")
        #expect(try row(indicators, "K21")[3] == "84.0")
        #expect(try row(indicators, "C01")[4] == "480.5", "published decimals are never rounded away")
        #expect(IndicatorSections.decimals(for: Self.plan.indicators[4].series[0], showing: 480.5) == 1)
        #expect(IndicatorSections.decimals(for: Self.plan.indicators[4].series[0], showing: 480) == 0)
    }

    @Test func chineseReportHasChineseSourceLabelsAndMethod() throws {
        let zh = build(sections: ["indicators"])
        let sources = try table(zh, "indicators").sources
        #expect(!sources.isEmpty && sources.allSatisfy { !$0.contains("retrieved") && !$0.contains("/") }, "\(sources)")
        #expect(sources.contains { $0.contains("（获取 ") || $0.contains("(获取 ") })
        let method = try #require(zh.facts.first { $0.key.zh == "评估方法" })
        #expect(method.value.contains("加拿大统计局") && !method.value.hasPrefix("statcan"))
        let en = build(language: .en, sections: ["indicators"])
        #expect(try table(en, "indicators").sources.allSatisfy { $0.contains("(retrieved ") && !$0.contains("获取") })
    }

    @Test func countyWithAWithheldFigureSaysConfidential() throws {
        let layout = DepartmentReportLayoutTests.self
        let definition = ReportDefinition(
            id: "t", title: LocalizedText(zh: "测试", en: "Test"), department: nil, planID: nil, indicators: ["C01"],
            regions: ["430681", "430621"], asOf: nil, language: .zh, formats: nil, sections: ["regions"],
            intro: nil, closing: nil, issuer: nil, definedAt: "t.yaml:1")
        var report = DepartmentReport(definition: definition, plan: layout.plan, profile: ProgressProfile.named(.statcan),
                                      observations: layout.observations + [Self.observation("C01.gdp-c", 2023, nil, status: "c")],
                                      generatedAt: Date(timeIntervalSince1970: 0))
        report.regions = [Region(code: "430681", name: LocalizedText(zh: "甲县", en: "County A")),
                          Region(code: "430621", name: LocalizedText(zh: "丙县", en: "County C"))]
        report.seriesRegions = ["C01.gdp-a": "430681", "C01.gdp-b": "430623", "C01.gdp-c": "430621"]
        let rows = try report.build().table("regions-C01.gdp").rows
        let c = try #require(rows.first { $0[1].shown == "430621" })
        #expect(c[2].shown == "保密", "a withheld county figure is not 数据不足")
    }

    /// A source that answered without a figure its mapping targets (映射未匹配), or whose answer held no
    /// period (查询未返回数据期), leaves a gap that is not 数据不足: counted by cause in the summary,
    /// listed apart with the source under the missing figures, and worded so in the indicator table.
    @Test func aSourceThatAnsweredWithoutTheFigureIsNotNoData() throws {
        let definition = ReportDefinition(
            id: "t", title: LocalizedText(zh: "测试", en: "Test"), department: nil, planID: nil,
            indicators: ["Q01", "E01", "C01"], regions: [], asOf: nil, language: .zh, formats: nil,
            sections: ["summary", "indicators", "missing"], intro: nil, closing: nil, issuer: nil, definedAt: "t.yaml:1")
        var report = DepartmentReport(definition: definition, plan: Self.plan, profile: ProgressProfile.named(.statcan),
                                      observations: [], generatedAt: Date(timeIntervalSince1970: 0))
        report.unmatchedSources = ["E01": [SourceGap(source: "feed", noPeriods: false)],
                                   "C01.gdp-a": [SourceGap(source: "eu", noPeriods: true)]]
        let document = report.build()
        let indicators = try table(document, "indicators")
        #expect(try row(indicators, "E01")[4] == "映射未匹配（数据源 feed）" && row(indicators, "E01")[7] == "映射未匹配（数据源 feed）")
        #expect(try row(indicators, "C01")[7] == "查询未返回数据期（数据源 eu）")
        let summary = texts(document, "summary").joined()
        #expect(summary.contains("1项因数据源映射未匹配而缺数，1项因查询未返回数据期而缺数，1项数据不足"), "only Q01 has nothing published: \(summary)")
        let counts = try table(document, "summary").rows.map { $0.map(text) }
        #expect(counts == [["映射未匹配（数据源 feed）", "1"], ["查询未返回数据期（数据源 eu）", "1"], ["数据不足", "1"]], "\(counts)")
        let missing = texts(document, "missing")
        let unpublished = try #require(missing.firstIndex { $0.contains("没有可用的公开统计数据") })
        #expect(missing[unpublished].contains("以下1项指标") && missing[unpublished + 1] == "Q01 指标Q01", "\(missing)")
        let answered = try #require(missing.firstIndex { $0.contains("数据源本次有应答") })
        #expect(missing[answered].contains("以下2项指标"))
        #expect(missing[(answered + 1)...].prefix(2) == ["E01 指标E01（映射未匹配（数据源 feed））", "C01 指标C01（查询未返回数据期（数据源 eu））"], "\(missing)")
        // Every selected indicator is binding and none has a figure: no "none off course".
        #expect(summary.contains("所选3项约束性指标均无可评价的数据，无法判断是否滞后") && !summary.contains("没有进展滞后"), "\(summary)")
        // The engine's explanation says why there is no figure.
        let engine = report.assess(asOf: nil)
        #expect(engine["E01"]?.explanation.hasSuffix("The source answered without it: mapping matched nothing (source feed).") == true)
        #expect(engine["C01"]?.explanation.contains("query returned no periods (source eu)") == true)
        // Without the sources the same gaps are 数据不足: the check above is not vacuous.
        report.unmatchedSources = [:]
        #expect(texts(report.build(), "summary").joined().contains("3项数据不足"))
    }

    /// A county report whose targets have no figure because a source answered without them opens by
    /// naming that source, not by calling every item 数据不足.
    @Test func countyWithoutFiguresFromASourceThatAnsweredNamesIt() throws {
        let layout = DepartmentReportLayoutTests.self
        let definition = ReportDefinition(
            id: "t", title: LocalizedText(zh: "测试", en: "Test"), department: nil, planID: nil, indicators: ["C01"],
            regions: ["430621"], asOf: nil, language: .zh, formats: nil, sections: ["summary"],
            intro: nil, closing: nil, issuer: nil, definedAt: "t.yaml:1")
        var report = DepartmentReport(definition: definition, plan: layout.plan, profile: ProgressProfile.named(.statcan),
                                      observations: [], generatedAt: Date(timeIntervalSince1970: 0))
        report.regions = [Region(code: "430621", name: LocalizedText(zh: "丙县", en: "County C"))]
        report.seriesRegions = ["C01.gdp-a": "430681", "C01.gdp-b": "430623", "C01.gdp-c": "430621"]
        func notice() throws -> String {
            let county = try #require(report.regionalReports().first)
            return texts(county, "data").joined()
        }
        #expect(try notice().contains("尚无任何公开数据"), "control: nothing published and nothing known")
        let county = try #require(report.regionalReports().first)
        #expect(texts(county, "summary").first == "所选指标中没有约束性指标。", "C01 is expected, not binding")
        report.unmatchedSources = ["C01.gdp-c": [SourceGap(source: "feed", noPeriods: false)]]
        let said = try notice()
        #expect(said.contains("数据源 feed 有应答，但未返回这些指标的数据") && !said.contains("尚无任何公开数据"), "\(said)")
    }
}
