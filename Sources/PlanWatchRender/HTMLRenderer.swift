import Foundation
import ReportKit

/// One self-contained HTML file per report: inline CSS and SVG, no script, no request to the network
/// (a Content-Security-Policy says so to the browser too), `lang="zh-CN"`, a status dashboard with
/// binding-target alerts first, tables with sources, charts, progress bars, status badges that carry
/// text and a symbol as well as colour, and an A4 print stylesheet. Every string is escaped; no
/// string from the document becomes a URL, a tag, an attribute name or CSS.
public struct HTMLRenderer: Renderer {
    public let formatID = "html"
    public let fileExtension = "html"

    public init() {}

    public func render(_ doc: ReportDocument, options: RenderOptions) throws -> Data {
        Data(renderString(doc, language: options.language).utf8)
    }

    public func renderString(_ doc: ReportDocument, language: RenderOptions.Language = .both) -> String {
        let e = HTMLEscape.escape
        let labels = Format.labels(language)
        var chartIndex = 0
        var body = "<header class=\"report-head\">\n<h1>\(e(doc.title.zh))"
        if let en = doc.title.en, !en.isEmpty, en != doc.title.zh { body += "<span class=\"en\">\(e(en))</span>" }
        body += "</h1>\n"
        if let subtitle = doc.subtitle { body += "<p class=\"subtitle\">\(e(subtitle.bilingual))</p>\n" }
        body += "<dl class=\"facts\">"
        for fact in doc.facts { body += "<div><dt>\(e(fact.key.bilingual))</dt><dd>\(e(fact.value))</dd></div>" }
        body += "<div><dt>\(e(labels.generated))</dt><dd><time datetime=\"\(Format.isoDate(doc.generatedAt))\">\(Format.isoDate(doc.generatedAt))</time></dd></div></dl>\n</header>\n"
        if doc.sections.count > 1 {
            body += "<nav class=\"toc\"><ol>"
            for (index, section) in doc.sections.enumerated() {
                body += "<li><a href=\"#s\(index + 1)\">\(e(section.title.bilingual))</a></li>"
            }
            body += "</ol></nav>\n"
        }
        for (index, section) in doc.sections.enumerated() {
            body += "<section id=\"s\(index + 1)\">\n<h2>\(e(section.title.zh))"
            if let en = section.title.en, !en.isEmpty, en != section.title.zh { body += " <span class=\"en\">\(e(en))</span>" }
            body += "</h2>\n"
            for block in section.blocks {
                switch block {
                case .paragraph(let text): body += Self.paragraph(text)
                case .table(let table): body += Self.table(table, labels: labels)
                case .chart(let chart):
                    chartIndex += 1
                    body += Self.chart(chart, index: chartIndex, labels: labels)
                case .summary(let summary): body += Self.summary(summary, labels: labels)
                case .notes(let notes):
                    body += "<aside class=\"notes\"><h3>\(Self.words("注", "Notes", labels))</h3><ul>"
                    body += notes.map { "<li>\(e($0.bilingual))</li>" }.joined()
                    body += "</ul></aside>\n"
                }
            }
            body += "</section>\n"
        }
        body += "<footer>PlanWatch · \(e(labels.generated)) \(Format.isoDate(doc.generatedAt))</footer>\n"
        return Self.page(title: doc.title.bilingual, body: body, lang: language == .en ? "en" : "zh-CN")
    }

    // MARK: - Index

    /// One report in a run's index page.
    public struct IndexEntry: Sendable, Hashable {
        public var id: String
        public var title: LocalizedText
        /// The report's file name in the same folder (`ecology.html`). Linked only when it is a plain
        /// file name (`[A-Za-z0-9._-]`, no leading dot); the href is built as `./<file>`.
        public var file: String
        public var summary: ReportDocument.StatusSummary?
        public init(id: String, title: LocalizedText, file: String, summary: ReportDocument.StatusSummary?) {
            self.id = id
            self.title = title
            self.file = file
            self.summary = summary
        }
    }

    /// What the index says about the run.
    public struct RunInfo: Sendable, Hashable {
        public var title: LocalizedText
        public var generatedAt: Date
        /// Lines such as plan name, data as of, complete/partial.
        public var facts: [ReportDocument.KeyValue]
        public init(title: LocalizedText, generatedAt: Date, facts: [ReportDocument.KeyValue] = []) {
            self.title = title
            self.generatedAt = generatedAt
            self.facts = facts
        }
    }

