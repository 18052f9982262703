import Foundation
import ReportKit
import Yams

/// `derive:` on a plan series (docs/PLAN-FORMAT.md, "Derived series"): the expression is parsed and its
/// units checked when the plan loads, so a typo is reported at its line and column, not at run time.
extension PlanLoader {
    func readDerivation(_ value: YAMLValue, seriesUnit: String?, log: ProblemLog) -> Derivation? {
        guard let map = value.mapping(allowed: ["expr", "inputs", "unit"], required: ["expr", "inputs"], log: log),
              let exprNode = map["expr"], let expr = exprNode.string(log: log) else { return nil }
        let declared = map["inputs"]?.stringTable(log: log) ?? [:]
        let unit = map["unit"]?.string(log: log)
        let tree: DerivedExpression
        do {
            tree = try DerivedExpression.parse(expr)
        } catch {
            failInExpression(exprNode, column: error.column, message: "\(error.message) in `\(expr)`", log: log)
            return nil
        }
        for id in tree.inputs where declared[id] == nil {
            map["inputs"]?.fail(log, "input '\(id)' of `\(expr)` has no declared unit; add `\(id): <unit>` under inputs")
        }
        for id in declared.keys.sorted() where !tree.inputs.contains(id) {
            map["inputs"]?.fail(log, "input '\(id)' is declared but not used in `\(expr)`; remove it or use it")
        }
        guard tree.inputs.allSatisfy({ declared[$0] != nil }) else { return nil }
        do {
            let yields = try Derivation.unit(of: tree, inputUnits: declared)
            let expected = unit ?? seriesUnit ?? ""
            if yields != DerivedUnit(parsing: expected) {
                exprNode.fail(log, "`\(expr)` yields \(yields) but the series is measured in '\(expected)'; fix the expression or the input units"
                    + (unit == nil ? ", or declare `unit:` when the series unit is a shorthand (人 per 1,000 people is 人/千人)" : ""))
                return nil
            }
        } catch {
            exprNode.fail(log, "\(error.message) in `\(expr)`")
            return nil
        }
        let definedAt = "\((value.file as NSString).lastPathComponent):\(value.line.map(String.init) ?? "?")"
        return Derivation(expression: expr, tree: tree, inputUnits: declared, unit: unit, definedAt: definedAt)
    }

    /// A problem at a column inside the expression text: the scalar's own column plus the offset (and
    /// one for an opening quote).
    private func failInExpression(_ node: YAMLValue, column: Int, message: String, log: ProblemLog) {
        var col = node.column
        if let start = col, case .scalar(let scalar) = node.node {
            let quoted = scalar.style == .singleQuoted || scalar.style == .doubleQuoted
            col = start + (quoted ? 1 : 0) + max(0, column - 1)
        }
        log.problems.append(ConfigProblem(file: node.file, line: node.line, column: col, key: node.path, message: message))
    }

    /// Inputs that are plan series must be declared in the plan's unit, and may not be derived
    /// themselves (one level of derivation keeps the order of computation obvious).
    func checkDerivationInputs(_ indicators: [Indicator], file: String, log: ProblemLog) {
        let series = Dictionary(indicators.flatMap(\.series).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for indicator in indicators {
            for s in indicator.series {
                guard let derivation = s.derivation else { continue }
                let line = Int(derivation.definedAt.split(separator: ":").last ?? "")
                let key = "indicators[\(indicator.id)]" + (s.id == indicator.id ? "" : ".series[\(s.id)]") + ".derive.inputs"
                for id in derivation.inputs {
                    if let input = series[id] {
                        if input.derivation != nil {
                            log.problems.append(ConfigProblem(file: file, line: line, key: key, message: "input '\(id)' is itself derived; derive from published figures only"))
                        }
                        if DerivedUnit(parsing: input.unit) != DerivedUnit(parsing: derivation.inputUnits[id] ?? "") {
                            log.problems.append(ConfigProblem(file: file, line: line, key: key, message: "input '\(id)' is declared in '\(derivation.inputUnits[id] ?? "")' but the plan measures it in '\(input.unit)'"))
                        }
                    } else if !id.hasPrefix("x.") {
                        log.problems.append(ConfigProblem(file: file, line: line, key: key, message: "input '\(id)' is neither a series of this plan nor an `x.` context id"))
                    }
                }
            }
        }
    }
}
