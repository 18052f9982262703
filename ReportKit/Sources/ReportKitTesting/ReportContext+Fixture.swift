import Foundation
import ReportKit

extension ReportContext {
    /// A context as the host would build it, from a plan and observations, assessed with the real
    /// engine, so a module can be tested without the host.
    public static func fixture(
        plan: Plan, observations: [Observation], profile: ProgressProfile = .statcan,
        referenceData: [String: [[String: String]]] = [:],
        generatedAt: Date = Date(timeIntervalSince1970: 1_767_225_600)
    ) -> ReportContext {
        let assessments = AssessmentEngine(profile: profile).assess(plan: plan, observations: observations)
        return ReportContext(plan: plan, profile: profile, assessments: assessments, observations: observations,
                             referenceData: referenceData, generatedAt: generatedAt)
    }
}

extension Observation {
    /// A yearly figure for a test, with provenance naming the test.
    public static func fixture(_ indicator: String, _ year: Int, _ value: Double?, region: String = "430600") -> Observation {
        Observation(indicator: indicator, region: region, period: Period(year: year), value: value,
                    provenance: Provenance(sourceID: "fixture", location: "test", sourceTitle: "test fixture"))
    }
}
