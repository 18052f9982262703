import PlanWatchRender
import ReportKit

extension ReportDefinition.Language {
    /// The language the renderers word their own labels in ("来源", "Source" or "来源 / Source").
    public var renderLanguage: RenderOptions.Language {
        switch self {
        case .zh: .zh
        case .en: .en
        case .both: .both
        }
    }

    /// `t` in this language: the Chinese alone (`zh`), the English alone, or the Chinese where there
    /// is no English (`en`), or both as they are.
    func reduce(_ t: LocalizedText) -> LocalizedText {
        switch self {
        case .both: t
        case .zh: LocalizedText(zh: t.zh)
        case .en: LocalizedText(zh: t.en ?? t.zh)
        }
    }

    /// `t` as one string in this language ("获取", "retrieved" or "获取 / retrieved").
    func pick(_ t: LocalizedText) -> String {
        switch self {
        case .both: t.bilingual
        case .zh: t.zh
        case .en: t.en ?? t.zh
        }
    }
}

extension ReportDocument {
    /// The document in one language: every bilingual text reduced to one (see `Language.reduce`);
    /// renderers then print one language because each text has one.
    func localized(_ language: ReportDefinition.Language) -> ReportDocument {
        var copy = self
        copy.title = language.reduce(title)
        copy.subtitle = subtitle.map(language.reduce)
        copy.facts = facts.map { ReportDocument.KeyValue(key: language.reduce($0.key), value: $0.value) }
        copy.sections = sections.map { $0.localized(language) }
        return copy
    }
}

extension ReportDocument.Section {
    /// The section in one language.
    func localized(_ language: ReportDefinition.Language) -> ReportDocument.Section {
        let one = language.reduce
        return ReportDocument.Section(id: id, title: one(title), blocks: blocks.map { block in
            switch block {
            case .paragraph(let t): return .paragraph(one(t))
            case .notes(let list): return .notes(list.map(one))
            case .table(var table):
                table.caption = one(table.caption)
                table.columns = table.columns.map { ReportDocument.Column(id: $0.id, title: one($0.title), alignment: $0.alignment) }
                // Source lines carry bilingual labels (获取 / retrieved): one language in a one-language report.
                table.sources = table.sources.map { IndicatorSections.sourceLine($0, pick: language.pick) }
                return .table(table)
            case .chart(var chart):
                chart.title = one(chart.title)
                return .chart(chart)
            case .summary(var summary):
                summary.bindingAlerts = summary.bindingAlerts.map(one)
                return .summary(summary)
            }
        })
    }
}
