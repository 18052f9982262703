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

    /// No figure because a source expected to deliver one failed (``failedSources``): never 数据不足,
    /// which would claim that nothing was published. Also true when the failed source's figures are
    /// not known in advance (``isPossiblyFetchFailed``): the figure is not known to be unpublished.
    public var isFetchFailed: Bool { status == .notAvailable && isFigureLostToFailedSource }

    /// No figure, and a source that was to deliver one failed (or, ``failedSourcesUnconfirmed``, may
    /// have), whatever the status: a qualitative indicator still 待评估 has no figure to show either,
    /// and its missing figure is not 数据不足 (``missingFigureLabel``).
    public var isFigureLostToFailedSource: Bool {
        !(failedSources ?? []).isEmpty && !observations.contains { $0.value != nil }
    }

    /// No figure, and a source failed whose figures were not known in advance (no mapping `codes:`, no
    /// earlier copy): the figure may have been among them (``failedSourcesUnconfirmed``).
    public var isPossiblyFetchFailed: Bool { isFigureLostToFailedSource && failedSourcesUnconfirmed == true }

    /// No figure because a source that answered had none for it although its mapping targets it
    /// (``unmatchedSources``): a mapping problem or an empty query, never 数据不足.
    public var isMappingUnmatched: Bool {
        status == .notAvailable && !(unmatchedSources ?? []).isEmpty && !isFetchFailed && !observations.contains { $0.value != nil }
    }

    /// ``isMappingUnmatched`` where every such source's answer held no period at all: the query, not
    /// the mapping, came back empty (查询未返回数据期).
    public var isQueryWithoutPeriods: Bool { isMappingUnmatched && Self.allWithoutPeriods(unmatchedSources ?? []) }

    static func allWithoutPeriods(_ gaps: [SourceGap]) -> Bool { !gaps.isEmpty && gaps.allSatisfy(\.noPeriods) }

    /// No figure because of a source (failed, or answered without it), not because none is published.
    public var isLostToSource: Bool { isFetchFailed || isMappingUnmatched }

    /// 数据不足 / no data in its one true sense: not assessed, no figure published, and no source
    /// that should have delivered one failed or answered without it. Counts of missing data and
    /// manifest.json's `indicatorsWithoutData` go through this.
    public var isUnpublished: Bool { status == .notAvailable && !isUnassessedWithFigures && !isLostToSource }

    /// "获取失败（数据源 forestry）/ fetch failed (source forestry)".
    public static func fetchFailedLabel(_ sources: [String]) -> LocalizedText {
        let list = sources.joined(separator: ", ")
        return LocalizedText(zh: "获取失败（数据源 \(list)）", en: "fetch failed (source \(list))")
    }

    /// "可能因获取失败缺失（数据源 office）/ possibly lost (source office failed)": no figure, and a
    /// source failed whose figures were not known in advance, so it may have had one.
    public static func possiblyFetchFailedLabel(_ sources: [String]) -> LocalizedText {
        let list = sources.joined(separator: ", ")
        return LocalizedText(zh: "可能因获取失败缺失（数据源 \(list)）", en: "possibly lost (source \(list) failed)")
    }

    /// 获取失败 with the sources, or the possibly-lost wording when their figures were not known in
    /// advance; nil when no source failed for this record.
    public var failedSourceLabel: LocalizedText? {
        guard isFigureLostToFailedSource else { return nil }
        return isPossiblyFetchFailed ? Self.possiblyFetchFailedLabel(failedSources ?? []) : Self.fetchFailedLabel(failedSources ?? [])
    }

    /// "映射未匹配（数据源 es）/ mapping matched nothing (source es)", or, when every such source's answer
    /// held no period, "查询未返回数据期（数据源 es）/ query returned no periods (source es)".
    public static func unmatchedLabel(_ gaps: [SourceGap]) -> LocalizedText {
        let list = Array(Set(gaps.map(\.source))).sorted().joined(separator: ", ")
        if allWithoutPeriods(gaps) {
            return LocalizedText(zh: "查询未返回数据期（数据源 \(list)）", en: "query returned no periods (source \(list))")
        }
        return LocalizedText(zh: "映射未匹配（数据源 \(list)）", en: "mapping matched nothing (source \(list))")
    }

    /// What a report shows for a figure that is not there: 获取失败 with the source when a source
    /// failed (``isFetchFailed``; the possibly-lost wording when its figures were not known in
    /// advance), the mapping problem when a source answered without it (``isMappingUnmatched``),
    /// 数据不足 / no data otherwise.
    public var missingFigureLabel: LocalizedText {
        if let lost = failedSourceLabel { return lost }
        if isMappingUnmatched { return Self.unmatchedLabel(unmatchedSources ?? []) }
        return LocalizedText(zh: "数据不足", en: "no data")
    }

    /// "仅有1年数据，无法计算进度 / only one year published": one year of figures and no baseline.
    public static let oneYearLabel = LocalizedText(zh: "仅有1年数据，无法计算进度", en: "only one year published")
    /// Figures for several years that no rule could use (conflicting figures, opposite signs); the
    /// warnings say why.
    public static let unusableLabel = LocalizedText(zh: "已有数据，无法评估（见说明）", en: "published, not assessable (see notes)")

    /// The status as a report read now words it — the one rule module tables, the overview and
    /// department reports share (`StatusWording` uses it):
    /// - an indicator without a figure because its source failed (``isFetchFailed``) says 获取失败 with
    ///   the source, never 数据不足 (可能因获取失败缺失 when the source's figures were not known), and one
    ///   whose source answered without it (``isMappingUnmatched``) says 映射未匹配 (or 查询未返回数据期)
    ///   with the source;
    /// - an indicator not assessed although figures are published (``isUnassessedWithFigures``) says
    ///   why, never 数据不足;
    /// - a target achieved with a figure for its target year or later is 已实现 / achieved: 提前实现
    ///   ("achieved ahead of time") is mid-term wording and true only before the target year;
    /// - otherwise the status's own labels.
    public var statusLabel: LocalizedText {
        if isLostToSource { return missingFigureLabel }
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

    /// The cell for a figure that is not there: 获取失败 with the source when a source that should have
    /// delivered it failed, else `.missing(fallback)` (nil: 数据不足 / no data).
    public static func missingCell(_ assessment: Assessment?, fallback: String? = nil, pick: (LocalizedText) -> String = \.bilingual) -> ReportDocument.Cell {
        guard let assessment, assessment.isFigureLostToFailedSource || assessment.isMappingUnmatched else { return .missing(fallback) }
        return .missing(pick(assessment.missingFigureLabel))
    }

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
