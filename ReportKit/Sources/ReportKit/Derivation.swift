import Foundation

/// A series the plan defines as arithmetic on other figures ("地方一般公共预算收入占GDP比重" is budget
/// revenue / GDP × 100). The engine computes it per region and year where every input has a figure, so
/// a derived figure is an observation like any other, with its inputs as provenance (ARCHITECTURE.md).
///
/// The expression language (docs/PLAN-FORMAT.md): decimal numbers, series ids (plan ids or `x.` context
/// ids; an id may contain `-`, so subtraction is written with spaces, `a - b`), `+ - * /`, unary minus
/// and parentheses. Units are declared per input and checked: `+`/`-` need equal units, `*`/`/` combine
/// them, and the result must be the series unit (or the declared `unit`).
public struct Derivation: Sendable, Hashable, Codable {
    /// The expression as written in the plan file.
    public var expression: String
    public var tree: DerivedExpression
    /// Unit of each input, as declared in the plan file (`inputs: {x.gdp-level: 亿元}`).
    public var inputUnits: [String: String]
    /// The unit the expression yields in its inputs' units, when the series unit is a shorthand (人 per
    /// 1,000 people is `人/千人`); nil means the series unit.
    public var unit: String?
    /// `file:line` of the `derive:` key, for provenance and messages.
    public var definedAt: String

    public init(expression: String, tree: DerivedExpression, inputUnits: [String: String], unit: String?, definedAt: String) {
        self.expression = expression
        self.tree = tree
        self.inputUnits = inputUnits
        self.unit = unit
        self.definedAt = definedAt
    }

    /// The input ids in the order they first appear in the expression.
    public var inputs: [String] { tree.inputs }
}

/// The parsed expression.
public indirect enum DerivedExpression: Sendable, Hashable, Codable {
    case number(Double)
    case input(String)
    case negate(DerivedExpression)
    case binary(Operator, DerivedExpression, DerivedExpression)

    public enum Operator: String, Sendable, Hashable, Codable {
        case add = "+", subtract = "-", multiply = "*", divide = "/"
    }

    public var inputs: [String] {
        switch self {
        case .number: return []
        case .input(let id): return [id]
        case .negate(let e): return e.inputs
        case .binary(_, let l, let r):
            var out = l.inputs
            for id in r.inputs where !out.contains(id) { out.append(id) }
            return out
        }
    }

    /// nil when the result is not a finite number (division by zero).
    public func evaluate(_ values: [String: Double]) -> Double? {
        let result: Double?
        switch self {
        case .number(let v): result = v
        case .input(let id): result = values[id]
        case .negate(let e): result = e.evaluate(values).map { -$0 }
        case .binary(let op, let l, let r):
            guard let a = l.evaluate(values), let b = r.evaluate(values) else { return nil }
            switch op {
            case .add: result = a + b
            case .subtract: result = a - b
            case .multiply: result = a * b
            case .divide: result = b == 0 ? nil : a / b
            }
        }
        guard let result, result.isFinite else { return nil }
        return result
    }
}

/// A problem in an expression, with the 1-based column within the expression text.
public struct DerivationError: Error, Sendable, Hashable, CustomStringConvertible {
    public var column: Int
    public var message: String
    public init(column: Int, message: String) {
        self.column = column
        self.message = message
    }
    public var description: String { "column \(column): \(message)" }
}

extension DerivedExpression {
    /// Parses the expression language; the error carries the column of the offending character.
    public static func parse(_ text: String) throws(DerivationError) -> DerivedExpression {
        var parser = ExpressionParser(Array(text))
        let tree = try parser.expression()
        parser.skipSpaces()
        if parser.index < parser.chars.count {
            throw DerivationError(column: parser.index + 1, message: "unexpected '\(parser.chars[parser.index])'; expected an operator (+ - * /) or the end")
        }
        return tree
    }
}

/// Recursive descent: expression = term (('+'|'-') term)*; term = factor (('*'|'/') factor)*;
/// factor = '-' factor | number | id | '(' expression ')'.
private struct ExpressionParser {
    let chars: [Character]
    var index = 0

    init(_ chars: [Character]) { self.chars = chars }

    mutating func skipSpaces() { while index < chars.count, chars[index].isWhitespace { index += 1 } }

    mutating func expression() throws(DerivationError) -> DerivedExpression {
        var left = try term()
        while true {
            skipSpaces()
            guard index < chars.count, chars[index] == "+" || chars[index] == "-" else { return left }
            let op: DerivedExpression.Operator = chars[index] == "+" ? .add : .subtract
            index += 1
            left = .binary(op, left, try term())
        }
    }

    mutating func term() throws(DerivationError) -> DerivedExpression {
        var left = try factor()
        while true {
            skipSpaces()
            guard index < chars.count, chars[index] == "*" || chars[index] == "/" else { return left }
            let op: DerivedExpression.Operator = chars[index] == "*" ? .multiply : .divide
            index += 1
            left = .binary(op, left, try factor())
        }
    }

