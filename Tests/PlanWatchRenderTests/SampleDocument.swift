import Foundation
import ReportKit

/// A realistic report built by hand: Chinese names, every cell kind, charts for level, ceiling and
/// floor targets, missing values, a binding alert. Fixed `generatedAt` so goldens are stable.
enum Sample {
    static let generatedAt = Date(timeIntervalSince1970: 1_738_310_400)  // 2025-01-31T08:00:00Z

    static func document() -> ReportDocument {
        ReportDocument(
            id: "ecology",
            title: LocalizedText(zh: "生态环境领域规划实施监测", en: "Ecology: plan implementation monitor"),
            subtitle: LocalizedText(zh: "“十四五”规划中期评估", en: "14th five-year plan, mid-term review"),
            generatedAt: generatedAt,
            facts: [
                .init(key: LocalizedText(zh: "数据截至", en: "Data as of"), value: "2023"),
                .init(key: LocalizedText(zh: "评估方法", en: "Profile"), value: "plan (statcan + 规划规则)"),
            ],
            sections: [
                ReportDocument.Section(
                    id: "overview", title: LocalizedText(zh: "总体情况", en: "Overview"),
                    blocks: [
                        .summary(ReportDocument.StatusSummary(
                            counts: [.targetAchieved: 2, .substantialProgress: 1, .moderateProgress: 1,
                                     .deterioration: 1, .notAvailable: 1, .limitedProgress: 0],
                            bindingAlerts: [LocalizedText(zh: "EC03 单位GDP二氧化碳排放降低", en: "EC03 CO2 per unit of GDP")])),
                        .paragraph(LocalizedText(
                            zh: "2020年基期受新冠疫情影响，部分指标的基期值偏低，依赖基期的评估结果应谨慎解读。",
                            en: "The 2020 baseline year was disturbed by the epidemic; read statuses resting on it with care.")),
                    ]),
                ReportDocument.Section(
                    id: "indicators", title: LocalizedText(zh: "主要指标", en: "Indicators"),
                    blocks: [
                        .table(table()),
                        .chart(ReportDocument.Chart(
                            id: "EC01", title: LocalizedText(zh: "森林覆盖率", en: "Forest coverage"), unit: "%",
                            observed: [.init(year: 2020, value: 45.31), .init(year: 2021, value: 45.4),
                                       .init(year: 2022, value: 45.62), .init(year: 2023, value: 45.8)],
                            baseline: .init(year: 2020, value: 45.31), target: .init(year: 2025, value: 45.31),
                            targetKind: .floor, projection: [.init(year: 2023, value: 45.8), .init(year: 2025, value: 46.13)],
                            status: .targetAchieved)),
                        .chart(ReportDocument.Chart(
                            id: "EC02", title: LocalizedText(zh: "PM2.5平均浓度", en: "PM2.5 mean concentration"), unit: "微克/立方米",
                            observed: [.init(year: 2020, value: 33), .init(year: 2021, value: 30),
                                       .init(year: 2022, value: 29), .init(year: 2023, value: 31)],
                            baseline: .init(year: 2020, value: 33), target: .init(year: 2025, value: 32),
                            targetKind: .ceiling, projection: [.init(year: 2023, value: 31), .init(year: 2025, value: 30.4)],
                            status: .targetAchieved)),
                        .chart(ReportDocument.Chart(
                            id: "EC04", title: LocalizedText(zh: "城市污水集中处理率", en: "Urban sewage treatment rate"), unit: "%",
                            observed: [.init(year: 2020, value: 92.1), .init(year: 2021, value: 93.0),
                                       .init(year: 2022, value: 94.2), .init(year: 2023, value: 94.9)],
                            baseline: .init(year: 2020, value: 92.1), target: .init(year: 2025, value: 98),
                            targetKind: .level, projection: [.init(year: 2023, value: 94.9), .init(year: 2025, value: 96.8)],
                            status: .moderateProgress)),
                        .chart(ReportDocument.Chart(
                            id: "EC05", title: LocalizedText(zh: "地表水劣V类水体比例", en: "Share of surface water worse than class V"),
                            unit: "%", observed: [], baseline: .init(year: 2020, value: 2.1), target: .init(year: 2025, value: 0),
                            targetKind: .level, projection: [], status: .notAvailable)),
                    ]),
                ReportDocument.Section(
                    id: "notes", title: LocalizedText(zh: "说明", en: "Notes"),
                    blocks: [
                        .notes([
                            LocalizedText(zh: "约束性指标未达到“符合预期”即列为预警。", en: "A binding target that is not on course is an alert."),
                            LocalizedText(zh: "数据来源：省统计局、省生态环境厅公开数据。"),
                        ]),
                    ]),
            ])
    }

