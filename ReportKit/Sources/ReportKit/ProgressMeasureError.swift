import Foundation

/// A problem that stops a progress measure from being computed at all (as opposed to the guards of
/// ASSESSMENT.md 1.5, which still produce a result with a warning).
///
/// A struct around a private code, so new cases can be added without breaking code that switches on
/// it; compare with the static members: `error == .duplicateYears`. Equality looks at the kind only,
/// not at `detail`.
public struct ProgressMeasureError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: String, Sendable, Hashable {
        case duplicateYears = "duplicate years"
        case emptySeries = "empty series"
        case missingField = "missing field"
        case invalidField = "invalid field"
    }

    private let code: Code
    /// What exactly is wrong and how to fix it: the years, the field name and the text found.
    public let detail: String

    private init(_ code: Code, _ detail: String = "") {
        self.code = code
        self.detail = detail
    }

    /// Two observations of one series share a year (ASSESSMENT.md 1.5: an error, not a guess).
    public static var duplicateYears: Self { .init(.duplicateYears) }
    /// No observation at all was given.
    public static var emptySeries: Self { .init(.emptySeries) }
    /// A required CSV field is absent or empty.
    public static var missingField: Self { .init(.missingField) }
    /// A CSV field holds text that is not what the column needs.
    public static var invalidField: Self { .init(.invalidField) }

    static func duplicateYears(_ years: [Int]) -> Self {
        .init(.duplicateYears, "years \(years.map(String.init).joined(separator: ", ")) occur more than once; keep one value per year")
    }

    static func missingFields(_ names: [String]) -> Self {
        let list = names.map { "'\($0)'" }.joined(separator: ", ")
        return .init(.missingField, names.count == 1 ? "column \(list) is empty; the method needs it"
                                                      : "columns \(list) are empty; the method needs them")
    }

    static func invalidField(_ name: String, _ text: String, expected: String) -> Self {
        .init(.invalidField, "column '\(name)': '\(text)' is not \(expected)")
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    public var description: String {
        detail.isEmpty ? code.rawValue : "\(code.rawValue): \(detail)"
    }
}