    mutating func factor() throws(DerivationError) -> DerivedExpression {
        skipSpaces()
        guard index < chars.count else {
            throw DerivationError(column: index + 1, message: "the expression ends where a number, series id or '(' was expected")
        }
        let c = chars[index]
        if c == "-" {
            index += 1
            return .negate(try factor())
        }
        if c == "(" {
            let open = index
            index += 1
            let inner = try expression()
            skipSpaces()
            guard index < chars.count, chars[index] == ")" else {
                throw DerivationError(column: open + 1, message: "'(' is never closed")
            }
            index += 1
            return inner
        }
        if c.isASCII && (c.isNumber || c == ".") {
            let start = index
            while index < chars.count, chars[index].isASCII, chars[index].isNumber || chars[index] == "." { index += 1 }
            let text = String(chars[start..<index])
            // Strict decimals only: no exponent, no thousands separators, one point with digits around it.
            guard text.filter({ $0 == "." }).count <= 1, !text.hasPrefix("."), !text.hasSuffix("."), let value = Double(text) else {
                throw DerivationError(column: start + 1, message: "'\(text)' is not a decimal number")
            }
            return .number(value)
        }
        if c.isASCII && c.isLetter {
            let start = index
            while index < chars.count, chars[index].isASCII,
                  chars[index].isLetter || chars[index].isNumber || chars[index] == "." || chars[index] == "-" || chars[index] == "_" {
                index += 1
            }
            // A trailing '-' or '.' belongs to the operator after the id, not the id (`a- b` is `a - b`).
            while index > start + 1, chars[index - 1] == "-" || chars[index - 1] == "." { index -= 1 }
            return .input(String(chars[start..<index]))
        }
        throw DerivationError(column: index + 1, message: "unexpected '\(c)'; expected a number, a series id or '('")
    }
}

// MARK: - Units

/// A unit as a product of named factors with exponents: `人/亿元` is 人¹·亿元⁻¹. `%`, `‰` and an empty
/// unit are pure numbers. Factors are compared by name: 万人 and 人 are different units, so a scale
/// between them is the expression's to state (a literal), and the declared `unit:` says what it yields.
public struct DerivedUnit: Sendable, Hashable, CustomStringConvertible {
    public var exponents: [String: Int]

    public static let dimensionless = DerivedUnit(exponents: [:])

    public init(exponents: [String: Int]) { self.exponents = exponents.filter { $0.value != 0 } }

    public init(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if ["", "%", "％", "‰", "percent", "1"].contains(trimmed) {
            self = .dimensionless
            return
        }
        var exponents: [String: Int] = [:]
        for (i, part) in trimmed.split(separator: "/", omittingEmptySubsequences: true).enumerated() {
            for factor in part.split(whereSeparator: { $0 == "*" || $0 == "·" || $0 == "×" }) {
                let name = factor.trimmingCharacters(in: .whitespaces)
                if name.isEmpty || name == "1" { continue }
                exponents[name, default: 0] += i == 0 ? 1 : -1
            }
        }
        self.init(exponents: exponents)
    }

    public static func * (a: DerivedUnit, b: DerivedUnit) -> DerivedUnit {
        DerivedUnit(exponents: a.exponents.merging(b.exponents, uniquingKeysWith: +))
    }

    public static func / (a: DerivedUnit, b: DerivedUnit) -> DerivedUnit {
        DerivedUnit(exponents: a.exponents.merging(b.exponents.mapValues { -$0 }, uniquingKeysWith: +))
    }

    public var description: String {
        if exponents.isEmpty { return "a pure number" }
        func side(_ positive: Bool) -> String {
            exponents.filter { positive ? $0.value > 0 : $0.value < 0 }.sorted { $0.key < $1.key }
                .flatMap { Array(repeating: $0.key, count: abs($0.value)) }.joined(separator: "*")
        }
        let num = side(true), den = side(false)
        return den.isEmpty ? num : "\(num.isEmpty ? "1" : num)/\(den)"
    }
}

extension Derivation {
    /// The unit of the expression, or the first pair of operands whose units do not combine.
    public static func unit(of tree: DerivedExpression, inputUnits: [String: String]) throws(DerivationError) -> DerivedUnit {
        switch tree {
        case .number: return .dimensionless
        case .input(let id):
            guard let unit = inputUnits[id] else {
                throw DerivationError(column: 0, message: "input '\(id)' has no declared unit; add it under `inputs:` (id: unit)")
            }
            return DerivedUnit(parsing: unit)
        case .negate(let e): return try unit(of: e, inputUnits: inputUnits)
        case .binary(let op, let l, let r):
            let a = try unit(of: l, inputUnits: inputUnits), b = try unit(of: r, inputUnits: inputUnits)
            switch op {
            case .add, .subtract:
                guard a == b else {
                    throw DerivationError(column: 0, message: "units do not combine: '\(op.rawValue)' of \(a) and \(b)")
                }
                return a
            case .multiply: return a * b
            case .divide: return a / b
            }
        }
    }
}
