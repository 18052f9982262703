import Foundation

/// What a report module returns and every renderer lays out: text, CSV, HTML, JSON and Markdown are
/// all views of this one value. Renderers never compute, so everything a reader sees is in here.
public struct ReportDocument: Sendable, Hashable, Codable {
    /// Module id, also the output file stem (`ecology.html`).
    public var id: String
    /// The report's title, e.g. the descriptor's.
    public var title: LocalizedText
    /// A line under the title, e.g. the plan's name.
    public var subtitle: LocalizedText?
    /// When the report was generated: the context's ``ReportContext/generatedAt``.
    public var generatedAt: Date
    /// "数据截至 … / data as of …" lines and other run-level facts shown under the title.
    public var facts: [KeyValue]
    /// The body, in reading order.
    public var sections: [Section]

    /// A document; most modules get one from ``IndicatorSections/document(for:id:title:subtitle:extraSections:)``.
    public init(
        id: String, title: LocalizedText, subtitle: LocalizedText? = nil, generatedAt: Date,
        facts: [KeyValue] = [], sections: [Section]
    ) {
        self.id = id
        self.title = title
        self.subtitle = subtitle
        self.generatedAt = generatedAt
        self.facts = facts
        self.sections = sections
    }

    /// A labelled fact shown under the title.
    public struct KeyValue: Sendable, Hashable, Codable {
        /// The label.
        public var key: LocalizedText
        /// The value, as text.
        public var value: String
        /// A fact.
        public init(key: LocalizedText, value: String) {
            self.key = key
            self.value = value
        }
    }

    /// A titled part of a report; HTML gives it an anchor from its id.
    public struct Section: Sendable, Hashable, Codable {
        /// A stable id, unique in the document (`summary`, `indicators`, `scope`).
        public var id: String
        /// The heading.
        public var title: LocalizedText
        /// The content, in order.
        public var blocks: [Block]
        /// A section.
        public init(id: String, title: LocalizedText, blocks: [Block]) {
            self.id = id
            self.title = title
            self.blocks = blocks
        }
    }

    /// One piece of content of a section.
    public enum Block: Sendable, Hashable, Codable {
        /// A paragraph of text.
        case paragraph(LocalizedText)
        /// A table (see ``Table``).
        case table(Table)
        /// A chart of one series (see ``Chart``).
        case chart(Chart)
        /// Counts by status, binding alerts first: the dashboard at the top of a report.
        case summary(StatusSummary)
        /// A list of notes.
        case notes([LocalizedText])
    }

    /// A table: columns, rows of cells, and the sources of its figures.
    public struct Table: Sendable, Hashable, Codable {
        /// A stable id, unique in the document; the CSV renderer names the file after it.
        public var id: String
        /// The caption.
        public var caption: LocalizedText
        /// The columns, in order.
        public var columns: [Column]
        /// The rows; each has one cell per column (`ModuleConformance` in ReportKitTesting checks it).
        public var rows: [[Cell]]
        /// Sources and retrieval dates of the figures in the table, printed under it.
        public var sources: [String]
        /// Each row's own source and date, in row order, where the table knows them (the standard
        /// indicator table does): data exports (CSV) carry them as columns. nil: not known per row.
        public var rowSources: [RowSource]?

        /// A table.
        public init(id: String, caption: LocalizedText, columns: [Column], rows: [[Cell]], sources: [String] = [],
                    rowSources: [RowSource]? = nil) {
            self.id = id
            self.caption = caption
            self.columns = columns
            self.rows = rows
            self.sources = sources
            self.rowSources = rowSources
        }

        /// Where one row's figures come from.
        public struct RowSource: Sendable, Hashable, Codable {
            /// The row's source lines, joined by "; " (empty without figures).
            public var source: String
            /// The newest publication date of its figures where the feeds give one, else the newest
            /// retrieval date (`yyyy-MM-dd`); nil for curated figures without either.
            public var date: String?
            /// A row's source.
            public init(source: String, date: String?) {
                self.source = source
                self.date = date
            }
        }
    }

    /// A table column: id, heading and alignment.
    public struct Column: Sendable, Hashable, Codable {
        /// How the cells of a column line up.
        public enum Alignment: String, Sendable, Hashable, Codable {
            /// Left (the start of the line).
            case leading
            /// Right: figures, so their digits line up.
            case trailing
            /// Centred.
            case center
        }
        /// A stable id, used as the CSV header and JSON key.
        public var id: String
        /// The heading.
        public var title: LocalizedText
        /// How cells line up; numbers usually `.trailing`.
        public var alignment: Alignment
        /// A column.
        public init(id: String, title: LocalizedText, alignment: Alignment = .leading) {
            self.id = id
            self.title = title
            self.alignment = alignment
        }
    }

