import ReportKit

/// “十三五”生态环境目标完成情况: the 13th plan's ecology targets and 2020 results from 专栏1 (rows
/// 14-19) of the plan text, as printed, with the 14th-plan indicator that carries each on. They come
/// from the plan file's `thirteenth-plan-ecology` reference table; the module judges none of them (the
/// 13th plan is a plan file of its own that the engine assesses), and without the table the section
/// says where the history must come from.
struct HistoryTable {
    var context: ReportContext

    static let table = "thirteenth-plan-ecology"

    func section() -> ReportDocument.Section {
        let title = LocalizedText(zh: "“十三五”生态环境目标完成情况", en: "13th-plan ecology targets and results")
        guard let rows = context.referenceData[Self.table], !rows.isEmpty else {
            return ReportDocument.Section(id: "history", title: title, blocks: [.paragraph(LocalizedText(
                zh: "规划文件未提供“十三五”生态环境指标的完成情况（reference_data: \(Self.table)，取自规划纲要专栏1），本节不作列示。",
                en: "The plan file gives no 13th-plan ecology results (reference_data: \(Self.table), from Box 1 of the plan text); nothing is shown."))])
        }
        let cells: [[ReportDocument.Cell]] = rows.map { row in
            func text(_ key: String) -> ReportDocument.Cell {
                guard let value = row[key], !value.isEmpty else { return .missing("—") }
                return .text(value)
            }
            let name = LocalizedText(zh: row["zh"] ?? row["id"] ?? "", en: row["en"])
            return [text("id"), .text(name.bilingual), text("unit"), text("target"), text("actual"), text("successor"), text("seed"), text("note")]
        }
        let columns: [ReportDocument.Column] = [
            .init(id: "id", title: LocalizedText(zh: "编号", en: "ID")),
            .init(id: "name", title: LocalizedText(zh: "指标", en: "Indicator")),
            .init(id: "unit", title: LocalizedText(zh: "单位", en: "Unit")),
            .init(id: "target", title: LocalizedText(zh: "2020年目标", en: "2020 target"), alignment: .trailing),
            .init(id: "actual", title: LocalizedText(zh: "2020年实际", en: "2020 actual"), alignment: .trailing),
            .init(id: "successor", title: LocalizedText(zh: "“十四五”对应指标", en: "14th-plan indicator")),
            .init(id: "seed", title: LocalizedText(zh: "出处", en: "Where printed")),
            .init(id: "note", title: LocalizedText(zh: "说明", en: "Note")),
        ]
        let plan = context.plan
        // The plan document by its title and box, never the file the plan was typed from.
        let source = "\(plan.name.zh)，专栏1“十三五”规划主要目标完成情况" + (plan.name.en.map { " / \($0), Box 1 (13th-plan results)" } ?? "")
        let table = ReportDocument.Table(id: "history", caption: title, columns: columns, rows: cells, sources: [source])
        let note = LocalizedText(
            zh: "目标与实际均按规划纲要专栏1原文列出，［ ］为2016—2020年五年累计数。本节为历史资料，不作评价；“十三五”规划的评价见以专栏1编制的规划文件（Config/plans/yueyang-13th.yaml）的运行结果。",
            en: "Targets and results are as printed in Box 1 of the plan; [ ] marks five-year totals for 2016-2020. This is history and is not assessed here; the 13th plan is assessed by running its own plan file (Config/plans/yueyang-13th.yaml).")
        return ReportDocument.Section(id: "history", title: title, blocks: [.table(table), .notes([note])])
    }
}
