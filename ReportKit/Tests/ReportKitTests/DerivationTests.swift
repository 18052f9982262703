import Foundation
import Testing
@testable import ReportKit

@Suite("Derived series: expressions, units, computation")
struct DerivationTests {
    func k07(_ expr: String = "x.budget-revenue / x.gdp-level * 100") throws -> (Plan, Derivation) {
        let tree = try DerivedExpression.parse(expr)
        let derivation = Derivation(expression: expr, tree: tree, inputUnits: ["x.budget-revenue": "亿元", "x.gdp-level": "亿元"],
                                    unit: nil, definedAt: "plan.yaml:12")
        var s = series("K07", baseline: Baseline(year: 2020, value: 3.8), Target(kind: .maintain, value: 3.8, year: 2025, text: "3.8"))
        s.derivation = derivation
        let plan = Plan(id: "p", name: LocalizedText(zh: "p"), startYear: 2021, endYear: 2025,
                        region: Region(code: yueyang, name: LocalizedText(zh: "岳阳市")), indicators: [indicator("K07", [s])])
        return (plan, derivation)
    }

    @Test func parsesIdsWithHyphensNumbersAndPrecedence() throws {
        let tree = try DerivedExpression.parse("(x.a-b - 2) * 3 / -x.c")
        #expect(tree.inputs == ["x.a-b", "x.c"])
        #expect(tree.evaluate(["x.a-b": 8, "x.c": 2]) == -9)
        #expect(try DerivedExpression.parse("1 + 2 * 3").evaluate([:]) == 7)
        #expect(try DerivedExpression.parse("x.a / x.b").evaluate(["x.a": 1, "x.b": 0]) == nil, "division by zero gives no figure")
    }

    @Test(arguments: [
        ("x.a / ", 7, "ends"),
        ("x.a ** 2", 6, "unexpected '*'"),
        ("(x.a / x.b", 1, "never closed"),
        ("x.a / 1.2.3", 7, "not a decimal"),
        ("x.a $ x.b", 5, "unexpected '$'"),
        ("x.a x.b", 5, "expected an operator"),
    ])
    func parseErrorsCarryTheColumn(expr: String, column: Int, message: String) {
        #expect {
            _ = try DerivedExpression.parse(expr)
        } throws: { error in
            guard let e = error as? DerivationError else { return false }
            return e.column == column && e.message.contains(message)
        }
    }

    @Test func unitsMustCombine() throws {
        let units = ["x.a": "亿元", "x.b": "%", "x.deaths": "人"]
        #expect(try Derivation.unit(of: DerivedExpression.parse("x.a / x.a * 100"), inputUnits: units) == .dimensionless)
        #expect(try Derivation.unit(of: DerivedExpression.parse("x.deaths / x.a"), inputUnits: units) == DerivedUnit(parsing: "人/亿元"))
        #expect(throws: DerivationError.self) { try Derivation.unit(of: DerivedExpression.parse("x.a + x.b"), inputUnits: units) }
    }

    @Test func derivesWhereEveryInputExistsWithProvenanceAndWeakestStatus() throws {
        let (plan, _) = try k07()
        let inputs = [
            obs("x.gdp-level", 2021, 4402.98, unit: "亿元"), obs("x.gdp-level", 2022, 4710.67, unit: "亿元"),
            obs("x.gdp-level", 2023, 4841.78, unit: "亿元", status: "p"),
            obs("x.budget-revenue", 2022, 185, unit: "亿元"), obs("x.budget-revenue", 2023, 200, unit: "亿元"),
        ]
        let result = engine.derive(plan: plan, observations: inputs)
        #expect(result.observations.map(\.period.year) == [2022, 2023], "2021 lacks budget revenue: no figure, never a zero")
        let y2022 = try #require(result.observations.first)
        #expect(abs((y2022.value ?? 0) - 185 / 4710.67 * 100) < 1e-12)
        #expect(y2022.status == nil && y2022.unit == "%")
        #expect(y2022.provenance.isDerived && y2022.provenance.location == "plan.yaml:12")
        #expect(y2022.provenance.inputs?.map(\.indicator) == ["x.budget-revenue", "x.gdp-level"])
        #expect(y2022.provenance.inputs?.map(\.value) == [185, 4710.67])
        #expect(result.observations[1].status == "p", "a provisional input makes a provisional result")
        #expect(result.warnings.contains { $0.contains("2021") && $0.contains("x.budget-revenue") })

        let assessed = engine.assess(plan: plan, observations: result.observations)
        let a = try #require(assessed["K07"])
        #expect(a.currentYear == 2023 && a.explanation.contains("derived") && a.explanation.contains("x.gdp-level 2022 = 4710.67"))
    }

    @Test func inputInAnotherUnitIsRefusedNotConverted() throws {
        let (plan, _) = try k07()
        let result = engine.derive(plan: plan, observations: [
            obs("x.gdp-level", 2022, 47_106_700, unit: "万元"), obs("x.budget-revenue", 2022, 185, unit: "亿元"),
        ])
        #expect(result.observations.isEmpty)
        #expect(result.warnings.contains { $0.contains("'万元'") && $0.contains("'亿元'") })
    }

    @Test func aPublishedFigureStandsOverTheDerivedOne() throws {
        let (plan, _) = try k07()
        let result = engine.derive(plan: plan, observations: [
            obs("K07", 2022, 3.9), obs("x.gdp-level", 2022, 4710.67, unit: "亿元"), obs("x.budget-revenue", 2022, 185, unit: "亿元"),
        ])
        #expect(result.observations.isEmpty)
    }
}

