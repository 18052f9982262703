import Foundation
import Testing
@testable import PlanWatchCore
import ReportKit

/// Department report layout on a small synthetic plan (marked synthetic: the figures are invented so
/// that every path runs — met and missed floors, ranked and unranked counties, the wording of each
/// evaluation kind).
@Suite struct DepartmentReportLayoutTests {
    static let plan = Plan(
        id: "synthetic", name: LocalizedText(zh: "合成规划", en: "Synthetic plan"), startYear: 2021, endYear: 2025,
        region: Region(code: "430600", name: LocalizedText(zh: "岳阳市", en: "Yueyang")),
        indicators: [
            Indicator(id: "A01", name: LocalizedText(zh: "优良天数比例", en: "Good air days"), module: "ecology", attribute: .binding,
                      seedReference: "synthetic", series: [
                        IndicatorSeries(id: "A01", name: LocalizedText(zh: "优良天数比例", en: "Good air days"), unit: "%", direction: .higherIsBetter,
                                        baseline: Baseline(year: 2020, value: 84), target: Target(kind: .floor, value: 80, year: 2025, text: "80以上")),
                      ]),
            Indicator(id: "C01", name: LocalizedText(zh: "县域经济", en: "County economies"), module: "industry-chains", attribute: .expected,
                      seedReference: "synthetic", series: ["a": 700.0, "b": 600.0, "c": 600.0].sorted { $0.key < $1.key }.map { suffix, target in
                        IndicatorSeries(id: "C01.gdp-\(suffix)", name: LocalizedText(zh: "\(suffix)县地区生产总值", en: "GDP of \(suffix)"), unit: "亿元",
                                        direction: .higherIsBetter, baseline: nil, target: Target(kind: .level, value: target, year: 2025, text: "\(target)"))
                      }),
        ])

    static func observation(_ id: String, _ year: Int, _ value: Double) -> Observation {
        Observation(indicator: id, region: "430600", period: Period(year: year), value: value,
                    provenance: Provenance(sourceID: "synthetic", location: "synthetic.csv", sourceTitle: "合成数据 / synthetic"))
    }

    static let observations = [
        observation("A01", 2021, 85), observation("A01", 2022, 78), observation("A01", 2023, 82), observation("A01", 2024, 70),
        observation("C01.gdp-a", 2023, 560), observation("C01.gdp-b", 2023, 540),
    ]

    func build(_ definition: ReportDefinition) -> ReportDocument {
        var report = DepartmentReport(definition: definition, plan: Self.plan, profile: ProgressProfile.named(.statcan),
                                      observations: Self.observations, generatedAt: Date(timeIntervalSince1970: 0))
        report.regions = [Region(code: "430681", name: LocalizedText(zh: "甲县", en: "County A")),
                          Region(code: "430623", name: LocalizedText(zh: "乙县", en: "County B")),
                          Region(code: "430621", name: LocalizedText(zh: "丙县", en: "County C")),
                          Region(code: "430682", name: LocalizedText(zh: "丁县", en: "County D"))]
        report.seriesRegions = ["C01.gdp-a": "430681", "C01.gdp-b": "430623", "C01.gdp-c": "430621"]
        return report.build()
    }

    func definition(asOf: Int?, language: ReportDefinition.Language = .zh, sections: [String]) -> ReportDefinition {
        ReportDefinition(id: "t", title: LocalizedText(zh: "测试", en: "Test"), department: nil, planID: nil, indicators: ["A01", "C01"],
                         regions: ["430681", "430623", "430621", "430682"], asOf: asOf, language: language, formats: nil,
                         sections: sections, intro: nil, closing: nil, issuer: nil, definedAt: "t.yaml:1")
    }

    func table(_ document: ReportDocument, _ id: String) throws -> ReportDocument.Table { try document.table(id) }

    func text(_ cell: ReportDocument.Cell) -> String { cell.shown }

