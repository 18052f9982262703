import Foundation
import ReportKit

/// The document as JSON for machines: a documented, stable shape (not Swift's synthesized enum
/// coding), keys sorted, dates ISO 8601 in UTC, numbers at full precision, non-finite numbers as null.
///
///     {"format": "planwatch-report", "version": 1, "id", "title": {"zh", "en"}, "subtitle",
///      "generatedAt", "facts": [{"key", "value"}], "sections": [{"id", "title", "blocks": [block]}]}
///     block: {"type": "paragraph", "text"} | {"type": "notes", "items"} |
///            {"type": "summary", "counts": {status: n}, "bindingAlerts"} |
///            {"type": "table", "id", "caption", "columns": [{"id", "title", "alignment"}], "rows": [[cell]], "sources"} |
///            {"type": "chart", "id", "title", "unit", "observed": [{"year", "value"}], "baseline", "target",
///             "targetKind", "projection", "status"}
///     cell:  {"type": "text", "text"} | {"type": "number", "value", "decimals"} |
///            {"type": "status", "status", "zh", "en", "alert"} | {"type": "missing", "label"} |
///            {"type": "progress", "value", "label"}
public struct JSONRenderer: Renderer {
    public let formatID = "json"
    public let fileExtension = "json"

    public init() {}

    public func render(_ doc: ReportDocument, options: RenderOptions) throws -> Data {
        var data = try Self.encoder(pretty: options.prettyJSON).encode(DocumentJSON(doc))
        data.append(0x0A)
        return data
    }

    /// The assessments of a run as JSON (Swift's own coding of `Assessment`, keys sorted, dates
    /// ISO 8601, non-finite numbers as null, like the report JSON).
    public static func assessments(_ list: [Assessment], pretty: Bool = true) throws -> Data {
        let encoder = encoder(pretty: pretty)
        // JSONEncoder cannot write null for a non-finite Double it meets inside a synthesized
        // Codable, so it writes a marker string that no text in the data can equal (a fresh UUID),
        // and each quoted marker becomes null.
        let marker = "non-finite-" + UUID().uuidString
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: marker, negativeInfinity: marker, nan: marker)
        let encoded = try encoder.encode(list)
        var data = Data(String(decoding: encoded, as: UTF8.self).replacingOccurrences(of: "\"\(marker)\"", with: "null").utf8)
        data.append(0x0A)
        return data
    }

    static func encoder(pretty: Bool) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }
}

// MARK: - The JSON shape

private struct Text: Encodable {
    let zh: String
    let en: String?
    init(_ text: LocalizedText) { zh = text.zh; en = text.en }
}

/// A Double that encodes as null when not finite.
private struct Number: Encodable {
    let value: Double
    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if value.isFinite { try container.encode(value) } else { try container.encodeNil() }
    }
}

private struct PointJSON: Encodable {
    let year: Int
    let value: Number
    init(_ point: ReportDocument.Chart.Point) { year = point.year; value = Number(value: point.value) }
}

private struct DocumentJSON: Encodable {
    let format = "planwatch-report"
    let version = 1
    let id: String
    let title: Text
    let subtitle: Text?
    let generatedAt: Date
    let facts: [Fact]
    let sections: [SectionJSON]

    struct Fact: Encodable {
        let key: Text
        let value: String
    }

    init(_ doc: ReportDocument) {
        id = doc.id
        title = Text(doc.title)
        subtitle = doc.subtitle.map(Text.init)
        generatedAt = doc.generatedAt
        facts = doc.facts.map { Fact(key: Text($0.key), value: $0.value) }
        sections = doc.sections.map(SectionJSON.init)
    }

    func encode(to encoder: any Encoder) throws {
        enum K: String, CodingKey { case format, version, id, title, subtitle, generatedAt, facts, sections }
        var c = encoder.container(keyedBy: K.self)
        try c.encode(format, forKey: .format)
        try c.encode(version, forKey: .version)
        try c.encode(id, forKey: .id)
        try c.encode(title, forKey: .title)
        try c.encode(subtitle, forKey: .subtitle)  // null when absent: a stable set of keys
        try c.encode(generatedAt, forKey: .generatedAt)
        try c.encode(facts, forKey: .facts)
        try c.encode(sections, forKey: .sections)
    }
}

