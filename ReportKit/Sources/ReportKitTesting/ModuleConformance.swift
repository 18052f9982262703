import Foundation
import ReportKit

/// The checks every report module must pass, whoever wrote it: a valid id not taken by a built-in
/// module, a document with that id and the context's date, every indicator it declares (by plan module
/// or by id) somewhere in the document, and tables whose rows fit their columns. Returns the problems found; an empty
/// list means the module conforms. Test code calls it and fails on any problem:
///
///     #expect(ModuleConformance.problems(in: MyReport(), context: .fixture(plan: plan, observations: obs)) == [])
public enum ModuleConformance {
    /// The ids of the modules built into planwatch (and `overview`): a loaded module with one of these
    /// ids is refused by the host. The host's tests check this list against its own catalog.
    public static let builtInModuleIDs: Set<String> = ["overview", "industry-chains", "ecology", "livelihood", "safety"]

    /// - Parameters:
    ///   - module: the module under test.
    ///   - context: what the host would hand it, e.g. ``ReportKit/ReportContext/fixture(plan:observations:profile:referenceData:generatedAt:)``.
    ///   - takenIDs: module ids the module must not use; by default the host's built-in ones.
    public static func problems(
        in module: any ReportModule, context: ReportContext, takenIDs: Set<String> = builtInModuleIDs
    ) -> [String] {
        var problems: [String] = []
        let descriptor = module.descriptor
        if descriptor.id.isEmpty || descriptor.id.contains(where: { !($0.isLetter || $0.isNumber || $0 == "-") }) {
            problems.append("descriptor id '\(descriptor.id)' must be non-empty letters, digits and '-'")
        }
        if takenIDs.contains(descriptor.id) {
            problems.append(
                "descriptor id '\(descriptor.id)' is taken by a module built into planwatch, which would refuse this module; choose another id")
        }
        // A declared indicator the plan does not have is a typo or a module written for another plan.
        let planIDs = Set(context.plan.indicators.map(\.id))
        for id in descriptor.indicatorIDs where !planIDs.contains(id) {
            problems.append("declared indicator \(id) is not in the plan '\(context.plan.id)'")
        }
        if descriptor.title.zh.isEmpty { problems.append("descriptor title has no Chinese text") }
        let document: ReportDocument
        do {
            document = try module.build(context: context)
        } catch {
            return problems + ["build(context:) threw \(error)"]
        }
        if document.id != descriptor.id { problems.append("document id '\(document.id)' differs from descriptor id '\(descriptor.id)'") }
        if document.generatedAt != context.generatedAt { problems.append("document date is not the context's generatedAt") }
        if document.sections.isEmpty { problems.append("document has no sections") }
        // Every indicator of the module's plan domains must be reported somewhere: a user reading a
        // domain report expects all of its targets.
        let text = describe(document)
        for indicator in context.plan.indicators where descriptor.indicatorModules.contains(indicator.module) {
            if !text.contains(indicator.id) { problems.append("indicator \(indicator.id) of module '\(indicator.module)' is not in the document") }
        }
        for indicator in context.plan.indicators
        where descriptor.indicatorIDs.contains(indicator.id) && !descriptor.indicatorModules.contains(indicator.module) {
            if !text.contains(indicator.id) { problems.append("declared indicator \(indicator.id) is not in the document") }
        }
        for section in document.sections {
            for case .table(let table) in section.blocks {
                for (i, row) in table.rows.enumerated() where row.count != table.columns.count {
                    problems.append("table \(table.id) row \(i) has \(row.count) cells for \(table.columns.count) columns")
                }
            }
        }
        // No figure may be printed as zero where the assessment has none.
        for (id, assessment) in context.assessments where assessment.status == .notAvailable && assessment.currentValue != nil {
            problems.append("assessment \(id) is not_available but carries a current value")
        }
        return problems
    }

    static func describe(_ document: ReportDocument) -> String {
        var parts: [String] = []
        for section in document.sections {
            for block in section.blocks {
                switch block {
                case .table(let table):
                    for row in table.rows {
                        for cell in row { if case .text(let text) = cell { parts.append(text) } }
                    }
                case .chart(let chart): parts.append(chart.title.zh)
                case .paragraph(let text): parts.append(text.zh)
                case .notes(let notes): parts += notes.map(\.zh)
                case .summary(let summary): parts += summary.bindingAlerts.map(\.zh)
                }
            }
        }
        return parts.joined(separator: "\n")
    }
}
