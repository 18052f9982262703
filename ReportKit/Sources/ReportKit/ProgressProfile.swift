import Foundation

/// A named progress method: the statcan growth-ratio method, or the same with Eurostat's no-target
/// thresholds (ASSESSMENT.md).
public struct ProgressProfile: Sendable, Hashable, Codable {
    /// The profile names a config's `profile:` accepts.
    public enum ID: String, Sendable, Hashable, Codable, CaseIterable {
        /// Statistics Canada's growth-ratio method (the default).
        case statcan
        /// The same, with Eurostat's thresholds for indicators without a numeric target.
        case eurostat
    }

    /// Which profile this is.
    public var id: ID
    /// Thresholds for indicators with a numeric target (on R).
    public var targetThresholds: Thresholds
    /// Thresholds for indicators without a numeric target (on the observed CAGR).
    public var noTargetThresholds: Thresholds
    /// Whether bounded no-target indicators scale their thresholds by the coefficient C.
    public var scalesBoundedThresholds: Bool

    /// Statistics Canada's thresholds: R ≥ 0.95 substantial, ≥ 0.6 moderate, ≥ 0 limited.
    public static let statcan = ProgressProfile(
        id: .statcan,
        targetThresholds: Thresholds(high: 0.95, medium: 0.6, low: 0),
        noTargetThresholds: Thresholds(high: 0.015, medium: 0.005, low: 0),
        scalesBoundedThresholds: true
    )

    /// Eurostat's no-target thresholds (±1% a year), the statcan ones otherwise.
    public static let eurostat = ProgressProfile(
        id: .eurostat,
        targetThresholds: Thresholds(high: 0.95, medium: 0.6, low: 0),
        noTargetThresholds: Thresholds(high: 0.01, medium: 0, low: -0.01),
        scalesBoundedThresholds: false
    )

    /// The method's name for a report header, in Chinese and English (the config name in brackets).
    public var displayName: LocalizedText {
        switch id {
        case .statcan:
            LocalizedText(zh: "加拿大统计局增长比率法（statcan）", en: "Statistics Canada growth-ratio method (statcan)")
        case .eurostat:
            LocalizedText(zh: "加拿大统计局增长比率法，无目标指标用欧盟统计局阈值（eurostat）",
                          en: "Statistics Canada growth-ratio method with Eurostat's no-target thresholds (eurostat)")
        }
    }

    /// The profile with id `id`.
    public static func named(_ id: ID) -> ProgressProfile {
        switch id {
        case .statcan: .statcan
        case .eurostat: .eurostat
        }
    }
}
