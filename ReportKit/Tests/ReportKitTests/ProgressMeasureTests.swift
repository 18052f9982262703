import Foundation
import Testing
@testable import ReportKit

/// |a - b| <= tolerance, with a readable failure when `a` is nil.
func isClose(_ a: Double?, _ b: Double, tolerance: Double = 1e-12) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= tolerance * max(1, abs(b))
}

/// One published Statistics Canada row (ASSESSMENT.md part 2 table).
struct PublishedRow: Sendable, CustomTestStringConvertible {
    var base: Double, baseYear: Int, current: Double, currentYear: Int
    var target: Double?, targetYear: Int?, direction: Direction, limit: Double?
    /// The progress value exactly as printed.
    var publishedR: String
    var status: AssessmentStatus
    var testDescription: String { "\(base) (\(baseYear)) → \(current) (\(currentYear)), R \(publishedR)" }

    /// Half a unit in the last printed decimal place: the published figures are rounded, so this is the
    /// tightest tolerance under which an exact implementation must agree with every one of them.
    var tolerance: Double {
        let decimals = publishedR.split(separator: ".").last.map(\.count) ?? 0
        return 0.5 * pow(10, -Double(decimals))
    }
}

let statcanTable: [PublishedRow] = [
    .init(base: 14.5, baseYear: 2015, current: 10.2, currentYear: 2023, target: 7.25, targetYear: 2030, direction: .lowerIsBetter, limit: nil, publishedR: "0.95259", status: .substantialProgress),
    .init(base: 63.0, baseYear: 2005, current: 74.0, currentYear: 2020, target: 85, targetYear: 2030, direction: .higherIsBetter, limit: nil, publishedR: "0.89494", status: .moderateProgress),
    .init(base: 10.1, baseYear: 2015, current: 13.7, currentYear: 2023, target: 30, targetYear: 2030, direction: .higherIsBetter, limit: nil, publishedR: "0.51601", status: .limitedProgress),
    .init(base: 66, baseYear: 2016, current: 64, currentYear: 2021, target: 71, targetYear: 2030, direction: .higherIsBetter, limit: nil, publishedR: "-1.17319", status: .deterioration),
    .init(base: 26866, baseYear: 2016, current: 36058, currentYear: 2024, target: 13433, targetYear: 2028, direction: .lowerIsBetter, limit: nil, publishedR: "-0.66758", status: .deterioration),
    .init(base: 8.1, baseYear: 2015, current: 7.3, currentYear: 2023, target: 8.0, targetYear: 2025, direction: .lowerIsBetter, limit: nil, publishedR: "10.40257", status: .targetAchieved),
    .init(base: 630, baseYear: 2015, current: 553, currentYear: 2022, target: nil, targetYear: nil, direction: .lowerIsBetter, limit: nil, publishedR: "0.018451", status: .substantialProgress),
    .init(base: 590.5, baseYear: 2015, current: 563.1, currentYear: 2022, target: nil, targetYear: nil, direction: .lowerIsBetter, limit: nil, publishedR: "0.006765", status: .moderateProgress),
    .init(base: 619, baseYear: 2015, current: 686, currentYear: 2022, target: nil, targetYear: nil, direction: .lowerIsBetter, limit: nil, publishedR: "-0.014790", status: .deterioration),
    .init(base: 97.4, baseYear: 2015, current: 99.7, currentYear: 2022, target: nil, targetYear: nil, direction: .higherIsBetter, limit: 100, publishedR: "0.003340", status: .substantialProgress),
]

@Suite("ProgressMeasure: Statistics Canada benchmark")
struct StatcanBenchmarkTests {
    @Test(arguments: statcanTable)
    func reproducesPublishedRow(_ row: PublishedRow) throws {
        let result = ProgressMeasure.measure(
            baseYear: row.baseYear, baseValue: row.base, currentYear: row.currentYear, currentValue: row.current,
            targetYear: row.targetYear, targetValue: row.target, direction: row.direction, limit: row.limit,
            profile: .statcan
        )
        let r = try #require(result.progressValue)
        let published = try #require(Double(row.publishedR))
        #expect(abs(r - published) <= row.tolerance, "R \(r) vs published \(published)")
        #expect(result.status == row.status)
        #expect(result.warnings.isEmpty)
    }

