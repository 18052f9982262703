import Foundation
import ReportKit

/// A plan and its observations exported by the host (`planwatch export --plan --observations --json
/// DIR`), read back for a module's tests: the real plan, no host and no YAML at test time.
public struct ExportedPlan: Sendable {
    /// The host's plan, every indicator with its series and targets.
    public var plan: Plan
    /// The observations of every configured source, as the host mapped them onto the plan.
    public var observations: [Observation]
    /// Profile, region and reference data; the defaults (statcan, the plan's region, none) when the
    /// folder has no `context.json`.
    public var context: PlanExport.Context

    /// A file of the export that is missing or does not decode; the message names the file, the JSON
    /// path and how to make the export again.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Reads `plan.json`, `observations.json` (optional: none means no observations) and
    /// `context.json` (optional) from `directory`.
    public static func load(from directory: URL) throws(Problem) -> ExportedPlan {
        let again = "make it with `planwatch export --plan --observations --json \(directory.path)`"
        func read<T: Decodable>(_ type: T.Type, _ name: String, required: Bool) throws(Problem) -> T? {
            let file = directory.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: file.path) else {
                if required { throw Problem(description: "\(file.path): no such file; \(again)") }
                return nil
            }
            do {
                return try PlanExport.decoder().decode(T.self, from: Data(contentsOf: file))
            } catch let error as DecodingError {
                throw Problem(description: "\(file.path): \(Self.describe(error)); \(again) with this ReportKit")
            } catch {
                throw Problem(description: "\(file.path): cannot read: \(error.localizedDescription)")
            }
        }
        guard let plan = try read(Plan.self, PlanExport.planFile, required: true) else {
            throw Problem(description: "\(directory.path): no plan; \(again)")
        }
        let observations = try read([Observation].self, PlanExport.observationsFile, required: false) ?? []
        let context =
            try read(PlanExport.Context.self, PlanExport.contextFile, required: false)
            ?? PlanExport.Context(profile: .statcan, region: plan.region.code, referenceData: [:], planwatchVersion: "", abiVersion: ReportKitABI.version)
        return ExportedPlan(plan: plan, observations: observations, context: context)
    }

    /// `$.indicators[3].series[0].target: key 'kind' not found`-style text for a decoding error.
    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            "$" + keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        }
        switch error {
        case .keyNotFound(let key, let context): return "\(path(context.codingPath)): key '\(key.stringValue)' not found"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}

extension ReportContext {
    /// A context as the host would build it from an export folder (`planwatch export --plan
    /// --observations --json DIR`), assessed with the real engine and the export's profile:
    ///
    ///     let context = try ReportContext.fixture(exportedIn: URL(fileURLWithPath: "export"))
    ///     #expect(ModuleConformance.problems(in: MyReport(), context: context) == [])
    public static func fixture(
        exportedIn directory: URL, generatedAt: Date = Date(timeIntervalSince1970: 1_767_225_600)
    ) throws(ExportedPlan.Problem) -> ReportContext {
        let export = try ExportedPlan.load(from: directory)
        return .fixture(
            plan: export.plan, observations: export.observations, profile: .named(export.context.profile),
            referenceData: export.context.referenceData, generatedAt: generatedAt)
    }
}
