import Foundation

/// A CSV file parsed by RFC 4180 rules (quoted fields, doubled quotes, CR LF or LF, newlines inside
/// quotes), keeping the 1-based line number where each record starts so that errors can point at it.
/// The rows are read by `CSVScanner`; this keeps them all, for decoders that look ahead (preambles,
/// footers). Decoders of large files scan instead.
public struct CSVTable: Sendable {
    public struct Record: Sendable {
        public var line: Int
        public var fields: [String]
    }

    public var records: [Record]

    /// Parses `text` with the given separator (an ASCII character). Throws on an unterminated quote,
    /// naming its line.
    public init(text: String, separator: Character = ",", sourceID: String = "", location: String = "") throws(FeedError) {
        let bytes = Array(text.utf8)
        let result: Result<CSVTable, FeedError> = bytes.withUnsafeBufferPointer { buffer in
            do throws(FeedError) {
                return .success(try CSVTable(bytes: buffer, separator: separator, sourceID: sourceID, location: location))
            } catch {
                return .failure(error)
            }
        }
        self = try result.get()
    }

    /// Parses UTF-8 `bytes` in place.
    public init(bytes: UnsafeBufferPointer<UInt8>, separator: Character = ",", sourceID: String = "", location: String = "") throws(FeedError) {
        var records: [Record] = []
        try CSVScanner.scan(bytes, separator: separator.asciiValue ?? UInt8(ascii: ","), sourceID: sourceID, location: location) { row throws(FeedError) in
            records.append(Record(line: row.line, fields: row.strings))
        }
        self.records = records
    }
}