    /// One cell of a table. Renderers format cells; a module never formats numbers into text itself.
    public enum Cell: Sendable, Hashable, Codable {
        /// Plain text.
        case text(String)
        /// A number with the decimals to display; renderers that export data (CSV, JSON) keep it whole.
        case number(Double, decimals: Int)
        /// A status, shown in its colour; `alert` marks a binding target off course.
        case status(AssessmentStatus, alert: Bool)
        /// A figure that is not there: shown as 数据不足 / no data (or the given label), never as 0.
        case missing(String?)
        /// A progress bar from 0 to 1 (clamped by renderers), with its label.
        case progress(Double, label: String)
        /// A status shown with the words the report uses for it instead of the engine's label (an
        /// achieved target read after its target year is 已实现 / achieved, not 提前实现); coloured
        /// like ``status(_:alert:)``. See ``Assessment/statusLabel``.
        case wordedStatus(AssessmentStatus, alert: Bool, label: LocalizedText)

        /// The status, alert and words of either status cell; nil for other cells.
        public var statusWords: (status: AssessmentStatus, alert: Bool, label: LocalizedText)? {
            switch self {
            case .status(let status, let alert): (status, alert, status.label)
            case .wordedStatus(let status, let alert, let label): (status, alert, label)
            default: nil
            }
        }

        /// A whole number, such as a count of projects: `.number(12)` is `.number(12, decimals: 0)`.
        public static func number(_ count: Int) -> Cell { .number(Double(count), decimals: 0) }
    }

    /// A chart of one series: the observed points, baseline, target (line, or band for ceilings and
    /// floors) and the projection to the target year.
    public struct Chart: Sendable, Hashable, Codable {
        /// One point of a chart.
        public struct Point: Sendable, Hashable, Codable {
            /// The year on the x axis.
            public var year: Int
            /// The value on the y axis.
            public var value: Double
            /// A point.
            public init(year: Int, value: Double) {
                self.year = year
                self.value = value
            }
        }
        /// A stable id, unique in the document.
        public var id: String
        /// The chart's title.
        public var title: LocalizedText
        /// The unit of the y axis.
        public var unit: String
        /// The observed figures, oldest first.
        public var observed: [Point]
        /// The plan's baseline, if any.
        public var baseline: Point?
        /// The target at the target year, if numeric.
        public var target: Point?
        /// How the target is drawn: a point for a level, a band for a ceiling or floor.
        public var targetKind: TargetKind
        /// Dashed line from the latest observation to the projected value at the target year.
        public var projection: [Point]
        /// The status, for the chart's colour.
        public var status: AssessmentStatus
        /// The words for the status when they are not the engine's label (see ``Assessment/statusLabel``).
        public var statusLabel: LocalizedText?

        /// The words shown for the status.
        public var statusWords: LocalizedText { statusLabel ?? status.label }

        /// A chart.
        public init(
            id: String, title: LocalizedText, unit: String, observed: [Point], baseline: Point?,
            target: Point?, targetKind: TargetKind, projection: [Point], status: AssessmentStatus,
            statusLabel: LocalizedText? = nil
        ) {
            self.id = id
            self.title = title
            self.unit = unit
            self.observed = observed
            self.baseline = baseline
            self.target = target
            self.targetKind = targetKind
            self.projection = projection
            self.status = status
            self.statusLabel = statusLabel
        }
    }

    /// The dashboard at the top of a report: counts by status and binding alerts.
    public struct StatusSummary: Sendable, Hashable, Codable {
        /// How many indicators have each status.
        public var counts: [AssessmentStatus: Int]
        /// Indicator ids and names of binding targets off course, listed first.
        public var bindingAlerts: [LocalizedText]
        /// Words for a status other than the engine's label (every achieved target read after its
        /// target year: 已实现 / achieved); absent for the engine's labels.
        public var labels: [AssessmentStatus: LocalizedText]?

        /// The words shown for `status`.
        public func label(_ status: AssessmentStatus) -> LocalizedText { labels?[status] ?? status.label }
        /// A summary.
        public init(counts: [AssessmentStatus: Int], bindingAlerts: [LocalizedText], labels: [AssessmentStatus: LocalizedText]? = nil) {
            self.counts = counts
            self.bindingAlerts = bindingAlerts
            self.labels = labels
        }
    }
}
