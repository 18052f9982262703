import Foundation
import PlanWatchTestSupport
import Testing

/// Golden files under Tests/PlanWatchRenderTests/Snapshots/ (see `Golden`).
enum Snapshot {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

    static func assert(_ data: Data, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try Golden.assert(data, named: name, in: directory, sourceLocation: sourceLocation)
    }
}
