import Foundation
import PlanWatchCore
import PlanWatchTestSupport
import ReportKit
import ReportKitTesting
import Testing

/// `planwatch export --plan --observations --json DIR` read back by ReportKitTesting: the real plan and
/// observations round-trip, and a module's tests assess them exactly as the host does.
@Suite struct PlanExportTests {
    @Test func theExportedPlanRoundTripsAndAssessesLikeTheHost() async throws {
        let dir = PlanWatchBinary.temporaryDirectory().appendingPathComponent("export")
        let export = try await PlanWatchBinary.run(["export", "--plan", "--observations", "--json", dir.path])
        #expect(export.status == 0, "stderr: \(export.stderr)")
        #expect(export.stdout.contains("plan.json") && export.stdout.contains("observations.json"))

        let loaded = try ExportedPlan.load(from: dir)
        let config = try PlanWatchConfig.load(
            file: PlanWatchBinary.packageRoot.appendingPathComponent("Config/planwatch.yaml"), displayName: "Config/planwatch.yaml")
        let job = try ReportJob(config: config)
        #expect(loaded.plan == job.plan)
        #expect(loaded.plan.indicators.count > 60 && loaded.plan.id == job.plan.id)
        let assessed = await job.assess()
        #expect(!loaded.observations.isEmpty)
        #expect(loaded.observations == assessed.observations)
        #expect(loaded.context.profile == config.profile && loaded.context.region == job.plan.region.code)
        #expect(loaded.context.referenceData == job.referenceData)

        // The module-side context assesses every indicator the way the host's run does.
        let context = try ReportContext.fixture(exportedIn: dir)
        #expect(context.assessments.count == job.plan.indicators.count)
        for (id, assessment) in assessed.assessments {
            #expect(context.assessments[id] == assessment, "indicator \(id)")
        }
    }

    @Test func onlyWhatIsAskedForIsWrittenAndABrokenFileIsNamed() async throws {
        let dir = PlanWatchBinary.temporaryDirectory().appendingPathComponent("plan-only")
        let export = try await PlanWatchBinary.run(["export", "--plan", "--json", dir.path])
        #expect(export.status == 0, "stderr: \(export.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("observations.json").path))
        #expect(try ExportedPlan.load(from: dir).observations.isEmpty)

        let planFile = dir.appendingPathComponent("plan.json")
        var text = try String(contentsOf: planFile, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"kind\" : \"level\"", with: "\"kind\" : \"lots\"")
        try text.write(to: planFile, atomically: true, encoding: .utf8)
        let problem = #expect(throws: ExportedPlan.Problem.self) { try ExportedPlan.load(from: dir) }
        #expect(problem?.description.hasPrefix("\(planFile.path): $.indicators[") == true, "\(problem?.description ?? "")")
        #expect(problem?.description.contains("planwatch export --plan --observations --json") == true)

        let empty = PlanWatchBinary.temporaryDirectory()
        let missing = #expect(throws: ExportedPlan.Problem.self) { try ExportedPlan.load(from: empty) }
        #expect(missing?.description == "\(empty.path)/plan.json: no such file; make it with `planwatch export --plan --observations --json \(empty.path)`")
    }
}
