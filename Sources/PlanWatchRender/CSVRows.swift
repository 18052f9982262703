import Foundation

/// Plain CSV rows (RFC 4180, neutralised like every CSV planwatch writes), for commands that write
/// tables which are not documents, such as `planwatch assess`.
public enum CSVRows {
    public static func encode(_ rows: [[String]]) -> String {
        var writer = CSVWriter()
        for row in rows { writer.row(row) }
        return writer.text
    }
}
