import Foundation

extension HTMLRenderer {
    /// One run of a scheduled job, as the job's `index.html` lists it.
    public struct RunIndexRow: Sendable {
        public var run: Int64
        /// Relative link to the run's `index.html` (its folder when it has none); nil when no longer kept.
        public var link: String?
        public var startedAt: Date
        public var duration: Double?
        /// `complete`, `partial`, `failed`, `interrupted`, `aborted`, `running`.
        public var outcome: String
        public var trigger: String
        /// Failed or stale sources, failed reports, revised figures, errors: one sentence each.
        public var notes: [String]

        public init(run: Int64, link: String?, startedAt: Date, duration: Double?, outcome: String, trigger: String, notes: [String]) {
            self.run = run
            self.link = link
            self.startedAt = startedAt
            self.duration = duration
            self.outcome = outcome
            self.trigger = trigger
            self.notes = notes
        }
    }

    /// The job's `index.html`: its runs, newest first, with outcome, duration and what went wrong or
    /// changed. Self-contained like every report page; every string escaped.
    /// `latest`: the relative link to what the job's `latest` points at and that run's number.
    public static func runIndex(job: String, rows: [RunIndexRow], latest: (link: String, run: Int64)? = nil, generatedAt: Date) -> Data {
        func e(_ text: String) -> String { HTMLEscape.escape(text) }
        // Outcome in words and a symbol, never by colour alone.
        let styles = ["complete": ("s-target_achieved", "✓ 完成 complete"), "partial": ("s-moderate_progress", "◐ 部分 partial"),
                      "failed": ("s-not_achieved", "✗ 失败 failed"), "interrupted": ("s-deterioration", "✗ 中断 interrupted"),
                      "aborted": ("s-deterioration", "✗ 中止 aborted"), "running": ("s-pending", "… 运行中 running")]
        var body = "<header class=\"report-head\">\n<h1>任务 \(e(job))<span class=\"en\">Job \(e(job)): runs</span></h1>\n</header>\n"
        if let latest {
            body += "<p class=\"latest\"><a href=\"./\(e(latest.link))\">最新一次运行 <span class=\"en\">Latest run</span></a> #\(latest.run)</p>\n"
        }
        body += "<section><div class=\"scroll\"><table>\n<thead><tr><th>运行 <span class=\"en\">Run</span></th><th>开始 <span class=\"en\">Started</span></th>"
        body += "<th>用时 <span class=\"en\">Duration</span></th><th>结果 <span class=\"en\">Outcome</span></th><th>说明 <span class=\"en\">Notes</span></th></tr></thead>\n<tbody>\n"
        for row in rows {
            let (style, label) = styles[row.outcome] ?? ("s-pending", row.outcome)
            let name = "#\(row.run)"
            let run = row.link.map { "<a href=\"./\(e($0))\">\(e(name))</a>" } ?? "\(e(name)) <span class=\"missing\">(removed)</span>"
            let duration = row.duration.map { String(format: "%.1f s", $0) } ?? "—"
            body += "<tr><td>\(run)<br><span class=\"en\">\(e(row.trigger))</span></td><td class=\"num\">\(Format.isoDate(row.startedAt))</td>"
            body += "<td class=\"num al-r\">\(duration)</td><td><span class=\"badge \(style)\">\(e(label))</span></td><td>"
            body += row.notes.map { "<div>\(e($0))</div>" }.joined() + "</td></tr>\n"
        }
        body += "</tbody></table></div></section>\n<footer>PlanWatch · \(e(Format.generatedLabel)) \(Format.isoDate(generatedAt))</footer>\n"
        return Data(page(title: "PlanWatch \(job)", body: body).utf8)
    }
}