    /// The index page of a run: one card per report with its status counts and binding alerts.
    public static func index(reports: [IndexEntry], runInfo: RunInfo) -> Data {
        var body = "<header class=\"report-head\">\n<h1>\(e(runInfo.title.zh))"
        if let en = runInfo.title.en, !en.isEmpty, en != runInfo.title.zh { body += "<span class=\"en\">\(e(en))</span>" }
        body += "</h1>\n<dl class=\"facts\">"
        for fact in runInfo.facts { body += "<div><dt>\(e(fact.key.bilingual))</dt><dd>\(e(fact.value))</dd></div>" }
        body += "<div><dt>\(e(Format.generatedLabel))</dt><dd><time datetime=\"\(Format.isoDate(runInfo.generatedAt))\">\(Format.isoDate(runInfo.generatedAt))</time></dd></div></dl>\n</header>\n"
        body += "<section><h2>报告 <span class=\"en\">Reports</span></h2>\n<ul class=\"index\">\n"
        for report in reports {
            body += "<li class=\"index-card\"><h3>"
            if FileName.isSafe(report.file) {
                body += "<a href=\"./\(e(report.file))\">\(e(report.title.bilingual))</a>"
            } else {
                body += "\(e(report.title.bilingual)) <span class=\"missing\">(\(e(report.file)))</span>"
            }
            body += "</h3>"
            if let summary = report.summary {
                if !summary.bindingAlerts.isEmpty {
                    body += "<p class=\"alert-line\"><span class=\"alert-tag\">! \(e(Format.alertLabel))</span> "
                    body += summary.bindingAlerts.map { e($0.bilingual) }.joined(separator: "；") + "</p>"
                }
                body += "<p class=\"mini-counts\">"
                body += Format.orderedCounts(summary).map { "\(badge($0.0)) × \($0.1)" }.joined(separator: " ")
                body += "</p>"
            }
            body += "</li>\n"
        }
        body += "</ul></section>\n<footer>PlanWatch · \(e(Format.generatedLabel)) \(Format.isoDate(runInfo.generatedAt))</footer>\n"
        return Data(page(title: runInfo.title.bilingual, body: body).utf8)
    }

    /// The same with tuples, as the host may hold them.
    public static func index(
        reports: [(id: String, title: LocalizedText, file: String, summary: ReportDocument.StatusSummary?)], runInfo: RunInfo
    ) -> Data {
        index(reports: reports.map { IndexEntry(id: $0.id, title: $0.title, file: $0.file, summary: $0.summary) }, runInfo: runInfo)
    }

    // MARK: - Blocks

    private static func e(_ text: String) -> String { HTMLEscape.escape(text) }

    private static func paragraph(_ text: LocalizedText) -> String {
        var o = "<p>\(e(text.zh))</p>\n"
        if let en = text.en, !en.isEmpty, en != text.zh { o += "<p class=\"en-para\">\(e(en))</p>\n" }
        return o
    }

    /// A label in the document's language: Chinese with the English in its span, or one of them alone.
    private static func words(_ zh: String, _ en: String, _ labels: Format.Labels, separator: String = " ") -> String {
        switch labels.language {
        case .both: "\(e(zh))\(separator)<span class=\"en\">\(e(en))</span>"
        case .zh: e(zh)
        case .en: e(en)
        }
    }

    /// A status badge; `label` words it where the report reads it otherwise (已实现 after the target year).
    static func badge(_ status: AssessmentStatus, alert: Bool = false, label: LocalizedText? = nil,
                      labels: Format.Labels = Format.bilingualLabels) -> String {
        let label = label ?? status.label
        var o = "<span class=\"badge s-\(status.rawValue)\"><span class=\"sym\" aria-hidden=\"true\">\(e(Format.symbol(status)))</span> \(words(label.zh, label.en ?? label.zh, labels))</span>"
        if alert { o += " <span class=\"alert-tag\">! \(words("约束性预警", "binding alert", labels))</span>" }
        return o
    }

    private static func summary(_ summary: ReportDocument.StatusSummary, labels: Format.Labels) -> String {
        var o = "<div class=\"dashboard\">\n"
        if summary.bindingAlerts.isEmpty {
            o += "<p class=\"no-alerts\">✓ \(words("无约束性目标预警", "no binding-target alerts", labels))</p>\n"
        } else {
            o += "<div class=\"alerts\"><h3>! \(words("约束性目标预警", "Binding-target alerts", labels)) (\(summary.bindingAlerts.count))</h3><ul>"
            o += summary.bindingAlerts.map { "<li>\(e($0.bilingual))</li>" }.joined()
            o += "</ul></div>\n"
        }
        o += "<ul class=\"counts\">"
        for (status, count) in Format.orderedCounts(summary) {
            let label = summary.label(status)
            o += "<li class=\"card s-\(status.rawValue)\"><span class=\"n\">\(count)</span><span class=\"sym\" aria-hidden=\"true\">\(e(Format.symbol(status)))</span><span class=\"label\">\(words(label.zh, label.en ?? label.zh, labels, separator: "<br>"))</span></li>"
        }
        o += "</ul>\n</div>\n"
        return o
    }

