import Foundation
import Testing
@testable import ReportKit

// MARK: - Fixtures

let yueyang = "430600"

func obs(_ id: String, _ year: Int, _ value: Double?, unit: String? = nil, region: String = yueyang,
         status: String? = nil, quote: String? = nil) -> Observation {
    Observation(
        indicator: id, region: region, period: Period(year: year), value: value, status: status, unit: unit,
        provenance: Provenance(sourceID: "test", location: "test:\(id):\(year)", quote: quote)
    )
}

func series(_ id: String, unit: String = "%", direction: Direction = .higherIsBetter, baseline: Baseline? = nil,
            _ target: Target) -> IndicatorSeries {
    IndicatorSeries(id: id, name: LocalizedText(zh: id), unit: unit, direction: direction, baseline: baseline, target: target)
}

func indicator(_ id: String, binding: Bool = false, _ series: [IndicatorSeries]) -> Indicator {
    Indicator(id: id, name: LocalizedText(zh: id, en: id), module: "ecology", attribute: binding ? .binding : .expected,
              seedReference: "test", series: series)
}

func single(_ id: String, binding: Bool = false, unit: String = "%", direction: Direction = .higherIsBetter,
            baseline: Baseline? = nil, _ target: Target) -> Indicator {
    indicator(id, binding: binding, [series(id, unit: unit, direction: direction, baseline: baseline, target)])
}

let engine = AssessmentEngine(profile: .statcan)

@Suite("AssessmentEngine: level targets")
struct LevelRuleTests {
    let k14 = single("K14", binding: true, unit: "年", baseline: Baseline(year: 2020, value: 11.41),
                     Target(kind: .level, value: 11.51, year: 2025, text: "11.51"))

    @Test func planBaselineRatioTimeShareProjection() {
        let a = engine.assess(k14, observations: [obs("K14", 2021, 11.43), obs("K14", 2023, 11.45)], region: yueyang)
        let cagrO = pow(11.45 / 11.41, 1.0 / 3) - 1
        let cagrR = pow(11.51 / 11.41, 1.0 / 5) - 1
        let r = cagrO / cagrR
        #expect(a.method == .targetRatio)
        #expect(a.baseYear == 2020 && a.baseValue == 11.41)
        #expect(a.currentYear == 2023 && a.currentValue == 11.45)
        #expect(isClose(a.cagrObserved, cagrO))
        #expect(isClose(a.cagrRequired, cagrR))
        #expect(isClose(a.progressValue, r))
        #expect(r > 0.6 && r < 0.95)
        #expect(a.status == .moderateProgress)
        #expect(isClose(a.score, 7.1429 * r - 4.2857))
        #expect(isClose(a.progressShare, (11.45 - 11.41) / (11.51 - 11.41)))
        #expect(isClose(a.elapsedShare, 3.0 / 5))
        #expect(isClose(a.projectedValue, 11.45 * pow(1 + cagrO, 2)))
        #expect(a.thresholds == ProgressProfile.statcan.targetThresholds)
        #expect(a.observations.count == 2)
        // Binding and only moderate: alert; and the 2020 base is noted.
        #expect(a.bindingAlert)
        #expect(a.explanation.contains("binding-target alert"))
        #expect(a.warnings.contains { $0.contains("2020") && $0.contains("epidemic") })
        #expect(a.explanation.contains("11.45") && a.explanation.contains("moderate_progress"))
    }

    @Test func onCourseBindingRaisesNoAlert() {
        let a = engine.assess(k14, observations: [obs("K14", 2023, 11.48)], region: yueyang)
        #expect(a.status == .substantialProgress)
        #expect(!a.bindingAlert)
    }

    @Test func baselineWithoutValueUsesNextObservedYear() {
        let k08 = single("K08", baseline: Baseline(year: 2020, value: nil), Target(kind: .level, value: 65, year: 2025))
        let a = engine.assess(k08, observations: [obs("K08", 2019, 59), obs("K08", 2021, 61), obs("K08", 2023, 62.5)], region: nil)
        #expect(a.baseYear == 2021 && a.baseValue == 61)
        #expect(isClose(a.cagrObserved, pow(62.5 / 61, 0.5) - 1))
        #expect(isClose(a.cagrRequired, pow(65 / 61, 0.25) - 1))
        #expect(a.warnings.contains { $0.contains("2021 is used as the base") })
        #expect(!a.warnings.contains { $0.contains("epidemic") })
    }

