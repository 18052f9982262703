import Foundation
import ReportKit
@testable import PlanWatchFeeds

enum Paths {
    /// <package root>, from this file's path (Tests/PlanWatchFeedsTests/Support.swift).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let shared = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/fixtures/feeds")
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let reference = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Reference/expected.json")
    static var sharedAvailable: Bool { FileManager.default.fileExists(atPath: shared.path) }
}

func payload(_ url: URL, contentType: String? = nil) throws -> Payload {
    Payload(sourceID: "test", data: try Data(contentsOf: url), contentType: contentType, location: url.lastPathComponent)
}

func fixture(_ name: String) throws -> Payload { try payload(Paths.fixtures.appendingPathComponent(name)) }

func decodeError(_ body: () throws -> Void) -> FeedError? {
    do { try body() } catch let error as FeedError { return error } catch { return nil }
    return nil
}

/// Cell value by "dim=code|dim=code" (sorted by dimension id).
func cellIndex(_ tables: [FeedTable]) -> [String: Double?] {
    var out: [String: Double?] = [:]
    for t in tables {
        t.forEachCell { cell in
            let key = t.dimensions.indices.map { "\(t.dimensions[$0].id)=\(t.dimensions[$0].codes[cell.coordinates[$0]])" }.sorted().joined(separator: "|")
            out[key] = .some(cell.value)
        }
    }
    return out
}

func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-9 * max(1, abs(a), abs(b)) }