    private static func alignClass(_ alignment: ReportDocument.Column.Alignment) -> String {
        switch alignment {
        case .leading: "al-l"
        case .trailing: "al-r"
        case .center: "al-c"
        }
    }

    private static func table(_ table: ReportDocument.Table, labels: Format.Labels) -> String {
        // A table longer than a printed page cannot stay whole: it breaks between rows, with the
        // header repeated; shorter ones are kept on one page.
        let length = table.rows.count > 18 ? " long" : ""
        var o = "<figure class=\"tbl\(length)\"><div class=\"scroll\"><table>\n<caption>\(e(table.caption.zh))"
        if let en = table.caption.en, !en.isEmpty, en != table.caption.zh { o += " <span class=\"en\">\(e(en))</span>" }
        o += "</caption>\n<colgroup>"
        // Widths from the content (ColumnWidths), so print can use a fixed layout that fits A4.
        for percent in ColumnWidths(table, labels: labels).percentages() {
            o += "<col style=\"width:\(Format.display(percent, decimals: 1))%\">"
        }
        o += "</colgroup>\n<thead><tr>"
        for column in table.columns {
            o += "<th class=\"\(alignClass(column.alignment))\" scope=\"col\">\(e(column.title.zh))"
            if let en = column.title.en, !en.isEmpty, en != column.title.zh { o += "<br><span class=\"en\">\(e(en))</span>" }
            o += "</th>"
        }
        o += "</tr></thead>\n<tbody>\n"
        for row in table.rows {
            o += "<tr>"
            for (index, column) in table.columns.enumerated() {
                let align = alignClass(column.alignment)
                guard index < row.count else { o += "<td class=\"\(align)\"></td>"; continue }
                switch row[index] {
                case .text(let text): o += "<td class=\"\(align)\">\(e(text))</td>"
                case .number(let value, let decimals): o += "<td class=\"num \(align)\">\(e(Format.display(value, decimals: decimals)))</td>"
                case .status(let status, let alert): o += "<td class=\"\(align)\">\(badge(status, alert: alert, labels: labels))</td>"
                case .wordedStatus(let status, let alert, let label): o += "<td class=\"\(align)\">\(badge(status, alert: alert, label: label, labels: labels))</td>"
                case .missing(let label): o += "<td class=\"missing \(align)\">\(e(labels.missing(label)))</td>"
                case .progress(let value, let label):
                    let negative = value < 0 ? " neg" : ""
                    o += "<td class=\"\(align)\"><span class=\"bar\(negative)\" aria-hidden=\"true\"><span class=\"fill\" style=\"width:\(Format.display(Format.clamped(value) * 100, decimals: 1))%\"></span></span> <span class=\"bar-label\">\(e(label))</span></td>"
                }
            }
            o += "</tr>\n"
        }
        o += "</tbody></table></div>\n"
        if !table.sources.isEmpty {
            o += "<figcaption class=\"sources\"><span class=\"src-label\">\(e(labels.source)):</span><ul>"
            o += table.sources.map { "<li>\(e($0))</li>" }.joined()
            o += "</ul></figcaption>"
        }
        return o + "</figure>\n"
    }

    private static func chart(_ chart: ReportDocument.Chart, index: Int, labels: Format.Labels) -> String {
        var o = "<figure class=\"chart-box\">\n<figcaption><span class=\"chart-title\">\(e(chart.title.zh))"
        if let en = chart.title.en, !en.isEmpty, en != chart.title.zh { o += " <span class=\"en\">\(e(en))</span>" }
        o += "</span> \(badge(chart.status, label: chart.statusWords, labels: labels))</figcaption>\n"
        o += SVGChart(chart: chart, index: index, labels: labels).svg()
        o += "\n<p class=\"chart-facts\">\(e(Format.observedLine(chart, labels: labels)))"
        let facts = Format.chartFacts(chart, labels: labels)
        if !facts.isEmpty { o += "<br>" + e(facts.joined(separator: " · ")) }
        o += "</p>\n</figure>\n"
        return o
    }