    @Test func sameRowsThroughTheCSVRowAPI() throws {
        for row in statcanTable {
            var fields = [
                "series": "s", "base_year": "\(row.baseYear)", "base_value": "\(row.base)",
                "current_year": "\(row.currentYear)", "current_value": "\(row.current)",
                "direction": "\(row.direction.rawValue)",
            ]
            if let t = row.target, let ty = row.targetYear { fields["target"] = "\(t)"; fields["target_year"] = "\(ty)" }
            if let l = row.limit { fields["limit"] = "\(l)" }
            let out = try ProgressMeasure.assess(row: fields)
            #expect(out.status == row.status)
            #expect(abs(out.progressValue! - Double(row.publishedR)!) <= row.tolerance)
        }
    }

    @Test func firstRowExactFormula() {
        // R = s*d*CAGR_o/|CAGR_r| recomputed independently.
        let cagrO = pow(10.2 / 14.5, 1.0 / 8) - 1
        let cagrR = pow(7.25 / 14.5, 1.0 / 15) - 1
        let r = ProgressMeasure.measure(
            baseYear: 2015, baseValue: 14.5, currentYear: 2023, currentValue: 10.2, targetYear: 2030,
            targetValue: 7.25, direction: .lowerIsBetter
        )
        #expect(isClose(r.cagrObserved, cagrO))
        #expect(isClose(r.cagrRequired, cagrR))
        #expect(isClose(r.progressValue, -cagrO / abs(cagrR)))
        #expect(isClose(r.score, 7.1429 * (-cagrO / abs(cagrR)) - 4.2857))
    }

    @Test func achievedRowScoresFiveButKeepsR() {
        let r = ProgressMeasure.measure(
            baseYear: 2015, baseValue: 8.1, currentYear: 2023, currentValue: 7.3, targetYear: 2025, targetValue: 8.0,
            direction: .lowerIsBetter
        )
        #expect(r.targetAchieved)
        #expect(r.score == 5)
        #expect(isClose(r.progressValue, 10.40257, tolerance: 5e-7))
    }

    @Test func boundedRowCoefficient() {
        let r = ProgressMeasure.measure(
            baseYear: 2015, baseValue: 97.4, currentYear: 2022, currentValue: 99.7, limit: 100
        )
        let c = 1 - pow(0.974, 4.44)
        #expect(isClose(r.boundCoefficient, c))
        #expect(isClose(r.thresholds.high, 0.015 * c))
        #expect(isClose(r.thresholds.medium, 0.005 * c))
        // R >= high*C: min(500 R / C - 5, 5) = 5 here (R/C is large).
        #expect(r.score == 5)
    }
}

@Suite("ProgressMeasure: eurostat profile")
struct EurostatTests {
    func measure(_ x0: Double, _ xt: Double, _ d: Direction, limit: Double? = nil) -> ProgressMeasure.Result {
        ProgressMeasure.measure(baseYear: 2015, baseValue: x0, currentYear: 2022, currentValue: xt, direction: d, limit: limit, profile: .eurostat)
    }

    @Test func noTargetThresholds() {
        #expect(measure(630, 553, .lowerIsBetter).status == .substantialProgress)  // R 0.01845 >= 0.01
        #expect(measure(590.5, 563.1, .lowerIsBetter).status == .moderateProgress)  // 0.00676 >= 0
        #expect(measure(619, 686, .lowerIsBetter).status == .deterioration)  // -0.01479 < -0.01
        // (96/100)^(1/7) - 1 = -0.00581: between -0.01 and 0.
        let away = measure(100, 96, .higherIsBetter)
        #expect(isClose(away.progressValue, pow(0.96, 1.0 / 7) - 1))
        #expect(away.status == .limitedProgress)
        #expect(away.status.english(profile: .eurostat, hasTarget: false) == "moderate movement away")
        // The same series is deterioration under statcan, whose low threshold is 0.
        let statcan = ProgressMeasure.measure(baseYear: 2015, baseValue: 100, currentYear: 2022, currentValue: 96)
        #expect(statcan.status == .deterioration)
    }