    static func table() -> ReportDocument.Table {
        typealias C = ReportDocument.Column
        return ReportDocument.Table(
            id: "ecology-indicators",
            caption: LocalizedText(zh: "生态环境主要指标进展", en: "Progress of ecology indicators"),
            columns: [
                C(id: "id", title: LocalizedText(zh: "编号", en: "ID")),
                C(id: "name", title: LocalizedText(zh: "指标", en: "Indicator")),
                C(id: "attribute", title: LocalizedText(zh: "属性", en: "Attribute"), alignment: .center),
                C(id: "base", title: LocalizedText(zh: "基期值", en: "Base"), alignment: .trailing),
                C(id: "current", title: LocalizedText(zh: "最新值", en: "Latest"), alignment: .trailing),
                C(id: "target", title: LocalizedText(zh: "目标值", en: "Target"), alignment: .trailing),
                C(id: "progress", title: LocalizedText(zh: "进度", en: "Progress")),
                C(id: "status", title: LocalizedText(zh: "状态", en: "Status")),
            ],
            rows: [
                [.text("EC01"), .text("森林覆盖率（%）"), .text("约束性"), .number(45.31, decimals: 2),
                 .number(45.8, decimals: 2), .text("≥45.31"), .progress(1.0, label: "100%"),
                 .status(.targetAchieved, alert: false)],
                [.text("EC02"), .text("细颗粒物（PM2.5）平均浓度（微克/立方米）"), .text("约束性"), .number(33, decimals: 0),
                 .number(31, decimals: 0), .text("≤32"), .progress(1.0, label: "达标 met"),
                 .status(.targetAchieved, alert: false)],
                [.text("EC03"), .text("单位GDP二氧化碳排放降低（%）"), .text("约束性"), .missing(nil),
                 .number(-2.35, decimals: 1), .number(18, decimals: 0), .progress(-0.13, label: "-13%"),
                 .status(.deterioration, alert: true)],
                [.text("EC04"), .text("城市污水集中处理率（%）"), .text("预期性"), .number(92.1, decimals: 1),
                 .number(94.9, decimals: 1), .number(98, decimals: 0), .progress(0.4746, label: "47.5%"),
                 .status(.moderateProgress, alert: false)],
                [.text("EC05"), .text("地表水劣V类水体比例（%）"), .text("预期性"), .number(2.1, decimals: 1),
                 .missing("未发布 not published"), .number(0, decimals: 0), .missing(nil),
                 .status(.notAvailable, alert: false)],
                [.text("EC06"), .text("Share of renewable energy in consumption"), .text("expected"), .number(0.123456789, decimals: 3),
                 .number(1234567.891, decimals: 1), .text("—"), .progress(0.8, label: "80%"),
                 .status(.substantialProgress, alert: false)],
            ],
            sources: [
                "省统计局《统计年鉴2024》表8-3，检索于 2025-01-30",
                "Provincial Department of Ecology and Environment, bulletin 2023 (retrieved 2025-01-29)",
            ])
    }

    /// Strings that must never become markup, script or a formula.
    static let hostile = [
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>",
        "javascript:alert(1)",
        "{{ x }}",
        "Tom's & Jerry's \"quotes\"",
    ]

    /// A document whose every string slot carries hostile text.
    static func hostileDocument() -> ReportDocument {
        let h = hostile.joined(separator: " ")
        let lt = LocalizedText(zh: h, en: h)
        return ReportDocument(
            id: "../../etc/<evil>", title: lt, subtitle: lt, generatedAt: generatedAt,
            facts: [.init(key: lt, value: h)],
            sections: [
                ReportDocument.Section(id: "\"><svg onload=alert(1)>", title: lt, blocks: [
                    .summary(ReportDocument.StatusSummary(counts: [.deterioration: 1], bindingAlerts: [lt])),
                    .paragraph(lt),
                    .table(ReportDocument.Table(
                        id: "javascript:alert(1)", caption: lt,
                        columns: [ReportDocument.Column(id: "a", title: lt), ReportDocument.Column(id: "b", title: lt)],
                        rows: hostile.map { [.text($0), .missing($0)] } + [[.progress(0.5, label: h), .status(.pending, alert: true)]],
                        sources: hostile)),
                    .chart(ReportDocument.Chart(
                        id: "x\"y", title: lt, unit: h,
                        observed: [.init(year: 2020, value: 1), .init(year: 2021, value: 2)],
                        baseline: .init(year: 2020, value: 1), target: .init(year: 2025, value: 3),
                        targetKind: .ceiling, projection: [.init(year: 2021, value: 2), .init(year: 2025, value: 4)],
                        status: .limitedProgress)),
                    .notes([lt]),
                ]),
            ])
    }
}
