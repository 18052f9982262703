import ReportKit

extension ReportDocument {
    /// The document in one language: every bilingual text reduced to its Chinese (`zh`) or English
    /// (`en`, the Chinese where no English exists); `both` leaves it as it is. Renderers then print
    /// one language because each text has one.
    func localized(_ language: ReportDefinition.Language) -> ReportDocument {
        guard language != .both else { return self }
        func one(_ t: LocalizedText) -> LocalizedText {
            language == .zh ? LocalizedText(zh: t.zh) : LocalizedText(zh: t.en ?? t.zh)
        }
        var copy = self
        copy.title = one(title)
        copy.subtitle = subtitle.map(one)
        copy.facts = facts.map { KeyValue(key: one($0.key), value: $0.value) }
        copy.sections = sections.map { section in
            Section(id: section.id, title: one(section.title), blocks: section.blocks.map { block in
                switch block {
                case .paragraph(let t): return .paragraph(one(t))
                case .notes(let list): return .notes(list.map(one))
                case .table(var table):
                    table.caption = one(table.caption)
                    table.columns = table.columns.map { Column(id: $0.id, title: one($0.title), alignment: $0.alignment) }
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
        return copy
    }
}
