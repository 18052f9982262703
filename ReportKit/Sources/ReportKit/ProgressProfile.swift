import Foundation

/// A named progress method: the statcan growth-ratio method, or the same with Eurostat's no-target
/// thresholds (ASSESSMENT.md).
public struct ProgressProfile: Sendable, Hashable, Codable {
    public enum ID: String, Sendable, Hashable, Codable, CaseIterable {
        case statcan
        case eurostat
    }

    public var id: ID
    /// Thresholds for indicators with a numeric target (on R).
    public var targetThresholds: Thresholds
    /// Thresholds for indicators without a numeric target (on the observed CAGR).
    public var noTargetThresholds: Thresholds
    /// Whether bounded no-target indicators scale their thresholds by the coefficient C.
    public var scalesBoundedThresholds: Bool

    public static let statcan = ProgressProfile(
        id: .statcan,
        targetThresholds: Thresholds(high: 0.95, medium: 0.6, low: 0),
        noTargetThresholds: Thresholds(high: 0.015, medium: 0.005, low: 0),
        scalesBoundedThresholds: true
    )

    public static let eurostat = ProgressProfile(
        id: .eurostat,
        targetThresholds: Thresholds(high: 0.95, medium: 0.6, low: 0),
        noTargetThresholds: Thresholds(high: 0.01, medium: 0, low: -0.01),
        scalesBoundedThresholds: false
    )

    public static func named(_ id: ID) -> ProgressProfile {
        switch id {
        case .statcan: .statcan
        case .eurostat: .eurostat
        }
    }
}
