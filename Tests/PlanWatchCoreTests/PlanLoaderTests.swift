import Foundation
import Testing
@testable import PlanWatchCore
import ReportKit

/// The loader's promise: every problem names file, line and key.
@Suite struct PlanLoaderTests {
    let minimalHeader = """
    id: test-plan
    name: {zh: 测试规划, en: Test plan}
    start_year: 2021
    end_year: 2025
    region: {code: "430600", zh: 岳阳市}
    indicators:

    """

    func load(_ yaml: String) throws(ConfigProblems) -> PlanLoader.Loaded {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("plan-\(UUID().uuidString).yaml")
        try? yaml.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        return try PlanLoader().load(file: file, displayName: "test.yaml")
    }

    @Test func loadsSingleAndMultiSeriesIndicators() throws {
        let loaded = try load(minimalHeader + """
          - id: K01
            zh: 地区生产总值增长
            en: GDP growth
            module: industry-chains
            attribute: expected
            seed: "专栏2 #1"
            unit: "%"
            baseline: {year: 2020, value: 4.2}
            target: {kind: growth, value: 7.5, year: 2025, text: "7.5"}
          - id: IC03
            zh: 企业数
            module: industry-chains
            attribute: expected
            seed: 第七章第三节
            series:
              - {id: IC03.a, zh: 过100亿, unit: 家, target: {kind: level, value: 5, text: "5家"}}
              - {id: IC03.b, zh: 过50亿, unit: 家, target: {kind: level, value: 10, text: "10家"}}
        """)
        #expect(loaded.plan.indicators.count == 2)
        #expect(loaded.plan.indicators[0].series[0].target == Target(kind: .growth, value: 7.5, year: 2025, text: "7.5"))
        #expect(loaded.plan.indicators[1].series.map(\.id) == ["IC03.a", "IC03.b"])
        #expect(loaded.plan.indicators[1].series[1].target.year == 2025, "target year defaults to the plan's end year")
    }

    /// County series reach the modules (which see no region on a series) as the `series-regions`
    /// reference table; a plan table of that name is refused where it is.
    static let countyPlan = """
    id: test-plan
    name: {zh: 测试规划, en: Test plan}
    start_year: 2021
    end_year: 2025
    region: {code: "430600", zh: 岳阳市}
    regions:
      - {code: "430681", zh: 汨罗市, en: Miluo}
    indicators:
      - id: IC13
        zh: 县域经济
        module: industry-chains
        attribute: expected
        seed: 第七章第三节
        series:
          - {id: IC13.gdp-miluo, region: "430681", zh: 汨罗市地区生产总值, unit: 亿元, target: {kind: level, value: 700, text: "700"}}
          - {id: IC13.share, zh: 县域经济占比, unit: "%", target: {kind: level, value: 60, text: "60"}}

    """

    @Test func countySeriesReachModulesAsReferenceData() throws {
        let loaded = try load(Self.countyPlan)
        #expect(loaded.referenceData[PlanLoader.seriesRegionsTable] == [["series": "IC13.gdp-miluo", "region": "430681", "zh": "汨罗市", "en": "Miluo"]])
        #expect {
            try load(Self.countyPlan + "reference_data:\n  series-regions:\n    - {series: x}\n")
        } throws: { error in
            let text = (error as? ConfigProblems)?.description ?? ""
            return text.contains("test.yaml:") && text.contains("'series-regions' is filled from the series' `region:`")
        }
    }

    @Test func unknownKeyNamesFileLineAndKey() {
        #expect {
            try load(minimalHeader + """
              - id: K01
                zh: 地区生产总值增长
                module: industry-chains
                attribute: expected
                seed: "专栏2 #1"
                unit: "%"
                targte: {kind: growth, value: 7.5, text: "7.5"}
            """)
        } throws: { error in
            let text = (error as? ConfigProblems)?.description ?? ""
            return text.contains("test.yaml:13:") && text.contains("indicators[K01].targte") && text.contains("unknown key 'targte'")
                && text.contains("did you mean 'target'")
        }
    }

    @Test func duplicateIDIsRejectedWithBothLines() {
        #expect {
            try load(minimalHeader + """
              - {id: K01, zh: 甲, module: ecology, attribute: binding, seed: x, unit: "%", target: {kind: floor, value: 86, text: "86"}}
              - {id: K01, zh: 乙, module: ecology, attribute: binding, seed: x, unit: "%", target: {kind: floor, value: 90, text: "90"}}
            """)
        } throws: { error in
            let text = (error as? ConfigProblems)?.description ?? ""
            return text.contains("test.yaml:8:") && text.contains("indicators[K01]: duplicate id 'K01'") && text.contains("first defined at line 7")
        }
    }

    @Test func contradictoryKindsAndMissingFieldsAreAllListed() {
        #expect {
            try load(minimalHeader + """
              - {id: K19, zh: 能耗, module: ecology, attribute: binding, seed: x, unit: "%", target: {kind: qualitative, value: 3, text: "完成"}}
              - {id: K21, zh: 空气, module: ecology, attribute: binding, seed: x, unit: "%", direction: -1, target: {kind: floor, value: 86, text: "86"}}
              - {id: K22, zh: 水, module: oceans, attribute: binding, seed: x, unit: "%", target: {kind: level, text: "94"}}
              - {id: K23, module: ecology, attribute: binding, seed: x, unit: "%", target: {kind: maintain, value: 45.31, text: "45.31"}}
            """)
        } throws: { error in
            let problems = (error as? ConfigProblems)?.problems ?? []
            let text = problems.map(\.description).joined(separator: "\n")
            return problems.count >= 5
                && text.contains("a qualitative target takes no value")
                && text.contains("kind floor contradicts direction -1")
                && text.contains("'oceans' is not a module")
                && text.contains("a level target needs a numeric `value`")
                && text.contains("missing required key 'zh'")
        }
    }
}