    @Test func thresholdBoundariesAreInclusive() {
        let t = ProgressProfile.eurostat.noTargetThresholds
        #expect(ProgressMeasure.noTargetStatus(progressValue: 0.01, thresholds: t) == .substantialProgress)
        #expect(ProgressMeasure.noTargetStatus(progressValue: 0.0099999, thresholds: t) == .moderateProgress)
        #expect(ProgressMeasure.noTargetStatus(progressValue: 0, thresholds: t) == .moderateProgress)
        #expect(ProgressMeasure.noTargetStatus(progressValue: -0.01, thresholds: t) == .limitedProgress)
        #expect(ProgressMeasure.noTargetStatus(progressValue: -0.0100001, thresholds: t) == .deterioration)
    }

    @Test func limitIsIgnoredWithWarning() {
        let r = measure(97.4, 99.7, .higherIsBetter, limit: 100)
        #expect(r.boundCoefficient == nil)
        #expect(r.thresholds == ProgressProfile.eurostat.noTargetThresholds)
        #expect(r.status == .moderateProgress)  // 0.00334 between 0 and 0.01
        #expect(r.warnings.contains { $0.contains("natural limit") })
    }

    @Test func scoreAnchors() {
        #expect(isClose(ProgressMeasure.noTargetScore(progressValue: 0.01, profile: .eurostat), 2.5))
        #expect(isClose(ProgressMeasure.noTargetScore(progressValue: 0, profile: .eurostat), 0))
        #expect(isClose(ProgressMeasure.noTargetScore(progressValue: -0.01, profile: .eurostat), -2.5))
        #expect(isClose(ProgressMeasure.noTargetScore(progressValue: 0.005, profile: .eurostat), 1.25))
        #expect(ProgressMeasure.noTargetScore(progressValue: 0.5, profile: .eurostat) == 5)
        #expect(ProgressMeasure.noTargetScore(progressValue: -0.5, profile: .eurostat) == -5)
    }

    @Test func targetRowsAreTheSameUnderBothProfiles() {
        for row in statcanTable where row.target != nil {
            let a = ProgressMeasure.measure(baseYear: row.baseYear, baseValue: row.base, currentYear: row.currentYear, currentValue: row.current, targetYear: row.targetYear, targetValue: row.target, direction: row.direction, profile: .eurostat)
            #expect(a.status == row.status)
        }
    }
}

@Suite("ProgressMeasure: guards")
struct GuardTests {
    @Test func zeroBaseReplaced() {
        let r = ProgressMeasure.measure(baseYear: 2015, baseValue: 0, currentYear: 2020, currentValue: 5, targetYear: 2025, targetValue: 10)
        #expect(r.baseValue == 0.001)
        #expect(isClose(r.cagrObserved, pow(5 / 0.001, 1.0 / 5) - 1))
        #expect(isClose(r.cagrRequired, pow(10 / 0.001, 1.0 / 10) - 1))
        #expect(r.warnings.contains { $0.contains("base value is 0") })
    }

    @Test func zeroTargetReplaced() {
        let r = ProgressMeasure.measure(baseYear: 2015, baseValue: 10, currentYear: 2020, currentValue: 5, targetYear: 2030, targetValue: 0, direction: .lowerIsBetter)
        #expect(r.targetValue == 0.001)
        let cagrO = pow(0.5, 1.0 / 5) - 1
        let cagrR = pow(0.001 / 10, 1.0 / 15) - 1
        #expect(isClose(r.progressValue, -cagrO / abs(cagrR)))
        #expect(r.warnings.contains { $0.contains("target is 0") })
        #expect(!r.targetAchieved)  // achieved is checked on the published 0, not on 0.001
    }

    @Test func oppositeSignsGiveNoValue() {
        let r = ProgressMeasure.measure(baseYear: 2015, baseValue: -5, currentYear: 2020, currentValue: 3, targetYear: 2025, targetValue: 10)
        #expect(r.cagrObserved == nil)
        #expect(r.progressValue == nil)
        #expect(r.score == nil)
        #expect(r.status == .notAvailable)
        #expect(r.warnings.contains { $0.contains("opposite signs") })
    }

    @Test func negativeBaseFlipsSign() {
        // -10 → -5 with higher-is-better is an improvement although the ratio falls.
        let r = ProgressMeasure.measure(baseYear: 2015, baseValue: -10, currentYear: 2020, currentValue: -5)
        let cagrO = pow(0.5, 1.0 / 5) - 1
        #expect(isClose(r.progressValue, -cagrO))
        #expect(r.progressValue! > 0)
        #expect(r.status == .substantialProgress)
    }

