import Foundation

/// A CSV file parsed by RFC 4180 rules (quoted fields, doubled quotes, CR LF or LF, newlines inside
/// quotes), keeping the 1-based line number where each record starts so that errors can point at it.
public struct CSVTable: Sendable {
    public struct Record: Sendable {
        public var line: Int
        public var fields: [String]
    }

    public var records: [Record]

    /// Parses `text` with the given separator. Throws on an unterminated quote, naming its line.
    public init(text: String, separator: Character = ",", sourceID: String = "", location: String = "") throws(FeedError) {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var line = 1
        var recordLine = 1
        var quoteLine = 1
        var atFieldStart = true
        var iterator = text.makeIterator()
        var pending: Character? = nil

        func next() -> Character? {
            if let p = pending { pending = nil; return p }
            return iterator.next()
        }

        while let ch = next() {
            if inQuotes {
                if ch == "\"" {
                    if let after = next() {
                        if after == "\"" { field.append("\"") } else { inQuotes = false; pending = after }
                    } else {
                        inQuotes = false
                    }
                } else {
                    if ch == "\n" || ch == "\r\n" { line += 1 }
                    field.append(ch)
                }
                continue
            }
            switch ch {
            case "\"" where atFieldStart:
                inQuotes = true
                quoteLine = line
                atFieldStart = false
            case separator:
                fields.append(field)
                field = ""
                atFieldStart = true
            case "\n", "\r\n", "\r":
                fields.append(field)
                records.append(Record(line: recordLine, fields: fields))
                fields = []
                field = ""
                atFieldStart = true
                line += 1
                recordLine = line
            default:
                field.append(ch)
                atFieldStart = false
            }
        }
        if inQuotes {
            throw FeedError(.malformed, sourceID: sourceID, location: location, position: "line \(quoteLine)",
                            message: "a quoted field opened here is never closed; close it with \"")
        }
        if !field.isEmpty || !fields.isEmpty {
            fields.append(field)
            records.append(Record(line: recordLine, fields: fields))
        }
        // Blank lines carry no record.
        self.records = records.filter { !($0.fields.count == 1 && $0.fields[0].trimmingCharacters(in: .whitespaces).isEmpty) }
    }
}
