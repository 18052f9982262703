import Foundation
import PlanWatchTestSupport
import Testing

/// Each built-in module ships a sample configuration beside its README (`Plugins/<Module>/planwatch.sample.yaml`):
/// it validates as shipped and a run with it writes that module's report and no other.
@Suite struct ModuleSampleConfigTests {
    static let modules = [("Ecology", "ecology"), ("IndustryChains", "industry-chains"), ("Livelihood", "livelihood"), ("Safety", "safety")]

    @Test(arguments: modules.map(\.0)) func sampleConfigRunsItsModuleAlone(folder: String) async throws {
        let id = try #require(Self.modules.first { $0.0 == folder }?.1)
        let config = PlanWatchBinary.packageRoot.appendingPathComponent("Plugins/\(folder)/planwatch.sample.yaml").path
        let validate = try await PlanWatchBinary.run(["validate", "--config", config])
        #expect(validate.status == 0, "\(validate.combined)")
        let out = PlanWatchBinary.temporaryDirectory()
        let run = try await PlanWatchBinary.run(["run", "--config", config, "--out", out.path, "--format", "text", "--quiet"],
                                                environment: ["SOURCE_DATE_EPOCH": RunTests.fixedDate])
        #expect(run.status == 0, "\(run.combined)")
        let reports = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasSuffix(".txt") }
        #expect(reports == ["\(id).txt"], "\(reports)")
    }
}