    @Test func fewerThanTwoYears() {
        // 6 is above the target 4 (higher is better): achieved, by the check that comes first.
        let met = ProgressMeasure.measure(baseYear: 2020, baseValue: 5, currentYear: 2020, currentValue: 6, targetYear: 2025, targetValue: 4)
        #expect(met.status == .targetAchieved)
        #expect(met.progressValue == nil)
        #expect(met.score == 5)
        let r = ProgressMeasure.measure(baseYear: 2020, baseValue: 5, currentYear: 2020, currentValue: 6, targetYear: 2025, targetValue: 8)
        #expect(r.status == .notAvailable)
        #expect(r.progressValue == nil)
        #expect(r.score == nil)
    }

    @Test func duplicateYearsThrow() {
        #expect(throws: ProgressMeasureError.duplicateYears) {
            try ProgressMeasure.measure(series: [(2015, 1), (2016, 2), (2016, 3)], targetYear: 2020, targetValue: 5)
        }
        do {
            _ = try ProgressMeasure.measure(series: [(2016, 1), (2016, 2), (2017, 3), (2017, 3)])
            Issue.record("expected an error")
        } catch let error as ProgressMeasureError {
            #expect(error.description.contains("2016, 2017"))
        } catch { Issue.record("wrong error \(error)") }
    }

    @Test func seriesBaseIsNextLaterYear() throws {
        let r = try ProgressMeasure.measure(series: [(2014, 9), (2017, 10), (2020, 12)], baseYear: 2015)
        #expect(r.baseYear == 2017)
        #expect(r.currentYear == 2020)
        #expect(isClose(r.cagrObserved, pow(1.2, 1.0 / 3) - 1))
        #expect(r.warnings.contains { $0.contains("2017 used as the base") })
    }

    @Test func targetEqualToBaseMovingAwayIsDeterioration() {
        let r = ProgressMeasure.measure(baseYear: 2015, baseValue: 10, currentYear: 2020, currentValue: 9, targetYear: 2025, targetValue: 10)
        #expect(r.progressValue == nil)
        #expect(r.status == .deterioration)
        #expect(r.score == -5)
    }
}

@Suite("ProgressMeasure: scores and coefficient")
struct ScoreTests {
    @Test func targetScoreFormulas() {
        #expect(ProgressMeasure.targetScore(progressValue: nil, achieved: true) == 5)
        #expect(ProgressMeasure.targetScore(progressValue: nil, achieved: false) == nil)
        #expect(isClose(ProgressMeasure.targetScore(progressValue: 0.95, achieved: false), 7.1429 * 0.95 - 4.2857))
        #expect(isClose(ProgressMeasure.targetScore(progressValue: 0.6, achieved: false), 7.1429 * 0.6 - 4.2857))
        #expect(isClose(ProgressMeasure.targetScore(progressValue: 0.5999, achieved: false), 4.1667 * 0.5999 - 2.5))
        #expect(isClose(ProgressMeasure.targetScore(progressValue: 0, achieved: false), -2.5))
        #expect(ProgressMeasure.targetScore(progressValue: 1.3, achieved: false) == 5)  // 5.00007 capped
        #expect(ProgressMeasure.targetScore(progressValue: -0.6, achieved: false) == -5)  // -5.00002 capped
        #expect(isClose(ProgressMeasure.targetScore(progressValue: -0.5, achieved: false), 4.1667 * -0.5 - 2.5))
    }

    @Test func noTargetScoreStatcan() {
        #expect(isClose(ProgressMeasure.noTargetScore(progressValue: 0.015), 2.5))
        #expect(isClose(ProgressMeasure.noTargetScore(progressValue: 0.005), 0))
        #expect(isClose(ProgressMeasure.noTargetScore(progressValue: 0), -2.5))
        #expect(isClose(ProgressMeasure.noTargetScore(progressValue: 0.01), 1.25))
        #expect(isClose(ProgressMeasure.noTargetScore(progressValue: 0.0025), -1.25))
        #expect(isClose(ProgressMeasure.noTargetScore(progressValue: -0.01), -3.75))
        #expect(ProgressMeasure.noTargetScore(progressValue: -0.03) == -5)
        #expect(ProgressMeasure.noTargetScore(progressValue: 0.03) == 5)
        #expect(ProgressMeasure.noTargetScore(progressValue: 0.001, boundCoefficient: 0) == 5)
        #expect(ProgressMeasure.noTargetScore(progressValue: -0.001, boundCoefficient: 0) == max(125 * -0.001 - 2.5, -5))
        // With C = 0.5 the high threshold is 0.0075 and R/C is scored.
        #expect(isClose(ProgressMeasure.noTargetScore(progressValue: 0.0075, boundCoefficient: 0.5), 2.5))
        #expect(isClose(ProgressMeasure.noTargetScore(progressValue: 0.004, boundCoefficient: 0.5), 250 * 0.008 - 1.25))
    }

