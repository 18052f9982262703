import Foundation

public enum RenderError: Error, Sendable, Hashable, CustomStringConvertible {
    case unknownFormat(String, known: [String])
    case encoding(String)
    case xlsx(String)

    public var description: String {
        switch self {
        case .unknownFormat(let id, let known):
            "unknown output format '\(id)'; known formats: \(known.joined(separator: ", "))"
        case .encoding(let message): "encoding failed: \(message)"
        case .xlsx(let message): "xlsx workbook failed: \(message)"
        }
    }
}
