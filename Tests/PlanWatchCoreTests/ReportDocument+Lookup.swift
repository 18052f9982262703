import Foundation
@testable import PlanWatchCore
import ReportKit

/// Lookups the department report tests share: a table by id, and a cell as the reader sees it.
extension ReportDocument {
    func table(_ id: String) throws -> ReportDocument.Table {
        for section in sections {
            for case .table(let table) in section.blocks where table.id == id { return table }
        }
        throw CancellationError()
    }
}

extension ReportDocument.Cell {
    /// The text a renderer prints: numbers at their decimals, a missing figure as its label.
    var shown: String {
        switch self {
        case .text(let t): t
        case .number(let v, let d): String(format: "%.\(d)f", v)
        case .missing(let label): label ?? "missing"
        default: "?"
        }
    }
}
