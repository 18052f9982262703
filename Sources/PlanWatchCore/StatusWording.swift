import ReportKit

/// The words a department report uses for an engine status, which depend on when the report is
/// written (docs/REPORTS.md, "Status wording"): an annual report uses the engine's own labels; a
/// mid-term evaluation (cut-off before the plan's end year) speaks of being ahead of or behind
/// schedule; a final evaluation (cut-off at or after the end year) only of achieved or not.
/// Only the wording changes: the status, R and the time-share check are the engine's.
public enum StatusWording: String, Sendable {
    case annual, midterm, final

    public init(asOf: Int?, plan: Plan) {
        guard let asOf else { self = .annual; return }
        self = asOf < plan.endYear ? .midterm : .final
    }

    /// The label for one assessment (nil: no assessment, i.e. no data).
    public func label(_ a: Assessment?) -> LocalizedText {
        let status = a?.status ?? .notAvailable
        // Figures published but not assessable (one year only): never 数据不足, which means none published.
        // A source that failed, or answered without the figure: 获取失败 / 映射未匹配 with the source,
        // never 数据不足 (`Assessment.statusLabel`).
        if let a, a.isUnassessedWithFigures || a.isLostToSource { return a.statusLabel }
        switch status {
        case .notAvailable: return LocalizedText(zh: "数据不足", en: "no data")
        case .pending: return LocalizedText(zh: "待评估", en: "pending")
        default: break
        }
        switch self {
        case .annual:
            // The engine's label, or 已实现 for a target achieved by its target year: the same words
            // module and overview tables use (`Assessment.statusLabel`).
            return a?.statusLabel ?? status.label
        case .midterm:
            switch status {
            case .targetAchieved where a?.isAchievedAfterTargetYear == true:
                // An indicator whose own target year fell before the cut-off: not "ahead of time".
                return LocalizedText(zh: "已实现", en: "achieved")
            case .targetAchieved where a?.method == .bound || a?.method == .maintain:
                // A ceiling, floor or maintained level must hold every year to the end: meeting it at
                // half time is on track, not achieved early.
                return LocalizedText(zh: "基本符合预期", en: "broadly on track")
            case .targetAchieved:
                return LocalizedText(zh: "提前实现", en: "achieved ahead of time")
            case .substantialProgress where Self.aheadOfTime(a):
                return LocalizedText(zh: "快于预期", en: "ahead of schedule")
            case .substantialProgress:
                return LocalizedText(zh: "基本符合预期", en: "broadly on track")
            case .notAchieved:
                // The indicator's own target year fell before the cut-off and was missed.
                return LocalizedText(zh: "未实现", en: "not achieved")
            default:
                return LocalizedText(zh: "滞后", en: "behind schedule")
            }
        case .final:
            if status == .targetAchieved { return LocalizedText(zh: "已实现", en: "achieved") }
            if let a, let year = a.currentYear, let target = a.targetYear, year < target {
                return LocalizedText(zh: "未实现（缺\(target)年数据）", en: "not achieved (no \(target) figure)")
            }
            return LocalizedText(zh: "未实现", en: "not achieved")
        }
    }

    /// 时间过半、任务过半: R at least 1, or the share of the change done at least the share of time gone.
    static func aheadOfTime(_ a: Assessment?) -> Bool {
        guard let a else { return false }
        if let r = a.progressValue { return r >= 1 }
        if let p = a.progressShare, let e = a.elapsedShare { return p >= e }
        return false
    }

    /// The heading of the evaluation kind, for the report subtitle and the method notes.
    public var title: LocalizedText {
        switch self {
        case .annual: LocalizedText(zh: "年度评估", en: "annual assessment")
        case .midterm: LocalizedText(zh: "中期评估", en: "mid-term evaluation")
        case .final: LocalizedText(zh: "终期评估", en: "final evaluation")
        }
    }

    /// The mapping stated in every report's method notes.
    public var explanation: LocalizedText {
        switch self {
        case .annual:
            return LocalizedText(zh: "评价用语即评估方法的状态：提前实现（目标年之前达到；已有目标年或之后的数据时为“已实现”）、符合预期、略有滞后、明显滞后、逆向变化、未实现、数据不足、待评估。",
                                 en: "Labels are the assessment method's statuses: target achieved (\"achieved\" once a figure for the target year or later is in), substantial, moderate and limited progress, deterioration, not achieved, no data, pending.")
        case .midterm:
            return LocalizedText(
                zh: "中期评估用语：目标已达到为“提前实现”（上限、下限和保持类目标须逐年守住，当年达标记为“基本符合预期”）；符合预期且进度值R≥1（或任务进度不低于时间进度）为“快于预期”，其余符合预期为“基本符合预期”；略有滞后、明显滞后和逆向变化均为“滞后”。",
                en: "Mid-term wording: a target already reached is \"achieved ahead of time\" (ceilings, floors and maintained levels must hold every year, so meeting one is \"broadly on track\"); substantial progress with R ≥ 1 (or the share of the change done at least the share of time gone) is \"ahead of schedule\", other substantial progress \"broadly on track\"; moderate or limited progress and deterioration are \"behind schedule\".")
        case .final:
            return LocalizedText(zh: "终期评估用语：目标达到为“已实现”，否则为“未实现”；缺少目标年数据的指标注明缺少的年份。",
                                 en: "Final wording: \"achieved\" when the target is met, else \"not achieved\"; an indicator without a target-year figure says which year is missing.")
        }
    }
}
