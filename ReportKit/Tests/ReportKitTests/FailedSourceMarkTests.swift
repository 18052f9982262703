import Foundation
import Testing
@testable import ReportKit

/// A record without a figure while a source failed: 获取失败 with the source when the source was
/// known to deliver it, 可能因获取失败缺失 when the failed source's series are not known, and never
/// 数据不足 (which means "not published"). A 待评估 indicator's missing figure is marked too, while its
/// status stays 待评估; a record with a figure is never marked.
@Suite struct FailedSourceMarkTests {
    let level = single("X1", Target(kind: .level, value: 4, year: 2025, text: "4"))
    let qualitative = single("K19", binding: true, Target(kind: .qualitative, value: nil, year: 2025, text: "完成省下达任务"))

    @Test func knownAndUnknownFailedSourcesAreWordedApart() {
        var engine = AssessmentEngine(profile: .statcan)
        engine.failedSources = ["X1": ["forestry"]]
        engine.unconfirmedFailedSources = ["office"]
        let known = engine.assess(level, observations: [], region: yueyang)
        #expect(known.failedSources == ["forestry"] && known.failedSourcesUnconfirmed == nil)
        #expect(known.isFetchFailed && !known.isPossiblyFetchFailed && !known.isUnpublished)
        #expect(known.statusLabel.zh == "获取失败（数据源 forestry）" && known.missingFigureLabel == known.statusLabel)

        engine.failedSources = [:]
        let possible = engine.assess(level, observations: [], region: yueyang)
        #expect(possible.failedSources == ["office"] && possible.failedSourcesUnconfirmed == true)
        #expect(possible.isPossiblyFetchFailed && !possible.isUnpublished)
        #expect(possible.statusLabel == Assessment.possiblyFetchFailedLabel(["office"]))
        #expect(possible.statusLabel.zh == "可能因获取失败缺失（数据源 office）" && possible.statusLabel.en == "possibly lost (source office failed)")
        #expect(IndicatorSections.missingCell(possible) == .missing("可能因获取失败缺失（数据源 office） / possibly lost (source office failed)"))

        // A figure that arrived is never marked, whatever failed.
        let published = engine.assess(level, observations: [obs("X1", 2023, 3.1)], region: yueyang)
        #expect(published.failedSources == nil && !published.isFetchFailed)

        // The marks are read back for a second engine pass (compliance years, department reports).
        #expect(AssessmentEngine.unconfirmedFailedSources(in: ["X1": possible]) == ["office"])
        #expect(AssessmentEngine.failedSources(in: ["X1": possible]).isEmpty)
        #expect(AssessmentEngine.failedSources(in: ["X1": known]) == ["X1": ["forestry"]])
    }

    @Test func aPendingIndicatorsMissingFigureIsMarkedButStaysPending() {
        var engine = AssessmentEngine(profile: .statcan)
        engine.failedSources = ["K19": ["safety-office"]]
        let a = engine.assess(qualitative, observations: [], region: yueyang)
        #expect(a.status == .pending && a.statusLabel.zh == "待评估", "the status is the engine's")
        #expect(!a.isFetchFailed && a.isFigureLostToFailedSource)
        #expect(a.missingFigureLabel.zh == "获取失败（数据源 safety-office）")
        #expect(IndicatorSections.missingCell(a, pick: \.zh) == .missing("获取失败（数据源 safety-office）"))
        #expect(IndicatorSections.missingCell(engine.assess(level, observations: [], region: yueyang)) == .missing(nil), "X1's own source did not fail")
    }
}