    @Test func boundCoefficientPieces() {
        #expect(ProgressMeasure.boundCoefficient(baseValue: 250, limit: 100) == 1)
        #expect(ProgressMeasure.boundCoefficient(baseValue: 200, limit: 100) == 1)
        #expect(ProgressMeasure.boundCoefficient(baseValue: 100, limit: 100) == 0)
        #expect(isClose(ProgressMeasure.boundCoefficient(baseValue: 50, limit: 100), 1 - pow(0.5, 4.44)))
        #expect(isClose(ProgressMeasure.boundCoefficient(baseValue: 150, limit: 100), 1 - pow(0.5, 4.44)))
        #expect(isClose(ProgressMeasure.boundCoefficient(baseValue: -97.4, limit: 100), 1 - pow(0.974, 4.44)))
    }

    @Test func statusFromScore() {
        #expect(ProgressMeasure.status(forScore: 2.5) == .substantialProgress)
        #expect(ProgressMeasure.status(forScore: 2.4999) == .moderateProgress)
        #expect(ProgressMeasure.status(forScore: 0) == .moderateProgress)
        #expect(ProgressMeasure.status(forScore: -0.0001) == .limitedProgress)
        #expect(ProgressMeasure.status(forScore: -2.5) == .limitedProgress)
        #expect(ProgressMeasure.status(forScore: -2.5001) == .deterioration)
    }

    @Test func targetThresholdBoundaries() {
        let t = ProgressProfile.statcan.targetThresholds
        #expect(ProgressMeasure.targetStatus(progressValue: 0.95, thresholds: t) == .substantialProgress)
        #expect(ProgressMeasure.targetStatus(progressValue: 0.9499, thresholds: t) == .moderateProgress)
        #expect(ProgressMeasure.targetStatus(progressValue: 0.6, thresholds: t) == .moderateProgress)
        #expect(ProgressMeasure.targetStatus(progressValue: 0.5999, thresholds: t) == .limitedProgress)
        #expect(ProgressMeasure.targetStatus(progressValue: 0, thresholds: t) == .limitedProgress)
        #expect(ProgressMeasure.targetStatus(progressValue: -0.0001, thresholds: t) == .deterioration)
    }
}

@Suite("ProgressMeasure: CSV rows")
struct CSVRowTests {
    @Test func parsesHeaderAndValues() throws {
        let row = try ProgressMeasure.Row(
            header: ProgressMeasure.Row.columns + ["extra"],
            values: ["K26", "2016", "26866", "2024", "36058", "13433", "2028", "-1", "", "ignored"]
        )
        #expect(row.direction == .lowerIsBetter)
        #expect(row.limit == nil)
        let out = ProgressMeasure.assess(row)
        #expect(out.status == .deterioration)
        #expect(abs(out.progressValue! - -0.66758) <= 0.5e-5)
        let fields = out.csvFields
        #expect(fields.count == ProgressMeasure.RowResult.csvHeader.count)
        #expect(fields[0] == "K26")
        #expect(fields[2] == "deterioration")
        #expect(Double(fields[1]) == out.progressValue)
    }

    @Test func blanksAndDefaults() throws {
        let out = try ProgressMeasure.assess(row: [
            " Base_Year ": "2015", "base_value": " 630 ", "current_year": "2022", "current_value": "553",
            "direction": "lower", "target": "", "target_year": "",
        ])
        #expect(out.status == .substantialProgress)
        #expect(out.result?.hasTarget == false)
        #expect(out.series == "")
    }

