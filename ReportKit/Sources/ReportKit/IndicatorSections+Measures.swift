import Foundation

/// Series of one measure across regions (`IC13.gdp-miluo`, `IC13.gdp-huarong`): the county tables of
/// the industry-chains module and of the department reports group and name them the same way.
extension IndicatorSections {
    /// The measure a regional series belongs to: its id up to the last `-` (`IC13.gdp-miluo` → `IC13.gdp`).
    public static func measureStem(_ seriesID: String) -> String {
        seriesID.range(of: "-", options: .backwards).map { String(seriesID[..<$0.lowerBound]) } ?? seriesID
    }

    /// The measure's name: the end its Chinese series names share ("汨罗市地区生产总值", "华容县地区生产总值"
    /// → "地区生产总值") and the start the English ones share ("GDP of Miluo", "GDP of Huarong County" →
    /// "GDP"); the first series' name when they share nothing useful, no English when the English names
    /// share nothing.
    public static func measureName(_ series: [IndicatorSeries]) -> LocalizedText {
        guard let first = series.first else { return LocalizedText(zh: "") }
        let zhNames = series.map(\.name.zh)
        var zh = String(zhNames.dropFirst().reduce(zhNames[0]) { common, name in String(zip(common.reversed(), name.reversed()).prefix { $0 == $1 }.map(\.0).reversed()) })
        if zh.count < 2 || series.count < 2 { zh = first.name.zh }
        let enNames = series.compactMap(\.name.en)
        var en: String? = enNames.count == series.count ? enNames.dropFirst().reduce(enNames[0]) { common, name in String(zip(common, name).prefix { $0 == $1 }.map(\.0)) } : nil
        for suffix in [" of", ","] { if let e = en?.trimmingCharacters(in: .whitespaces), e.hasSuffix(suffix) { en = String(e.dropLast(suffix.count)) } }
        en = en?.trimmingCharacters(in: .whitespaces)
        if (en?.count ?? 0) < 3 { en = series.count < 2 ? first.name.en : nil }
        return LocalizedText(zh: zh, en: en)
    }
}
