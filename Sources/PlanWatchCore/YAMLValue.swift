import Foundation
import PlanWatchText
import Yams

/// A YAML node with the file and key path it was read from, so that every error can name file, line
/// and key. Readers record problems in a `ProblemLog` and return nil, which lets validation go on and
/// report every problem of a file in one pass.
struct YAMLValue {
    let node: Node
    let file: String
    let path: String

    var line: Int? { node.mark?.line }
    var column: Int? { node.mark?.column }

    /// Parses `text`; a syntax error becomes a problem with the parser's line and column.
    static func parse(_ text: String, file: String, log: ProblemLog) -> YAMLValue? {
        do {
            // Before Yams composes: it hashes mapping keys, and an aliased key is hashed through
            // every node it stands for.
            if let problem = YAMLAliasBudget.check(text, file: file) {
                log.problems.append(problem)
                return nil
            }
            guard let node = try Yams.compose(yaml: text) else {
                log.add(file: file, line: 1, key: "", "the file is empty")
                return nil
            }
            return YAMLValue(node: node, file: file, path: "")
        } catch let error as YamlError {
            switch error {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
                 .composer(_, let problem, let mark, _):
                log.problems.append(ConfigProblem(file: file, line: mark.line, column: mark.column, key: "",
                                                  message: "YAML syntax: \(problem)"))
            case .duplicatedKeysInMapping(let duplicates, _):
                log.add(file: file, line: nil, key: "", "duplicate key(s) \(duplicates.joined(separator: ", ")); each key may appear once")
            default:
                log.add(file: file, line: nil, key: "", "YAML error: \(error)")
            }
            return nil
        } catch {
            log.add(file: file, line: nil, key: "", "YAML error: \(error)")
            return nil
        }
    }

    func child(_ key: String, _ node: Node) -> YAMLValue {
        YAMLValue(node: node, file: file, path: path.isEmpty ? key : "\(path).\(key)")
    }

    func element(_ index: Int, _ node: Node, label: String? = nil) -> YAMLValue {
        YAMLValue(node: node, file: file, path: "\(path)[\(label ?? String(index))]")
    }

    func fail(_ log: ProblemLog, _ message: String) {
        log.problems.append(ConfigProblem(file: file, line: line, column: column, key: path, message: message))
    }

    var isNull: Bool {
        if case .scalar = node { return node.null != nil }
        return false
    }

    /// The mapping's entries; unknown keys and missing required keys are problems.
    func mapping(allowed: [String], required: [String] = [], log: ProblemLog) -> [String: YAMLValue]? {
        guard case .mapping(let mapping) = node else {
            fail(log, "expected a mapping with keys \(allowed.joined(separator: ", "))")
            return nil
        }
        var result: [String: YAMLValue] = [:]
        for (keyNode, valueNode) in mapping {
            guard let key = keyNode.string else { continue }
            let value = child(key, valueNode)
            if !allowed.contains(key) {
                let keyValue = YAMLValue(node: keyNode, file: file, path: value.path)
                let hint = allowed.min { editDistance($0, key) < editDistance($1, key) }
                    .flatMap { editDistance($0, key) <= 2 ? " (did you mean '\($0)'?)" : nil } ?? ""
                keyValue.fail(log, "unknown key '\(key)'\(hint); allowed keys: \(allowed.joined(separator: ", "))")
                continue
            }
            result[key] = value
        }
        for key in required where result[key] == nil {
            fail(log, "missing required key '\(key)'")
        }
        return result
    }

    /// A mapping whose keys are free (code tables); values must be strings.
    func stringTable(log: ProblemLog) -> [String: String]? {
        guard case .mapping(let mapping) = node else {
            fail(log, "expected a mapping of code: value")
            return nil
        }
        var table: [String: String] = [:]
        for (keyNode, valueNode) in mapping {
            guard let key = keyNode.string else { continue }
            if let value = child(key, valueNode).string(log: log) { table[key] = value }
        }
        return table
    }