    @Test func onlyBaselineIsNotAvailable() {
        let a = engine.assess(k14, observations: [], region: yueyang)
        #expect(a.status == .notAvailable)
        #expect(a.score == nil)
        #expect(!a.bindingAlert)
        #expect(a.warnings.contains { $0.contains("binding indicator has no assessable data") })
    }

    @Test func thirteenthPlanGDPNotAchieved() {
        let gdp = single("H01", unit: "亿元", baseline: Baseline(year: 2015, value: 2886.28),
                         Target(kind: .level, value: 4820, year: 2020, text: "4820"))
        let a = engine.assess(gdp, observations: [obs("H01", 2020, 4001.55, unit: "亿元")], region: yueyang)
        #expect(a.status == .notAchieved)
        let r = (pow(4001.55 / 2886.28, 0.2) - 1) / (pow(4820 / 2886.28, 0.2) - 1)
        #expect(isClose(a.progressValue, r))
        #expect(isClose(a.score, 7.1429 * r - 4.2857))
        #expect(a.explanation.contains("not_achieved"))
    }

    @Test func thirteenthPlanForestAchieved() {
        let forest = single("H02", baseline: Baseline(year: 2015, value: 44.88), Target(kind: .level, value: 45.3, year: 2020))
        let a = engine.assess(forest, observations: [obs("H02", 2020, 45.31)], region: yueyang)
        #expect(a.status == .targetAchieved)
        #expect(a.score == 5)
    }

    @Test func observationDifferingFromPlanBaselineIsWarned() {
        let a = engine.assess(k14, observations: [obs("K14", 2020, 11.40), obs("K14", 2023, 11.48)], region: yueyang)
        #expect(a.baseValue == 11.41)
        #expect(a.warnings.contains { $0.contains("differs from the plan baseline") })
    }

    @Test func lowerIsBetterLevel() {
        let k26 = single("K26", direction: .lowerIsBetter, baseline: Baseline(year: 2020, value: 0.026),
                         Target(kind: .level, value: 0.015, year: 2025))
        let a = engine.assess(k26, observations: [obs("K26", 2022, 0.020)], region: yueyang)
        let r = -(pow(0.020 / 0.026, 0.5) - 1) / abs(pow(0.015 / 0.026, 0.2) - 1)
        #expect(isClose(a.progressValue, r))
        #expect(a.status == .substantialProgress)
    }
}

@Suite("AssessmentEngine: growth targets")
struct GrowthRuleTests {
    let k01 = single("K01", baseline: Baseline(year: 2020, value: 4.2), Target(kind: .growth, value: 7.5, year: 2025, text: "7.5"))

    @Test func levelIndexOfYearlyRates() {
        let rates = [obs("K01", 2020, 4.2, unit: "%"), obs("K01", 2021, 7.0, unit: "%"), obs("K01", 2022, 4.5), obs("K01", 2023, 4.6, unit: "%")]
        let a = engine.assess(k01, observations: rates, region: yueyang)
        let index = 1.07 * 1.045 * 1.046
        let cagrO = pow(index, 1.0 / 3) - 1
        let r = cagrO / 0.075
        #expect(a.method == .growthRate)
        #expect(a.baseYear == 2020)
        #expect(a.currentYear == 2023)
        #expect(isClose(a.cagrObserved, cagrO))
        #expect(isClose(a.cagrRequired, 0.075))
        #expect(isClose(a.progressValue, r))
        #expect(isClose(a.currentValue, cagrO * 100))
        #expect(a.status == ProgressMeasure.targetStatus(progressValue: r, thresholds: ProgressProfile.statcan.targetThresholds))
        #expect(a.status == .moderateProgress)
        #expect(isClose(a.progressShare, (index - 1) / (pow(1.075, 5) - 1)))
        #expect(isClose(a.elapsedShare, 0.6))
        #expect(a.observations.count == 3)  // the 2020 rate is the base year's, not part of the index
        #expect(a.warnings.contains { $0.contains("epidemic") })
    }

    @Test func achievedEarlyWhenIndexReachesTargetGrowth() {
        let rates = (2021...2024).map { obs("K01", $0, 10) }
        let a = engine.assess(k01, observations: rates, region: yueyang)
        #expect(pow(1.1, 4.0) >= pow(1.075, 5.0))
        #expect(a.status == .targetAchieved)
        #expect(a.score == 5)
        #expect(isClose(a.progressValue, 0.1 / 0.075))
    }