@Suite("Measure checks: baseline-year figures against the plan's baseline")
struct MeasureCheckTests {
    let k22 = single("K22", binding: true, baseline: Baseline(year: 2020, value: 93.8),
                     Target(kind: .floor, value: 94.1, year: 2025, text: "94.1以上", limit: 100))
    let figures = [obs("K22", 2020, 81.2), obs("K22", 2021, 82.0), obs("K22", 2022, 84.0), obs("K22", 2024, 84.0)]

    @Test func differingBaselineWithholdsTheStatusAndTheAlert() throws {
        let a = engine.assess(k22, observations: figures, region: yueyang)
        let check = try #require(a.measureCheck)
        #expect(check.sourceValue == 81.2 && check.planBaseline == 93.8 && !check.confirmed)
        #expect(check.withheldStatus == .deterioration)
        #expect(a.status == .pending && a.score == nil && !a.bindingAlert)
        #expect(a.explanation.contains("口径与规划基期不一致"))
    }

    @Test func confirmedMappingAssessesAsBefore() {
        var confirming = engine
        confirming.confirmedMeasures = ["K22"]
        let confirmed = confirming.assess(k22, observations: figures, region: yueyang)
        let withoutBaseYear = engine.assess(k22, observations: Array(figures.dropFirst()), region: yueyang)
        #expect(confirmed.status == withoutBaseYear.status && confirmed.status == .deterioration)
        #expect(confirmed.bindingAlert && withoutBaseYear.bindingAlert)
        #expect(confirmed.measureCheck?.confirmed == true && withoutBaseYear.measureCheck == nil)
    }

    @Test func roundingIsNotADifference() {
        // 45.3 is 45.31 to one decimal; 90.7 equals 90.7.
        let k23 = single("K23", baseline: Baseline(year: 2020, value: 45.31), Target(kind: .maintain, value: 45.31, year: 2025, text: "45.31"))
        #expect(engine.assess(k23, observations: [obs("K23", 2020, 45.3), obs("K23", 2022, 45.31)], region: yueyang).measureCheck == nil)
        #expect(engine.assess(k23, observations: [obs("K23", 2020, 45.2), obs("K23", 2022, 45.31)], region: yueyang).measureCheck != nil)
    }
}