    @Test func errorsNameTheColumn() {
        // Unreadable text is an error (the file is malformed), whatever else the row lacks.
        #expect(throws: ProgressMeasureError.invalidField) {
            try ProgressMeasure.assess(row: ["base_year": "2015", "base_value": "x", "current_year": "2020", "current_value": "2"])
        }
        #expect(throws: ProgressMeasureError.invalidField) {
            try ProgressMeasure.assess(row: ["base_year": "2015", "base_value": "1", "current_year": "2020", "current_value": "2", "direction": "2"])
        }
        #expect(throws: ProgressMeasureError.invalidField) {
            try ProgressMeasure.assess(row: ["base_year": "", "base_value": "", "current_year": "2020", "current_value": "two"])
        }
        do {
            _ = try ProgressMeasure.assess(row: ["base_year": "2015", "base_value": "abc", "current_year": "2020", "current_value": "2"])
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("base_value"))
            #expect("\(error)".contains("abc"))
        }
        // The parsed-row API still refuses a row it cannot build, naming every empty column.
        do {
            _ = try ProgressMeasure.Row(fields: ["base_year": "2015", "current_value": "2"])
            Issue.record("expected an error")
        } catch let error as ProgressMeasureError {
            #expect(error == .missingField)
            #expect(error.detail.contains("'base_value', 'current_year'"), "\(error)")
        } catch { Issue.record("wrong error \(error)") }
    }
}

/// Rows the method cannot measure are reported, not dropped and not errors: Statistics Canada's published
/// table lists series without a base value as not_available.
@Suite("ProgressMeasure: rows without the cells the method needs")
struct NotAvailableRowTests {
    let complete = ["series": "S", "base_year": "2015", "base_value": "630", "current_year": "2022", "current_value": "553", "direction": "-1"]

    func without(_ column: String, _ extra: [String: String] = [:]) -> [String: String] {
        var fields = complete.merging(extra) { _, new in new }
        fields[column] = ""
        return fields
    }

    @Test(arguments: ["base_value", "base_year", "current_value", "current_year"])
    func emptyNeededCellIsNotAvailableWithTheReason(_ column: String) throws {
        let out = try ProgressMeasure.assess(row: without(column))
        #expect(out.status == .notAvailable)
        #expect(out.series == "S")
        #expect(out.progressValue == nil && out.score == nil && out.result == nil)
        #expect(out.reason?.contains("'\(column)'") == true, "\(out.reason ?? "no reason")")
        let fields = out.csvFields
        #expect(fields.count == ProgressMeasure.RowResult.csvHeader.count)
        #expect(fields[1] == "" && fields[2] == "not_available" && fields[3] == "")
        #expect(fields.last?.contains(column) == true)
    }

    @Test func absentColumnIsTheSameAsAnEmptyCell() throws {
        var fields = complete
        fields["base_value"] = nil
        let out = try ProgressMeasure.assess(row: fields)
        #expect(out.status == .notAvailable)
        #expect(out.warnings == [out.reason!])
    }

    @Test func targetWithoutItsYearIsNotAvailable() throws {
        let out = try ProgressMeasure.assess(row: complete.merging(["target": "500"]) { _, new in new })
        #expect(out.status == .notAvailable)
        #expect(out.reason?.contains("target_year") == true)
    }

    @Test func everyEmptyNeededCellIsNamed() throws {
        let out = try ProgressMeasure.assess(row: ["series": " K24 ", "base_year": "2020", "base_value": "", "current_year": "", "current_value": ""])
        #expect(out.series == "K24")
        #expect(out.reason == "columns 'base_value', 'current_year', 'current_value' are empty; the method needs them: not assessed")
    }

    @Test func completeRowStillMeasured() throws {
        let out = try ProgressMeasure.assess(row: complete)
        #expect(out.status == .substantialProgress)
        #expect(out.reason == nil)
        #expect(out.result != nil)
    }

    @Test func headerCheckNamesTheAbsentColumns() {
        #expect(ProgressMeasure.Row.missingColumns(header: ProgressMeasure.Row.columns).isEmpty)
        #expect(ProgressMeasure.Row.missingColumns(header: [" Base_Year", "BASE_VALUE ", "current_year", "current_value"]).isEmpty)
        #expect(ProgressMeasure.Row.missingColumns(header: ["series", "base_year", "current", "current_year"]) == ["base_value", "current_value"])
    }
}
