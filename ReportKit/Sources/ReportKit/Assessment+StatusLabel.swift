import Foundation

/// What a report says for a status. 数据不足 / no data means that nothing has been published: an
/// indicator the engine could not assess although figures exist (one year only, so no change to
/// measure) is labelled for what it is, never as missing data.
extension Assessment {
    /// The years with a published figure among the observations the assessment rests on.
    public var publishedYears: Set<Int> {
        Set(observations.lazy.filter { $0.value != nil }.map(\.period.year))
    }

    /// Not assessed although figures are published. Renderers must not show 数据不足 for it.
    /// (The status is checked first: reports ask this of every indicator of every region.)
    public var isUnassessedWithFigures: Bool { status == .notAvailable && observations.contains { $0.value != nil } }

    /// "仅有1年数据，无法计算进度 / only one year published": one year of figures and no baseline.
    public static let oneYearLabel = LocalizedText(zh: "仅有1年数据，无法计算进度", en: "only one year published")
    /// Figures for several years that no rule could use (conflicting figures, opposite signs); the
    /// warnings say why.
    public static let unusableLabel = LocalizedText(zh: "已有数据，无法评估（见说明）", en: "published, not assessable (see notes)")

    /// The status as a report read now words it — the one rule module tables, the overview and
    /// department reports share (`StatusWording` uses it):
    /// - an indicator not assessed although figures are published (``isUnassessedWithFigures``) says
    ///   why, never 数据不足;
    /// - a target achieved with a figure for its target year or later is 已实现 / achieved: 提前实现
    ///   ("achieved ahead of time") is mid-term wording and true only before the target year;
    /// - otherwise the status's own labels.
    public var statusLabel: LocalizedText {
        if isUnassessedWithFigures { return publishedYears.count == 1 ? Self.oneYearLabel : Self.unusableLabel }
        if isAchievedAfterTargetYear { return LocalizedText(zh: "已实现", en: "achieved") }
        return LocalizedText(zh: status.chinese, en: status.english(profile: profile))
    }

    /// True when the latest figure shown for this assessment is provisional (status `p`, `e`, 初步 …):
    /// reports mark it so that nobody quotes it as final.
    public var latestIsProvisional: Bool {
        observations.last(where: { $0.value != nil }).map(AssessmentEngine.isProvisional) ?? false
    }
}

extension IndicatorSections {
    /// The mark beside a figure whose source calls it provisional or estimated.
    public static let provisionalMark = LocalizedText(zh: "初步", en: "provisional")

    /// The year of a latest figure as a cell, marked when the figure is provisional: "2023（初步）",
    /// "2023（初步 / provisional）" or "2023 (provisional)", as `pick` words the mark.
    public static func yearCell(_ year: Int?, provisional: Bool, pick: (LocalizedText) -> String = \.bilingual) -> ReportDocument.Cell {
        guard let year else { return .missing("—") }
        guard provisional else { return .text(String(year)) }
        let mark = pick(provisionalMark)
        // Full-width brackets around Chinese, ASCII ones around English alone.
        return .text(mark.allSatisfy(\.isASCII) ? "\(year) (\(mark))" : "\(year)（\(mark)）")
    }
}