    // MARK: - Page

    static let fontStack = "\"PingFang SC\",\"Hiragino Sans GB\",\"Microsoft YaHei\",\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"WenQuanYi Micro Hei\",sans-serif"

    static func page(title: String, body: String, lang: String = "zh-CN") -> String {
        """
        <!DOCTYPE html>
        <html lang="\(lang)">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">
        <meta name="referrer" content="no-referrer">
        <meta name="generator" content="PlanWatch">
        <title>\(e(title))</title>
        <style>
        \(css)
        </style>
        </head>
        <body>
        <main>
        \(body)</main>
        </body>
        </html>

        """
    }

    static let css = """
        :root{--ink:#1d2733;--muted:#5b6675;--line:#d5dbe3;--accent:#1f4e9a;}
        *{box-sizing:border-box}
        html{-webkit-print-color-adjust:exact;print-color-adjust:exact}
        body{margin:0;font-family:\(fontStack);color:var(--ink);background:#fff;line-height:1.55;font-size:15px}
        main{max-width:1100px;margin:0 auto;padding:24px 28px 40px}
        h1{font-size:26px;margin:0 0 4px;line-height:1.3}
        h1 .en{display:block;font-size:16px;font-weight:normal;color:var(--muted)}
        h2{font-size:20px;border-bottom:2px solid var(--accent);padding-bottom:4px;margin:32px 0 14px}
        h3{font-size:16px;margin:0 0 8px}
        .en{color:var(--muted);font-weight:normal}
        .en-para{color:var(--muted)}
        .subtitle{margin:0 0 8px;color:var(--muted)}
        .facts{display:flex;flex-wrap:wrap;gap:4px 24px;margin:8px 0 0;font-size:13px;color:var(--muted)}
        .facts div{display:flex;gap:6px}.facts dt{font-weight:bold}.facts dd{margin:0}
        .toc ol{display:flex;flex-wrap:wrap;gap:6px 20px;padding-left:20px;font-size:14px}
        .toc a{color:var(--accent)}
        .dashboard{border:1px solid var(--line);border-radius:8px;padding:14px 16px;margin:0 0 16px;background:#fafbfc}
        .alerts{border:3px double #b3261e;background:#fdecea;border-radius:6px;padding:10px 14px;margin-bottom:12px}
        .alerts h3{color:#8c1d18}.alerts ul{margin:0;padding-left:22px}
        .no-alerts{margin:0 0 10px;color:#1e6b34}
        .counts{list-style:none;display:flex;flex-wrap:wrap;gap:10px;margin:0;padding:0}
        .card{display:flex;align-items:center;gap:8px;min-width:150px;padding:8px 12px;border-radius:6px}
        .card .n{font-size:26px;font-weight:bold;min-width:1.2em;text-align:right}
        .card .sym{font-size:18px}.card .label{font-size:13px;line-height:1.3}
        .badge{display:inline-block;padding:1px 7px;border-radius:4px;font-size:13px;white-space:nowrap;line-height:1.5}
        .badge .sym{font-weight:bold}
        .s-target_achieved{background:#dff3e4;border:2px solid #1e7b34;color:#14532d}
        .s-substantial_progress{background:#eaf6df;border:1px solid #4d8f2a;color:#2f5d17}
        .s-moderate_progress{background:#fff4d6;border:1px dashed #a06c00;color:#6b4700}
        .s-limited_progress{background:#ffe6d1;border:2px dashed #b5530b;color:#7a3506}
        .s-deterioration{background:#fde0de;border:3px double #b3261e;color:#7f1d1d}
        .s-not_achieved{background:repeating-linear-gradient(45deg,#fde0de 0 6px,#f7c8c4 6px 9px);border:2px solid #b3261e;color:#7f1d1d}
        .s-not_available{background:#f0f0f0;border:1px dotted #666;color:#444}
        .s-pending{background:#f0f0f0;border:1px dashed #666;color:#444}
        .alert-tag{display:inline-block;padding:0 6px;border:2px solid #b3261e;color:#b3261e;font-weight:bold;font-size:12px;border-radius:3px;white-space:nowrap}
        .alert-line{margin:4px 0}
        figure{margin:0 0 22px}
        .scroll{overflow-x:auto}
        table{border-collapse:collapse;width:100%;font-size:14px}
        caption{text-align:left;font-weight:bold;padding:4px 0 8px;font-size:15px}
        th,td{border:1px solid var(--line);padding:5px 8px;vertical-align:top}
        thead th{background:#eef2f7;font-size:13px;border-bottom:2px solid #9aa7b8}
        tbody tr:nth-child(even){background:#fafbfc}
        .al-l{text-align:left}.al-r{text-align:right}.al-c{text-align:center}
        .num{font-variant-numeric:tabular-nums;white-space:nowrap}
        .missing{color:var(--muted);font-style:italic}
        .bar{display:inline-block;width:80px;height:10px;border:1px solid #4a5a70;background:#fff;vertical-align:middle;border-radius:2px;overflow:hidden}
        .bar .fill{display:block;height:100%;background:repeating-linear-gradient(90deg,#1f4e9a 0 3px,#4f7fc9 3px 5px)}
        .bar.neg{border-color:#b3261e}
        .bar-label{font-size:13px;white-space:nowrap}
        .sources{font-size:12px;color:var(--muted);margin-top:6px}
        .sources ul{margin:2px 0 0;padding-left:20px}
        .chart-box{border:1px solid var(--line);border-radius:8px;padding:10px 12px 6px;display:inline-block;vertical-align:top;margin:0 12px 18px 0;max-width:100%}
        .chart-box figcaption{font-size:15px;margin-bottom:4px}
        .chart-title{font-weight:bold;margin-right:6px}
        svg.chart{display:block;max-width:100%;height:auto;font-family:\(fontStack)}
        svg .grid{stroke:#e3e7ed;stroke-width:1}
        svg .axis{stroke:#4a5565;stroke-width:1}
        svg .ytick,svg .xtick,svg .unit{font-size:12px;fill:#4a5565}
        svg .observed{fill:none;stroke:#1f4e9a;stroke-width:2.5}
        svg .observed-dot{fill:#1f4e9a;stroke:#fff;stroke-width:1}
        svg .value{font-size:12px;fill:#1f4e9a;font-weight:bold}
        svg .baseline{fill:#fff;stroke:#333;stroke-width:2}
        svg .target{stroke:#b3261e;stroke-width:2;stroke-dasharray:10 3 2 3}
        svg .target-mark{fill:#b3261e}
        svg .bound{stroke:#2e7d32;stroke-width:2.5}
        svg .band{stroke:none;opacity:.9}
        svg .projection{fill:none;stroke:#d9822b;stroke-width:2.5;stroke-dasharray:7 5}
        svg .projection-end{fill:#fff;stroke:#d9822b;stroke-width:2}
        svg .label{font-size:12px;fill:#333}
        svg .target-label{fill:#8c1d18;font-weight:bold}
        svg .projection-label{fill:#a45a10}
        svg .legend text{font-size:12px;fill:#333}
        svg .nodata{font-size:14px;fill:#666;font-style:italic}
        .chart-facts{font-size:12px;color:var(--muted);margin:4px 0 0;max-width:680px}
        .notes{font-size:14px;border-left:4px solid var(--line);padding:4px 14px;margin:0 0 18px}
        .notes ul{margin:0;padding-left:20px}
        .index{list-style:none;padding:0;display:grid;gap:12px}
        .index-card{border:1px solid var(--line);border-radius:8px;padding:12px 16px}
        .index-card a{color:var(--accent)}
        .mini-counts{margin:6px 0 0;display:flex;flex-wrap:wrap;gap:6px 14px;font-size:13px}
        footer{margin-top:36px;font-size:12px;color:var(--muted);border-top:1px solid var(--line);padding-top:8px}
        @media (max-width:900px){.badge{white-space:normal}main{padding:16px 12px 32px}}
        @page{size:A4;margin:14mm 12mm}
        @media print{
        body{font-size:10.5pt}
        main{max-width:none;padding:0}
        .toc{display:none}
        .dashboard,figure,.tbl,.chart-box,table,.alerts,.index-card{break-inside:avoid;page-break-inside:avoid}
        .tbl.long,.tbl.long table{break-inside:auto;page-break-inside:auto}
        thead{display:table-header-group}
        tr{break-inside:avoid}
        h2,h3,caption{break-after:avoid;page-break-after:avoid}
        .scroll{overflow:visible}
        .badge{white-space:normal;padding:0 4px;font-size:8.5pt}
        table{font-size:9pt;table-layout:fixed}
        th,td{padding:3px 4px;overflow-wrap:break-word}
        thead th{font-size:8.5pt}
        .bar{width:3.5em}
        .chart-box{display:block;border-color:#999}
        a{color:inherit;text-decoration:none}
        }
        """
}