    @Test func endOfPeriodShortfallIsNotAchieved() {
        let rates = (2021...2025).map { obs("K01", $0, 7.0) }
        let a = engine.assess(k01, observations: rates, region: yueyang)
        #expect(a.status == .notAchieved)
        #expect(isClose(a.progressValue, 0.07 / 0.075))
        #expect(isClose(a.score, 7.1429 * (0.07 / 0.075) - 4.2857))
    }

    @Test func levelSeriesWhenNoRates() {
        let a = engine.assess(k01, observations: [obs("K01", 2020, 100, unit: "亿元 (2020 prices)"), obs("K01", 2023, 120, unit: "亿元 (2020 prices)")], region: yueyang)
        let cagrO = pow(1.2, 1.0 / 3) - 1
        #expect(a.baseValue == 100 && a.currentValue == 120)
        #expect(isClose(a.cagrObserved, cagrO))
        #expect(isClose(a.progressValue, cagrO / 0.075))
        #expect(a.status == .moderateProgress)  // R = 0.836
        #expect(a.warnings.contains { $0.contains("comparable prices") })
    }

    @Test func nominalLevelsAreRefused() {
        let a = engine.assess(k01, observations: [obs("K01", 2020, 100, unit: "亿元(当年价)"), obs("K01", 2023, 130, unit: "亿元(当年价)")], region: yueyang)
        #expect(a.status == .notAvailable)
        #expect(a.progressValue == nil)
    }

    @Test func gapsAreAveragedOverObservedYears() {
        let a = engine.assess(k01, observations: [obs("K01", 2021, 8), obs("K01", 2023, 6)], region: yueyang)
        #expect(isClose(a.cagrObserved, pow(1.08 * 1.06, 0.5) - 1))
        #expect(a.warnings.contains { $0.contains("no rate for 2022") })
    }
}

@Suite("AssessmentEngine: ceilings, floors, maintain")
struct BoundRuleTests {
    let k13 = single("K13", direction: .lowerIsBetter, baseline: Baseline(year: 2020, value: 5.5), Target(kind: .ceiling, value: 5.5, year: 2025, text: "5.5以内"))

    @Test func ceilingLostIsDeteriorationWithHeadroom() {
        let a = engine.assess(k13, observations: [obs("K13", 2021, 5.2), obs("K13", 2022, 5.8)], region: yueyang)
        #expect(a.method == .bound)
        #expect(a.status == .deterioration)
        #expect(isClose(a.headroom, 0.3))
        #expect(a.progressValue == nil)  // baseline 5.5 satisfied the ceiling: no R
        #expect(a.score == -5)
        #expect(!a.warnings.contains { $0.contains("epidemic") })
    }

    @Test func ceilingMetIsAchieved() {
        let a = engine.assess(k13, observations: [obs("K13", 2022, 5.8), obs("K13", 2023, 5.4)], region: yueyang)
        #expect(a.status == .targetAchieved)
        #expect(isClose(a.headroom, -0.1))
        #expect(a.score == 5)
    }

    @Test func ceilingWithViolatingBaselineComputesR() {
        let s = single("U", direction: .lowerIsBetter, baseline: Baseline(year: 2020, value: 6.0), Target(kind: .ceiling, value: 5.5, year: 2025))
        let a = engine.assess(s, observations: [obs("U", 2022, 5.8)], region: yueyang)
        let r = -(pow(5.8 / 6, 0.5) - 1) / abs(pow(5.5 / 6, 0.2) - 1)
        #expect(isClose(a.progressValue, r))
        #expect(a.status == .substantialProgress)  // R = 0.974
        #expect(isClose(a.headroom, 0.3))
    }

    @Test func bindingFloorMissedRaisesAlert() {
        let k21 = single("K21", binding: true, baseline: Baseline(year: 2020, value: 90.7), Target(kind: .floor, value: 86, year: 2025))
        let a = engine.assess(k21, observations: [obs("K21", 2021, 91), obs("K21", 2022, 85)], region: yueyang)
        #expect(a.status == .deterioration)
        #expect(isClose(a.headroom, -1))
        #expect(a.bindingAlert)
        let met = engine.assess(k21, observations: [obs("K21", 2022, 87.5)], region: yueyang)
        #expect(met.status == .targetAchieved && !met.bindingAlert)
        #expect(isClose(met.headroom, 1.5))
    }

