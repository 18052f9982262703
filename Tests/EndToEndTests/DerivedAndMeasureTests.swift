import Foundation
import Testing

/// The bundled config: K07 derived from budget revenue and GDP, K22 flagged for its measure, and a
/// confirmed mapping that assesses K22 as the rules say.
@Suite struct DerivedAndMeasureTests {
    func records(_ arguments: [String]) async throws -> [String: [String: Any]] {
        let output = try await PlanWatchBinary.run(["indicators", "--json"] + arguments)
        #expect(output.status == 0, "stderr: \(output.stderr)")
        let list = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [[String: Any]])
        return Dictionary(list.compactMap { r in (r["id"] as? String).map { ($0, r) } }, uniquingKeysWith: { a, _ in a })
    }

    @Test func k07IsDerivedWithItsTwoInputs() async throws {
        let k07 = try #require(try await records([])["K07"]?["assessment"] as? [String: Any])
        let observations = try #require(k07["observations"] as? [[String: Any]])
        let y2022 = try #require(observations.first { $0["period"] as? String == "2022" })
        #expect(abs((y2022["value"] as? Double ?? 0) - 185 / 4710.67 * 100) < 1e-9)
        let provenance = try #require(y2022["provenance"] as? [String: Any])
        #expect(provenance["sourceID"] as? String == "derived")
        let inputs = try #require(provenance["inputs"] as? [[String: Any]])
        #expect(inputs.compactMap { $0["indicator"] as? String } == ["x.budget-revenue", "x.gdp-level"])
        #expect(inputs.allSatisfy { $0["sourceID"] as? String == "yueyang-observed" && $0["sourceTitle"] != nil })
        #expect((k07["explanation"] as? String)?.contains("derived") == true)
        // Years without budget revenue have no K07 figure at all.
        #expect(observations.count == 1)
    }

    @Test func k22IsFlaggedNotAlerted() async throws {
        let k22 = try #require(try await records([])["K22"]?["assessment"] as? [String: Any])
        #expect(k22["status"] as? String == "pending")
        #expect(k22["bindingAlert"] as? Bool == false)
        let check = try #require(k22["measureCheck"] as? [String: Any])
        #expect(check["sourceValue"] as? Double == 81.2 && check["planBaseline"] as? Double == 93.8)
        #expect(check["withheldStatus"] as? String == "deterioration")
        // The report says so beside the indicator.
        let dir = PlanWatchBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try await PlanWatchBinary.run(["run", "--out", dir.path, "--format", "md"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let files = try FileManager.default.subpathsOfDirectory(atPath: dir.path).filter { $0.hasSuffix("ecology.md") }
        let ecology = try String(contentsOf: dir.appendingPathComponent(try #require(files.first)), encoding: .utf8)
        #expect(ecology.contains("口径与规划基期不一致 / measure differs from the plan's baseline"))
    }

    @Test func confirmedMappingAssessesK22AsTheRuleSays() async throws {
        let dir = PlanWatchBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let root = PlanWatchBinary.packageRoot.appendingPathComponent("Config")
        let config = """
        plan: \(root.appendingPathComponent("plans/yueyang-14th.yaml").path)
        sources:
          - id: yueyang-observed
            format: observations-csv
            path: \(root.appendingPathComponent("data/yueyang-observed.csv").path)
            mapping: {confirm_measure: [K22]}
        """
        let file = dir.appendingPathComponent("planwatch.yaml")
        try config.write(to: file, atomically: true, encoding: .utf8)
        let k22 = try #require(try await records(["--config", file.path])["K22"]?["assessment"] as? [String: Any])
        #expect(k22["status"] as? String == "deterioration")
        #expect(k22["bindingAlert"] as? Bool == true)
        #expect((k22["measureCheck"] as? [String: Any])?["confirmed"] as? Bool == true)
    }
}
