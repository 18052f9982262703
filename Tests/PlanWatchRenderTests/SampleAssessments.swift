import Foundation
import ReportKit

/// A small plan and assessments for the run-wide CSV and JSON, including a multi-series indicator.
enum SampleAssessments {
    static func plan() -> Plan {
        Plan(
            id: "demo", name: LocalizedText(zh: "示例规划", en: "Demo plan"), startYear: 2021, endYear: 2025,
            region: Region(code: "440000", name: LocalizedText(zh: "广东省", en: "Guangdong")),
            indicators: [
                Indicator(
                    id: "EC03", name: LocalizedText(zh: "单位GDP二氧化碳排放降低", en: "CO2 emissions per unit of GDP"),
                    module: "ecology", attribute: .binding, seedReference: "专栏1 #12",
                    series: [IndicatorSeries(
                        id: "EC03", name: LocalizedText(zh: "单位GDP二氧化碳排放降低"), unit: "%", direction: .lowerIsBetter,
                        baseline: Baseline(year: 2020, value: 100), target: Target(kind: .level, value: 82, year: 2025))]),
                Indicator(
                    id: "IC02", name: LocalizedText(zh: "百亿级企业数量", en: "Firms above 10 bn"),
                    module: "industry-chains", attribute: .expected, seedReference: "专栏2 #1",
                    series: [
                        IndicatorSeries(
                            id: "IC02.a", name: LocalizedText(zh: "百亿级企业", en: "above 10 bn"), unit: "家", direction: .higherIsBetter,
                            baseline: Baseline(year: 2020, value: 2), target: Target(kind: .level, value: 5, year: 2025)),
                        IndicatorSeries(
                            id: "IC02.b", name: LocalizedText(zh: "五十亿级企业", en: "above 5 bn"), unit: "家", direction: .higherIsBetter,
                            baseline: Baseline(year: 2020, value: 4), target: Target(kind: .level, value: 10, year: 2025)),
                    ]),
            ])
    }

    static func list() -> [Assessment] {
        let thresholds = Thresholds(high: 0.95, medium: 0.6, low: 0)
        var ec03 = Assessment(
            indicatorID: "EC03", seriesID: "EC03", profile: .statcan, method: .targetRatio, thresholds: thresholds,
            direction: .lowerIsBetter, targetKind: .level, status: .deterioration)
        ec03.baseYear = 2020; ec03.baseValue = 100; ec03.currentYear = 2023; ec03.currentValue = 102.35
        ec03.targetYear = 2025; ec03.targetValue = 82; ec03.cagrObserved = 0.007783; ec03.cagrRequired = -0.038897
        ec03.progressValue = -0.2001; ec03.score = -3.33; ec03.progressShare = -0.1306; ec03.elapsedShare = 0.6
        ec03.projectedValue = 103.95; ec03.bindingAlert = true
        ec03.warnings = ["2020 baseline disturbed by the epidemic", "=HYPERLINK(\"http://x\") from a feed note"]

        var a = Assessment(
            indicatorID: "IC02", seriesID: "IC02.a", profile: .statcan, method: .targetRatio, thresholds: thresholds,
            direction: .higherIsBetter, targetKind: .level, status: .substantialProgress)
        a.baseYear = 2020; a.baseValue = 2; a.currentYear = 2023; a.currentValue = 4; a.targetYear = 2025; a.targetValue = 5
        a.cagrObserved = 0.259921; a.cagrRequired = 0.201124; a.progressValue = 1.29234; a.score = 4.946
        var b = Assessment(
            indicatorID: "IC02", seriesID: "IC02.b", profile: .statcan, method: .targetRatio, thresholds: thresholds,
            direction: .higherIsBetter, targetKind: .level, status: .notAvailable)
        b.baseYear = 2020; b.baseValue = 4; b.targetYear = 2025; b.targetValue = 10
        b.warnings = ["fewer than two years"]
        var combined = Assessment(
            indicatorID: "IC02", seriesID: "IC02", profile: .statcan, method: .seriesMean, thresholds: thresholds,
            direction: .higherIsBetter, targetKind: .level, status: .substantialProgress)
        combined.score = 4.946
        combined.components = [a, b]
        return [ec03, combined]
    }
}