    @Test func floorMissedInTargetYearIsNotAchieved() {
        let k22 = single("K22", baseline: Baseline(year: 2020, value: 93.8), Target(kind: .floor, value: 94.1, year: 2025))
        let a = engine.assess(k22, observations: [obs("K22", 2025, 94.0)], region: yueyang)
        #expect(a.status == .notAchieved)
        #expect(a.progressValue != nil)  // baseline 93.8 < 94.1 did not satisfy the floor
    }

    @Test func maintainToleranceHalfUnitOfLastDecimal() {
        let k23 = single("K23", binding: true, baseline: Baseline(year: 2020, value: 45.31), Target(kind: .maintain, value: 45.31, year: 2025, text: "45.31"))
        let kept = engine.assess(k23, observations: [obs("K23", 2023, 45.305)], region: yueyang)
        #expect(kept.method == .maintain)
        #expect(kept.status == .targetAchieved)
        #expect(isClose(kept.headroom, 0, tolerance: 1e-9))
        let exact = engine.assess(k23, observations: [obs("K23", 2023, 45.31)], region: yueyang)
        #expect(exact.status == .targetAchieved)
        #expect(isClose(exact.headroom, 0.005, tolerance: 1e-9))
        let lost = engine.assess(k23, observations: [obs("K23", 2023, 45.30)], region: yueyang)
        #expect(lost.status == .deterioration)
        #expect(lost.bindingAlert)
        #expect(lost.progressValue == nil)
    }

    @Test func decimalsFromTextOrValue() {
        #expect(AssessmentEngine.decimals(of: Target(kind: .maintain, value: 45.31, year: 2025, text: "保持45.31%")) == 2)
        #expect(AssessmentEngine.decimals(of: Target(kind: .maintain, value: 45.3, year: 2025, text: "2025年45.30")) == 2)
        #expect(AssessmentEngine.decimals(of: Target(kind: .maintain, value: 100, year: 2025, text: "100")) == 0)
        #expect(AssessmentEngine.decimals(of: Target(kind: .maintain, value: 3.8, year: 2025)) == 1)
        #expect(AssessmentEngine.decimals(of: Target(kind: .maintain, value: 0.026, year: 2025)) == 3)
    }
}

@Suite("AssessmentEngine: qualitative, direction, cumulative")
struct OtherRuleTests {
    let k19 = single("K19", binding: true, Target(kind: .qualitative, value: nil, year: 2025, text: "完成省下达任务"))

    @Test func qualitativeFromEvidence() {
        let done = engine.assess(k19, observations: [obs("K19", 2023, 1, quote: "完成省下达的能耗强度降低目标")], region: yueyang)
        #expect(done.status == .targetAchieved)
        #expect(done.explanation.contains("完成省下达的能耗强度降低目标"))
        #expect(done.progressValue == nil && done.cagrObserved == nil)
        let missed = engine.assess(k19, observations: [obs("K19", 2023, 0, quote: "未完成")], region: yueyang)
        #expect(missed.status == .notAchieved)
        #expect(missed.bindingAlert)
        let none = engine.assess(k19, observations: [obs("K19", 2023, nil, status: "..")], region: yueyang)
        #expect(none.status == .pending)
        #expect(!none.bindingAlert)
        #expect(none.warnings.contains { $0.contains("1 missing figure") })
        #expect(none.warnings.contains { $0.contains("binding indicator has no assessable data") })
        let odd = engine.assess(k19, observations: [obs("K19", 2023, 0.5)], region: yueyang)
        #expect(odd.status == .pending)
    }

    @Test func directionOnlyNegativeGrowth() {
        let ec06 = single("EC06", unit: "万吨", direction: .lowerIsBetter, baseline: Baseline(year: 2020, value: 100), Target(kind: .direction, value: nil, year: 2025, text: "负增长"))
        let a = engine.assess(ec06, observations: [obs("EC06", 2023, 95)], region: yueyang)
        let r = -(pow(0.95, 1.0 / 3) - 1)
        #expect(a.method == .directionOnly)
        #expect(isClose(a.progressValue, r))
        #expect(a.status == .substantialProgress)  // 0.0170 >= 0.015
        #expect(isClose(a.score, min(500 * r - 5, 5)))
        #expect(a.thresholds == ProgressProfile.statcan.noTargetThresholds)
        #expect(isClose(a.projectedValue, 95 * pow(1 - r, 2)))
        let eurostat = AssessmentEngine(profile: .eurostat).assess(ec06, observations: [obs("EC06", 2023, 99)], region: yueyang)
        #expect(eurostat.profile == .eurostat)
        #expect(eurostat.status == .moderateProgress)  // 0.00334 between 0 and 0.01
    }

