import Foundation
import Testing
import PlanWatchFeeds
import ReportKit

@Suite struct AnnualRuleTests {
    func monthly(_ year: Int, _ months: ClosedRange<Int>, value: (Int) -> Double) -> [Observation] {
        months.map { m in
            Observation(indicator: "S", region: "430600", period: Period(year: year, month: m), value: value(m),
                        provenance: Provenance(sourceID: "t", location: "t"))
        }
    }

    @Test func meanAndSumUseCompleteYearsOnly() {
        let data = monthly(2023, 1...12) { Double($0) } + monthly(2024, 1...6) { _ in 1 }
        let mean = AnnualRule.mean.apply(to: data)
        #expect(mean.observations.map(\.period) == [Period(year: 2023)])
        #expect(mean.observations.first?.value == 6.5)
        #expect(mean.warnings == ["annual mean: series 'S' has incomplete years 2024; they are not assessed"])
        #expect(AnnualRule.sum.apply(to: data).observations.first?.value == 78)
    }

    @Test func lastKeepsTheLatestPeriodAndMarksPartialYears() {
        let data = monthly(2024, 1...6) { Double($0) * 10 }
        let last = AnnualRule.last.apply(to: data).observations
        #expect(last.count == 1)
        #expect(last.first?.value == 60 && last.first?.period == Period(year: 2024) && last.first?.status == "partial-year")
    }

    /// NBS publishes no separate January: February's figure is 1-2月, and the year is complete.
    @Test func januaryPublishedWithFebruaryCountsAsACompleteYear() {
        let data = monthly(2024, 2...12) { Double($0) }
        let mean = AnnualRule.mean.apply(to: data)
        // Months 3...12 once and February twice (it stands for January too): (75 + 2 * 2) / 12.
        #expect(mean.observations.first?.value == (Double((3...12).reduce(0, +)) + 4) / 12)
        #expect(mean.warnings.isEmpty)
        #expect(mean.observations.first?.provenance.note?.contains("1-2月 published together") == true)
        #expect(AnnualRule.sum.apply(to: data).observations.first?.value == Double((2...12).reduce(0, +)))
        // Without February as well, the year stays incomplete.
        #expect(AnnualRule.mean.apply(to: monthly(2024, 3...12) { Double($0) }).observations.isEmpty)
    }

    /// `last` on a monthly rate takes one month as the year: warned, with the cumulative series named.
    /// `cumulative` reads a year-to-date series' December as the year, without a warning.
    @Test func aRateReadWithLastIsWarnedAndCumulativeIsTheRuleForYearToDateSeries() {
        var data = monthly(2024, 1...12) { Double($0) }
        for i in data.indices { data[i].unit = "%" }
        let last = AnnualRule.last.apply(to: data)
        #expect(last.observations.first?.value == 12)
        #expect(last.warnings.count == 1 && last.warnings[0].contains("annual: cumulative") && last.warnings[0].contains("累计增长"))
        let cumulative = AnnualRule.cumulative.apply(to: data)
        #expect(cumulative.observations.first?.value == 12 && cumulative.warnings.isEmpty)
        #expect(AnnualRule.cumulative.apply(to: Array(data.prefix(9))).observations.first?.status == "partial-year")
    }

    @Test func annualFiguresPassThrough() {
        let o = Observation(indicator: "S", region: "r", period: Period(year: 2020), value: 3, provenance: Provenance(sourceID: "t", location: "t"))
        #expect(AnnualRule.mean.apply(to: [o]).observations == [o])
    }
}

/// Figures as offices print them, and the misreadings that must not happen silently.
@Suite struct NumberTextTests {
    @Test func readsOfficeNumbers() {
        #expect(NumberText.parse("4,001.55") == 4001.55)
        #expect(NumberText.parse("１２３．４") == 123.4)
        #expect(NumberText.parse("－12.5") == -12.5)
        #expect(NumberText.parse("1 234 567") == 1_234_567)
        #expect(NumberText.parse("1e3") == 1000)
        #expect(NumberText.parse(" 62.1 ") == 62.1)
    }

    @Test func refusesAmbiguousOrForeignForms() {
        for text in ["62,1", "6,21", "62,10", "1.234,5", "0x3E", "inf", "1,2345", "12e", "--1", "1.2.3"] {
            #expect(NumberText.parse(text) == nil, "\(text) must not be read as a number")
        }
    }
}

/// Province names map to province codes only whole: a city under its province is not the province.
@Suite struct ProvinceNameTests {
    @Test func onlyWholeProvinceNamesMatch() {
        #expect(RegionCode.provinceCode(name: "湖南") == "430000")
        #expect(RegionCode.provinceCode(name: "湖南省") == "430000")
        #expect(RegionCode.provinceCode(name: "广西壮族自治区") == "450000")
        #expect(RegionCode.provinceCode(name: "香港特别行政区") == "810000")
        #expect(RegionCode.provinceCode(name: "北京市") == "110000")
        #expect(RegionCode.provinceCode(name: "湖南省岳阳市") == nil)
        #expect(RegionCode.provinceCode(name: "湖南省\u{1B}]0;pwned") == nil)
        #expect(RegionCode.provinceCode(name: "岳阳市") == nil)
    }
}
