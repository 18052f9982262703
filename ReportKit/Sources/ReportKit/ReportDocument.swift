import Foundation

/// What a report module returns and every renderer lays out: text, CSV, HTML, JSON and Markdown are
/// all views of this one value. Renderers never compute, so everything a reader sees is in here.
public struct ReportDocument: Sendable, Hashable, Codable {
    /// Module id, also the output file stem (`ecology.html`).
    public var id: String
    public var title: LocalizedText
    public var subtitle: LocalizedText?
    public var generatedAt: Date
    /// "数据截至 … / data as of …" lines and other run-level facts shown under the title.
    public var facts: [KeyValue]
    public var sections: [Section]

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

    public struct KeyValue: Sendable, Hashable, Codable {
        public var key: LocalizedText
        public var value: String
        public init(key: LocalizedText, value: String) {
            self.key = key
            self.value = value
        }
    }

    public struct Section: Sendable, Hashable, Codable {
        public var id: String
        public var title: LocalizedText
        public var blocks: [Block]
        public init(id: String, title: LocalizedText, blocks: [Block]) {
            self.id = id
            self.title = title
            self.blocks = blocks
        }
    }

    public enum Block: Sendable, Hashable, Codable {
        case paragraph(LocalizedText)
        case table(Table)
        case chart(Chart)
        /// Counts by status, binding alerts first: the dashboard at the top of a report.
        case summary(StatusSummary)
        case notes([LocalizedText])
    }

    public struct Table: Sendable, Hashable, Codable {
        public var id: String
        public var caption: LocalizedText
        public var columns: [Column]
        public var rows: [[Cell]]
        /// Sources and retrieval dates of the figures in the table, printed under it.
        public var sources: [String]

        public init(id: String, caption: LocalizedText, columns: [Column], rows: [[Cell]], sources: [String] = []) {
            self.id = id
            self.caption = caption
            self.columns = columns
            self.rows = rows
            self.sources = sources
        }
    }

    public struct Column: Sendable, Hashable, Codable {
        public enum Alignment: String, Sendable, Hashable, Codable { case leading, trailing, center }
        public var id: String
        public var title: LocalizedText
        public var alignment: Alignment
        public init(id: String, title: LocalizedText, alignment: Alignment = .leading) {
            self.id = id
            self.title = title
            self.alignment = alignment
        }
    }

    public enum Cell: Sendable, Hashable, Codable {
        case text(String)
        /// A number with the decimals to display; renderers that export data (CSV, JSON) keep it whole.
        case number(Double, decimals: Int)
        case status(AssessmentStatus, alert: Bool)
        /// A figure that is not there: shown as 数据不足 / no data (or the given label), never as 0.
        case missing(String?)
        /// A progress bar from 0 to 1 (clamped by renderers), with its label.
        case progress(Double, label: String)

        /// A whole number, such as a count of projects: `.number(12)` is `.number(12, decimals: 0)`.
        public static func number(_ count: Int) -> Cell { .number(Double(count), decimals: 0) }
    }

    /// A chart of one series: the observed points, baseline, target (line, or band for ceilings and
    /// floors) and the projection to the target year.
    public struct Chart: Sendable, Hashable, Codable {
        public struct Point: Sendable, Hashable, Codable {
            public var year: Int
            public var value: Double
            public init(year: Int, value: Double) {
                self.year = year
                self.value = value
            }
        }
        public var id: String
        public var title: LocalizedText
        public var unit: String
        public var observed: [Point]
        public var baseline: Point?
        public var target: Point?
        public var targetKind: TargetKind
        /// Dashed line from the latest observation to the projected value at the target year.
        public var projection: [Point]
        public var status: AssessmentStatus

        public init(
            id: String, title: LocalizedText, unit: String, observed: [Point], baseline: Point?,
            target: Point?, targetKind: TargetKind, projection: [Point], status: AssessmentStatus
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
        }
    }

    public struct StatusSummary: Sendable, Hashable, Codable {
        public var counts: [AssessmentStatus: Int]
        /// Indicator ids and names of binding targets off course, listed first.
        public var bindingAlerts: [LocalizedText]
        public init(counts: [AssessmentStatus: Int], bindingAlerts: [LocalizedText]) {
            self.counts = counts
            self.bindingAlerts = bindingAlerts
        }
    }
}
