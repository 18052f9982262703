import Foundation
import Testing
@testable import ReportKit

/// 数据不足 only means nothing is published; provisional figures are marked; a second engine pass
/// (compliance years) keeps the run's `confirm_measure` confirmations.
@Suite struct StatusLabelTests {
    let level = single("X1", Target(kind: .level, value: 4, year: 2025, text: "4"))
    let engine = AssessmentEngine(profile: .statcan)

    @Test func oneYearPublishedIsNotNoData() {
        let one = engine.assess(level, observations: [obs("X1", 2023, 3.1)], region: yueyang)
        #expect(one.status == .notAvailable && one.isUnassessedWithFigures)
        #expect(one.statusLabel == Assessment.oneYearLabel && one.statusLabel.zh == "仅有1年数据，无法计算进度")
        #expect(IndicatorSections.latestFigure(one, level.series[0]) == 3.1 && IndicatorSections.latestYear(one) == 2023)
        // The worded status keeps its colour class and carries the words (never 数据不足).
        #expect(IndicatorSections.statusCell(one) == .wordedStatus(.notAvailable, alert: false, label: Assessment.oneYearLabel))
        let none = engine.assess(level, observations: [], region: yueyang)
        #expect(!none.isUnassessedWithFigures && none.statusLabel.zh == "数据不足")
        #expect(IndicatorSections.statusCell(none) == .status(.notAvailable, alert: false))
        // Two years: assessed as usual.
        let two = engine.assess(level, observations: [obs("X1", 2021, 2.5), obs("X1", 2023, 3.1)], region: yueyang)
        #expect(two.status != .notAvailable && two.statusLabel.zh == two.status.chinese)
    }

    @Test func provisionalStatusesAnyCaseAreMarked() {
        for status in ["p", "P", "e", "初步", "初步核算", "preliminary", " provisional "] {
            let a = engine.assess(level, observations: [obs("X1", 2021, 2.5), obs("X1", 2023, 3.1, status: status)], region: yueyang)
            #expect(a.latestIsProvisional, "\(status)")
        }
        let final = engine.assess(level, observations: [obs("X1", 2021, 2.5, status: "p"), obs("X1", 2023, 3.1)], region: yueyang)
        #expect(!final.latestIsProvisional, "only the latest figure's status counts")
        #expect(IndicatorSections.yearCell(2023, provisional: true) == .text("2023（初步 / provisional）"))
        #expect(IndicatorSections.yearCell(2023, provisional: true, pick: \.zh) == .text("2023（初步）"))
        #expect(IndicatorSections.yearCell(2023, provisional: true, pick: { $0.en ?? $0.zh }) == .text("2023 (provisional)"))
        #expect(IndicatorSections.yearCell(2023, provisional: false) == .text("2023"))
    }

    @Test func confirmedMeasuresAreReadBackFromTheRunsAssessments() {
        let floor = single("K22", binding: true, baseline: Baseline(year: 2020, value: 93.8), Target(kind: .floor, value: 94.1, year: 2025, text: "94.1"))
        let figures = [obs("K22", 2020, 81.2), obs("K22", 2022, 95.0)]
        var confirming = engine
        confirming.confirmedMeasures = ["K22"]
        let confirmed = confirming.assess(floor, observations: figures, region: yueyang)
        let withheld = engine.assess(floor, observations: figures, region: yueyang)
        #expect(AssessmentEngine.confirmedMeasures(in: ["K22": confirmed]) == ["K22"])
        #expect(AssessmentEngine.confirmedMeasures(in: ["K22": withheld]).isEmpty)
        // The compliance table judges every year with the same confirmation as the run: a confirmed
        // 95.0 meets the floor; unconfirmed, its status is withheld: pending, neither met nor not met.
        let plan = Plan(id: "p", name: LocalizedText(zh: "p"), startYear: 2021, endYear: 2025, region: Region(code: yueyang, name: LocalizedText(zh: "y")), indicators: [floor])
        for (assessment, expected) in [(confirmed, "95.0 达标 / met"), (withheld, "95.0 待评估 / pending")] {
            let context = ReportContext(plan: plan, profile: .named(.statcan), assessments: ["K22": assessment], observations: figures,
                                        generatedAt: Date(timeIntervalSince1970: 0))
            let section = IndicatorSections(context: context, indicators: [floor]).complianceSection(years: 2020...2022)
            guard case .table(let table) = section.blocks.first else { Issue.record("no table"); return }
            #expect(table.rows.first?.last == .text(expected), "\(table.rows)")
        }
    }

    @Test func targetWordsAndMeasureNames() {
        let maintain = series("K23", baseline: Baseline(year: 2020, value: 45.31), Target(kind: .maintain, value: 45.31, year: 2025, text: "45.31"))
        #expect(IndicatorSections.targetWords(maintain) == LocalizedText(zh: "保持 45.31%", en: "maintain 45.31%"))
        let a = IndicatorSeries(id: "IC13.gdp-miluo", name: LocalizedText(zh: "汨罗市地区生产总值", en: "GDP of Miluo"), unit: "亿元",
                                direction: .higherIsBetter, baseline: nil, target: Target(kind: .level, value: 700, year: 2025, text: "700"))
        let b = IndicatorSeries(id: "IC13.gdp-huarong", name: LocalizedText(zh: "华容县地区生产总值", en: "GDP of Huarong County"), unit: "亿元",
                                direction: .higherIsBetter, baseline: nil, target: Target(kind: .level, value: 600, year: 2025, text: "600"))
        #expect(IndicatorSections.measureStem(a.id) == "IC13.gdp")
        #expect(IndicatorSections.measureName([a, b]) == LocalizedText(zh: "地区生产总值", en: "GDP"))
    }
}