    /// A reference-table cell as text: a scalar as is, a list joined with 、, a mapping by its `name`.
    /// Reference rows (e.g. 专栏5 parks with their zones) are shown, never computed on.
    func flatText() -> String {
        switch node {
        case .scalar: return node.string ?? ""
        case .sequence(let items): return items.map { child("", $0).flatText() }.filter { !$0.isEmpty }.joined(separator: "、")
        case .mapping: return node["name"]?.string ?? ""
        case .alias: return ""
        }
    }

    func sequence(log: ProblemLog) -> [YAMLValue]? {
        guard case .sequence(let sequence) = node else {
            fail(log, "expected a list")
            return nil
        }
        return sequence.enumerated().map { element($0.offset, $0.element) }
    }

    func string(log: ProblemLog) -> String? {
        guard case .scalar(let scalar) = node, !isNull else {
            fail(log, "expected a text value")
            return nil
        }
        return scalar.string
    }

    func int(log: ProblemLog) -> Int? {
        guard let value = node.int else {
            fail(log, "expected a whole number, found '\(node.string ?? "a structure")'")
            return nil
        }
        return value
    }

    func double(log: ProblemLog) -> Double? {
        guard let value = node.int.map(Double.init) ?? node.float else {
            fail(log, "expected a number, found '\(node.string ?? "a structure")'")
            return nil
        }
        // YAML reads .nan and .inf as numbers; no plan figure or setting is either.
        guard value.isFinite else {
            fail(log, "expected a finite number, found '\(node.string ?? "")'")
            return nil
        }
        return value
    }

    /// A whole number within `range` (`unit` names what it counts, for the message).
    func int(in range: ClosedRange<Int>, unit: String, log: ProblemLog) -> Int? {
        guard let value = int(log: log) else { return nil }
        guard range.contains(value) else {
            fail(log, "\(value) is out of range; use \(ConfigLimits.describe(range)) \(unit)")
            return nil
        }
        return value
    }

    /// A number within `range`; the unit is named in the message.
    func double(in range: ClosedRange<Double>, unit: String, log: ProblemLog) -> Double? {
        guard let value = double(log: log) else { return nil }
        return checked(value, in: range, unit: unit, log: log)
    }

    /// `value` (read from this node) if it lies in `range`, else a problem and nil.
    func checked(_ value: Double, in range: ClosedRange<Double>, unit: String, log: ProblemLog) -> Double? {
        guard range.contains(value) else {
            fail(log, "\(node.string ?? ConfigLimits.number(value)) is out of range; use \(ConfigLimits.describe(range)) \(unit)")
            return nil
        }
        return value
    }

    /// A plan figure, or nil without a problem when the value is null (the plan's "—"); finite and
    /// within `ConfigLimits.figure`.
    func optionalFigure(log: ProblemLog) -> Double?? {
        if isNull { return .some(nil) }
        return double(in: ConfigLimits.figure, unit: "(a plan figure)", log: log).map { .some($0) }
    }

    func bool(log: ProblemLog) -> Bool? {
        guard let value = node.bool else {
            fail(log, "expected true or false")
            return nil
        }
        return value
    }

    func stringList(log: ProblemLog) -> [String]? {
        if case .scalar = node, let single = string(log: log) {
            return single.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        return sequence(log: log)?.compactMap { $0.string(log: log) }
    }

    func oneOf<T: RawRepresentable>(_ type: T.Type, log: ProblemLog) -> T? where T.RawValue == String, T: CaseIterable {
        guard let raw = string(log: log) else { return nil }
        guard let value = T(rawValue: raw) else {
            fail(log, "'\(raw)' is not one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        return value
    }
}

/// Collects problems across a whole configuration.
final class ProblemLog {
    var problems: [ConfigProblem] = []

    func add(file: String, line: Int?, key: String, _ message: String) {
        problems.append(ConfigProblem(file: file, line: line, key: key, message: message))
    }
}