    @Test func directionWithLimitMatchesPublishedRow() {
        let s = single("B", Target(kind: .direction, value: nil, year: 2030, limit: 100))
        let a = engine.assess(s, observations: [obs("B", 2015, 97.4), obs("B", 2022, 99.7)], region: yueyang)
        #expect(abs(a.progressValue! - 0.003340) <= 0.5e-6)
        #expect(a.status == .substantialProgress)
        #expect(isClose(a.boundCoefficient, 1 - pow(0.974, 4.44)))
        #expect(isClose(a.thresholds.high, 0.015 * (1 - pow(0.974, 4.44))))
    }

    @Test func cumulativeSumsYearlyAmounts() {
        let lv05 = single("LV05", unit: "万户", baseline: Baseline(year: 2020, value: nil), Target(kind: .level, value: 3.5, year: 2025, text: "[3.5]", cumulative: true))
        let a = engine.assess(lv05, observations: [obs("LV05", 2020, 9), obs("LV05", 2021, 0.8), obs("LV05", 2022, 0.7)], region: yueyang, planPeriod: 2021...2025)
        #expect(isClose(a.currentValue, 1.5))
        #expect(isClose(a.progressShare, 1.5 / 3.5))
        #expect(isClose(a.elapsedShare, 0.4))
        #expect(isClose(a.progressValue, (1.5 / 3.5) / 0.4))
        #expect(a.status == .substantialProgress)
        #expect(isClose(a.projectedValue, 3.75))
        #expect(a.observations.count == 2)  // 2020 is outside the plan period

        let slow = engine.assess(lv05, observations: [obs("LV05", 2021, 0.3), obs("LV05", 2022, 0.4), obs("LV05", 2023, 0.5)], region: yueyang)
        let r = (1.2 / 3.5) / 0.6
        #expect(isClose(slow.progressValue, r))
        #expect(slow.status == .limitedProgress)

        let done = engine.assess(lv05, observations: (2021...2024).map { obs("LV05", $0, 0.9) }, region: yueyang)
        #expect(done.status == .targetAchieved)

        let missed = engine.assess(lv05, observations: (2021...2025).map { obs("LV05", $0, 0.6) }, region: yueyang)
        #expect(missed.status == .notAchieved)
        #expect(isClose(missed.currentValue, 3.0))
    }
}

@Suite("AssessmentEngine: several series, data selection, plan")
struct CombinationTests {
    let ic03 = indicator("IC03", [
        series("IC03.a", unit: "家", baseline: Baseline(year: 2020, value: 3), Target(kind: .level, value: 5, year: 2025)),
        series("IC03.b", unit: "家", baseline: Baseline(year: 2020, value: 6), Target(kind: .level, value: 10, year: 2025)),
        series("IC03.c", unit: "家", baseline: Baseline(year: 2020, value: 30), Target(kind: .level, value: 50, year: 2025)),
    ])

    @Test func meanOfSeriesScoresExcludingMissing() {
        let a = engine.assess(ic03, observations: [obs("IC03.a", 2023, 5), obs("IC03.b", 2023, 7)], region: yueyang)
        #expect(a.method == .seriesMean)
        #expect(a.seriesID == "IC03")
        #expect(a.components.count == 3)
        #expect(a.components[0].status == .targetAchieved)
        #expect(a.components[2].status == .notAvailable)
        let rB = (pow(7.0 / 6, 1.0 / 3) - 1) / (pow(10.0 / 6, 0.2) - 1)
        let scoreB = rB >= 0.6 ? min(7.1429 * rB - 4.2857, 5) : max(4.1667 * rB - 2.5, -5)
        #expect(isClose(a.components[1].score, scoreB))
        #expect(isClose(a.score, (5 + scoreB) / 2))
        #expect(a.status == ProgressMeasure.status(forScore: (5 + scoreB) / 2))
        #expect(a.status != .targetAchieved)
        #expect(a.warnings.contains { $0.contains("IC03.c") && $0.contains("excluded") })
        #expect(a.thresholds == AssessmentEngine.scoreBands)
    }