    @Test func yearlyTableJudgesEachYearWithTheFiguresUpToIt() throws {
        let document = build(definition(asOf: 2023, sections: ["yearly"]))
        let rows = try table(document, "yearly").rows
        let a01 = try #require(rows.first { text($0[0]) == "A01" })
        // Columns: id, name, target, 2020…2023. 2024's 70 lies after the cut-off and is not shown.
        // Percentages keep one decimal whatever the plan's target is written with.
        #expect(a01.dropFirst(3).map(text) == ["—", "85.0 达标", "78.0 未达标", "82.0 达标"])
    }

    @Test func countiesAreRankedOnlyWhenTheyHaveAFigure() throws {
        let document = build(definition(asOf: nil, sections: ["regions"]))
        let gdp = try table(document, "regions-C01.gdp")
        #expect(gdp.caption.zh.hasPrefix("C01.gdp 县地区生产总值（亿元），排名按"), "the ranking year is stated: \(gdp.caption.zh)")
        let byCode = Dictionary(uniqueKeysWithValues: gdp.rows.map { (text($0[1]), $0.map(text)) })
        // region, code, latest, year, target, completion, growth, rank, assessment
        #expect(byCode["430681"]?[2] == "560" && byCode["430681"]?[5] == "80.0" && byCode["430681"]?[7] == "1")
        #expect(byCode["430623"]?[2] == "540" && byCode["430623"]?[5] == "90.0" && byCode["430623"]?[7] == "2")
        #expect(byCode["430621"]?[2] == "数据不足" && byCode["430621"]?[7] == "数据不足", "no figure: never ranked")
        #expect(byCode["430682"]?[2] == "无分县目标", "a listed county without a target of its own says so")
    }

    @Test func wordingFollowsTheEvaluationKind() throws {
        // Mid-term: the floor holds in 2023 → 基本符合预期, not 提前实现.
        let midterm = try table(build(definition(asOf: 2023, sections: ["indicators"])), "indicators")
        #expect(text(midterm.rows[0][7]) == "基本符合预期")
        // Final: 2025 has no figure, the latest (2024: 70) misses the floor.
        let final = try table(build(definition(asOf: 2025, language: .en, sections: ["indicators"])), "indicators")
        #expect(text(final.rows[0][7]) == "not achieved (no 2025 figure)")
        #expect(final.columns[7].title == LocalizedText(zh: "Assessment"), "an English report keeps one language")
    }

    @Test func midTermMappingOfEveryStatus() {
        let wording = StatusWording.midterm
        func a(_ status: AssessmentStatus, method: Assessment.Method = .targetRatio, r: Double? = nil) -> Assessment {
            var x = Assessment(indicatorID: "X", seriesID: "X", profile: .statcan, method: method,
                               thresholds: Thresholds(high: 0.95, medium: 0.6, low: 0), direction: .higherIsBetter, targetKind: .level, status: status)
            x.progressValue = r
            return x
        }
        #expect(wording.label(a(.targetAchieved)).zh == "提前实现")
        #expect(wording.label(a(.targetAchieved, method: .bound)).zh == "基本符合预期")
        #expect(wording.label(a(.substantialProgress, r: 1.2)).zh == "快于预期")
        #expect(wording.label(a(.substantialProgress, r: 0.97)).zh == "基本符合预期")
        for lagging in [AssessmentStatus.moderateProgress, .limitedProgress, .deterioration] {
            #expect(wording.label(a(lagging, r: 0.3)).zh == "滞后")
        }
        #expect(wording.label(nil).zh == "数据不足")
        #expect(wording.label(a(.pending)).zh == "待评估")
        #expect(StatusWording.final.label(a(.targetAchieved)).zh == "已实现")
        #expect(StatusWording(asOf: 2023, plan: Self.plan) == .midterm && StatusWording(asOf: 2025, plan: Self.plan) == .final
                && StatusWording(asOf: nil, plan: Self.plan) == .annual)
    }
}