private struct SectionJSON: Encodable {
    let id: String
    let title: Text
    let blocks: [BlockJSON]
    init(_ section: ReportDocument.Section) {
        id = section.id
        title = Text(section.title)
        blocks = section.blocks.map(BlockJSON.init)
    }
}

private struct BlockJSON: Encodable {
    let block: ReportDocument.Block
    init(_ block: ReportDocument.Block) { self.block = block }

    enum K: String, CodingKey {
        case type, text, items, counts, bindingAlerts, id, caption, columns, rows, sources
        case title, unit, observed, baseline, target, targetKind, projection, status
    }

    struct Column: Encodable {
        let id: String
        let title: Text
        let alignment: String
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: K.self)
        switch block {
        case .paragraph(let text):
            try c.encode("paragraph", forKey: .type)
            try c.encode(Text(text), forKey: .text)
        case .notes(let notes):
            try c.encode("notes", forKey: .type)
            try c.encode(notes.map(Text.init), forKey: .items)
        case .summary(let summary):
            try c.encode("summary", forKey: .type)
            // String keys: the encoder sorts them (the model's enum-keyed dictionary would encode as an
            // unordered array).
            try c.encode(Dictionary(uniqueKeysWithValues: summary.counts.map { ($0.key.rawValue, $0.value) }), forKey: .counts)
            try c.encode(summary.bindingAlerts.map(Text.init), forKey: .bindingAlerts)
        case .table(let table):
            try c.encode("table", forKey: .type)
            try c.encode(table.id, forKey: .id)
            try c.encode(Text(table.caption), forKey: .caption)
            try c.encode(table.columns.map { Column(id: $0.id, title: Text($0.title), alignment: $0.alignment.rawValue) }, forKey: .columns)
            try c.encode(table.rows.map { $0.map(CellJSON.init) }, forKey: .rows)
            try c.encode(table.sources, forKey: .sources)
        case .chart(let chart):
            try c.encode("chart", forKey: .type)
            try c.encode(chart.id, forKey: .id)
            try c.encode(Text(chart.title), forKey: .title)
            try c.encode(chart.unit, forKey: .unit)
            try c.encode(chart.observed.map(PointJSON.init), forKey: .observed)
            try c.encode(chart.baseline.map(PointJSON.init), forKey: .baseline)
            try c.encode(chart.target.map(PointJSON.init), forKey: .target)
            try c.encode(chart.targetKind.rawValue, forKey: .targetKind)
            try c.encode(chart.projection.map(PointJSON.init), forKey: .projection)
            try c.encode(chart.status.rawValue, forKey: .status)
        }
    }
}

private struct CellJSON: Encodable {
    let cell: ReportDocument.Cell
    init(_ cell: ReportDocument.Cell) { self.cell = cell }

    enum K: String, CodingKey { case type, text, value, decimals, status, zh, en, alert, label }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: K.self)
        switch cell {
        case .text(let text):
            try c.encode("text", forKey: .type)
            try c.encode(text, forKey: .text)
        case .number(let value, let decimals):
            try c.encode("number", forKey: .type)
            try c.encode(Number(value: value), forKey: .value)
            try c.encode(decimals, forKey: .decimals)
        case .status, .wordedStatus:
            // A worded status is a status cell with the report's words (已实现 after the target year).
            let (status, alert, label) = cell.statusWords!
            try c.encode("status", forKey: .type)
            try c.encode(status.rawValue, forKey: .status)
            try c.encode(label.zh, forKey: .zh)
            try c.encode(label.en ?? status.english(), forKey: .en)
            try c.encode(alert, forKey: .alert)
        case .missing(let label):
            try c.encode("missing", forKey: .type)
            try c.encode(label, forKey: .label)
        case .progress(let value, let label):
            try c.encode("progress", forKey: .type)
            try c.encode(Number(value: value), forKey: .value)
            try c.encode(label, forKey: .label)
        }
    }
}