/// `derive:` errors are located in the plan file: file:line:col and the key.
@Suite struct PlanDerivationTests {
    let header = PlanLoaderTests().minimalHeader

    func k07(_ derive: String) -> String {
        header + """
          - id: K07
            zh: 地方一般公共预算收入占GDP比重
            module: industry-chains
            attribute: expected
            seed: "专栏2 #7"
            unit: "%"
            baseline: {year: 2020, value: 3.8}
            target: {kind: maintain, value: 3.8, year: 2025, text: "3.8"}
        \(derive)
        """
    }

    @Test func loadsADerivation() throws {
        let loaded = try PlanLoaderTests().load(k07("""
            derive:
              expr: "x.budget-revenue / x.gdp-level * 100"
              inputs: {x.budget-revenue: 亿元, x.gdp-level: 亿元}
        """))
        let d = try #require(loaded.plan.indicators[0].series[0].derivation)
        #expect(d.inputs == ["x.budget-revenue", "x.gdp-level"] && d.definedAt.hasPrefix("test.yaml:"))
    }

    @Test func parseErrorNamesLineColumnAndKey() {
        #expect {
            _ = try PlanLoaderTests().load(k07("""
                derive:
                  expr: "x.budget-revenue / * 100"
                  inputs: {x.budget-revenue: 亿元}
            """))
        } throws: { error in
            let text = "\(error)"
            // Line 16 of the file; the '*' is the 20th character of the expression, which starts after
            // `      expr: "` (column 14).
            return text.contains("test.yaml:16:33: error: indicators[K07].derive.expr: ") && text.contains("unexpected '*'")
        }
    }

    @Test func unitsThatDoNotCombineAreRefused() {
        #expect {
            _ = try PlanLoaderTests().load(k07("""
                derive:
                  expr: "x.budget-revenue + x.gdp-share"
                  inputs: {x.budget-revenue: 亿元, x.gdp-share: "%"}
            """))
        } throws: { error in "\(error)".contains("units do not combine") }
        #expect {
            _ = try PlanLoaderTests().load(k07("""
                derive:
                  expr: "x.deaths / x.gdp-level"
                  inputs: {x.deaths: 人, x.gdp-level: 亿元}
            """))
        } throws: { error in "\(error)".contains("yields 人/亿元 but the series is measured in '%'") }
    }

    @Test func undeclaredAndUnknownInputsAreRefused() {
        #expect {
            _ = try PlanLoaderTests().load(k07("""
                derive:
                  expr: "x.budget-revenue / GDP * 100"
                  inputs: {x.budget-revenue: 亿元, x.unused: 亿元}
            """))
        } throws: { error in
            let text = "\(error)"
            return text.contains("input 'GDP' of") && text.contains("'x.unused' is declared but not used")
        }
    }
}

extension PlanDerivationTests {
    @Test func planSeriesInputsMustMatchTheirUnitAndNotBeDerived() {
        #expect {
            _ = try PlanLoaderTests().load(k07("""
                derive:
                  expr: "K08 / x.population * 100"
                  inputs: {K08: 万人, x.population: 万人}
              - id: K08
                zh: 常住人口城镇化率
                module: livelihood
                attribute: expected
                seed: "专栏2 #8"
                unit: "%"
                target: {kind: level, value: 65, year: 2025, text: "65"}
            """))
        } throws: { error in
            let text = "\(error)"
            return text.contains("test.yaml:") && text.contains("indicators[K07].derive.inputs")
                && text.contains("input 'K08' is declared in '万人' but the plan measures it in '%'")
        }
    }
}
