import Foundation
import ReportKit
import ReportKitTesting
import Testing

/// What a module author writes: the one-line registration, the descriptor-driven document, whole
/// numbers as cells and the public formatting helpers of the standard sections.
@Suite struct ModuleAuthoringTests {
    @Test func theRegistrationIsStampedByItsCaller() {
        let registration = ModuleRegistration(ModuleConformanceTests.Good())
        #expect(registration.abiVersion == ReportKitABI.version)
        #expect(registration.compiler == "\(ReportKitABI.compiler)" && registration.compiler.hasPrefix("Swift "))
        #expect(registration.modules.map(\.descriptor.id) == ["eco"])
        let listed = ModuleRegistration([ModuleConformanceTests.Good(), ModuleConformanceTests.Good()])
        #expect(listed.modules.count == 2 && listed.abiVersion == ReportKitABI.version)
    }

    @Test func theDocumentTakesIdAndTitleFromTheDescriptorUnlessGiven() {
        let context = ReportContext.fixture(plan: ModuleConformanceTests.plan, observations: [])
        let descriptor = ModuleConformanceTests.Good().descriptor
        let sections = IndicatorSections(context: context, indicators: context.plan.indicators)
        let document = sections.document(for: descriptor)
        #expect(document.id == "eco" && document.title == descriptor.title)
        #expect(document == sections.document(id: "eco", title: descriptor.title))
        let renamed = sections.document(for: descriptor, title: LocalizedText(zh: "生态环境", en: "Ecology"))
        #expect(renamed.id == "eco" && renamed.title.en == "Ecology")
    }

    @Test func countsAreWholeNumbers() {
        #expect(ReportDocument.Cell.number(12) == .number(12, decimals: 0))
    }

    @Test func theStandardFormattingHelpersArePublic() throws {
        let k21 = ModuleConformanceTests.plan.indicators[0]
        let series = try #require(k21.series.first)
        #expect(IndicatorSections.decimals(for: series) == 1)  // baseline 90.7, target 86
        #expect(IndicatorSections.decimals(for: nil) == 1)
        #expect(IndicatorSections.targetText(series) == "≥ 86%")
        #expect(IndicatorSections.nameWithUnit(k21) == "空气质量 (%)")
        #expect(IndicatorSections.format(45.3100) == "45.31")
    }
}