    @Test func achievedOnlyWhenEverySeriesAchieved() {
        let a = engine.assess(ic03, observations: [obs("IC03.a", 2023, 5), obs("IC03.b", 2023, 10), obs("IC03.c", 2023, 51)], region: yueyang)
        #expect(a.status == .targetAchieved)
        #expect(a.score == 5)
        let none = engine.assess(ic03, observations: [], region: yueyang)
        #expect(none.status == .notAvailable)
        #expect(none.score == nil)
    }

    @Test func duplicateYearsMakeSeriesUnavailable() {
        let s = single("D", baseline: Baseline(year: 2020, value: 1), Target(kind: .level, value: 2, year: 2025))
        let a = engine.assess(s, observations: [obs("D", 2022, 1.2), obs("D", 2022, 1.3)], region: yueyang)
        #expect(a.status == .notAvailable)
        #expect(a.warnings.contains { $0.contains("duplicate years") && $0.contains("2022") })
        let same = engine.assess(s, observations: [obs("D", 2022, 1.2), obs("D", 2022, 1.2)], region: yueyang)
        #expect(same.status != .notAvailable)
    }

    @Test func regionAsOfAndMissingValues() {
        let s = single("R", baseline: Baseline(year: 2020, value: 10), Target(kind: .level, value: 20, year: 2025))
        let data = [
            obs("R", 2022, 12), obs("R", 2023, nil, region: yueyang, status: ".."), obs("R", 2024, 19),
            obs("R", 2023, 99, region: "430000"),
        ]
        let asOf2023 = AssessmentEngine(profile: .statcan, asOf: 2023).assess(s, observations: data, region: yueyang)
        #expect(asOf2023.currentYear == 2022 && asOf2023.currentValue == 12)
        #expect(asOf2023.warnings.contains { $0.contains("1 missing figure") && $0.contains("2023") })
        let all = engine.assess(s, observations: data, region: yueyang)
        #expect(all.currentYear == 2024 && all.currentValue == 19)
        let other = engine.assess(s, observations: data, region: "430000")
        #expect(other.currentValue == 99)
    }

    @Test func planAssessmentKeyedByIndicator() {
        let plan = Plan(
            id: "t", name: LocalizedText(zh: "测试"), startYear: 2021, endYear: 2025,
            region: Region(code: yueyang, name: LocalizedText(zh: "岳阳市")),
            indicators: [
                single("K14", binding: true, unit: "年", baseline: Baseline(year: 2020, value: 11.41), Target(kind: .level, value: 11.51, year: 2025)),
                ic03,
                single("LV05", unit: "万户", Target(kind: .level, value: 3.5, year: 2025, cumulative: true)),
            ]
        )
        let data = [
            obs("K14", 2023, 11.48), obs("K14", 2023, 50, region: "430000"), obs("IC03.a", 2023, 5),
            obs("x.context", 2023, 1), obs("LV05", 2021, 0.8), obs("LV05", 2022, 0.7),
        ]
        let result = engine.assess(plan: plan, observations: data)
        #expect(Set(result.keys) == ["K14", "IC03", "LV05"])
        #expect(result["K14"]?.currentValue == 11.48)
        #expect(result["K14"]?.status == .substantialProgress)
        #expect(result["IC03"]?.components.count == 3)
        #expect(isClose(result["LV05"]?.elapsedShare, 0.4))
    }

    @Test func assessmentRoundTripsThroughJSON() throws {
        let a = engine.assess(ic03, observations: [obs("IC03.a", 2023, 5)], region: yueyang)
        let data = try JSONEncoder().encode(a)
        let back = try JSONDecoder().decode(Assessment.self, from: data)
        #expect(back == a)
    }
}

@Suite("AssessmentEngine: explanation")
struct ExplanationTests {
    @Test func explanationCarriesTheNumbers() {
        let gdp = single("H01", unit: "亿元", baseline: Baseline(year: 2015, value: 2886.28), Target(kind: .level, value: 4820, year: 2020))
        let a = engine.assess(gdp, observations: [obs("H01", 2020, 4001.55)], region: yueyang)
        for fragment in ["4820", "2886.28", "4001.55", "6.752%", "10.800%", "0.6252", "not_achieved", "d = +1"] {
            #expect(a.explanation.contains(fragment), "missing \(fragment)")
        }
        #expect(a.projectedValue == nil)  // the target year is reached: nothing to project
        #expect(isClose(a.elapsedShare, 1))
    }
}
