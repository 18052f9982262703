import Foundation
import PlanWatchTestSupport
import Testing

/// `planwatch module new`: the package it writes builds in a fresh folder, its own test passes, and the
/// README's command run from that folder renders the module's report next to the built-in ones.
@Suite struct ModuleScaffoldTests {
    @Test(.timeLimit(.minutes(20)))  // a hang guard only: a cold package build (ReportKit too) on a loaded machine
    func theScaffoldBuildsPassesItsTestAndLoads() async throws {
        let parent = PlanWatchBinary.temporaryDirectory()
        let folder = parent.appendingPathComponent("housing")
        let made = try await PlanWatchBinary.run(["module", "new", "housing", "--dir", folder.path, "--indicator", "LV05"], in: parent)
        #expect(made.status == 0, "stderr: \(made.stderr)")
        let sdk = try await PlanWatchBinary.run(["module", "sdk-path"])
        let reportKit = sdk.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(reportKit == PlanWatchBinary.packageRoot.appendingPathComponent("ReportKit").path)
        let manifest = try String(contentsOf: folder.appendingPathComponent("Package.swift"), encoding: .utf8)
        #expect(manifest.contains(".package(path: \"\(reportKit)\")"))
        let readme = try String(contentsOf: folder.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("swift build\n") && readme.contains(" run --config planwatch.yaml\n"))

        // At the lowest CPU priority, like the example module's build (ExampleModule.swift).
        let build = try await ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/env"), ["nice", "-n", "19", "swift", "build", "--build-tests"], in: folder)
        try #require(build.status == 0, "swift build failed:\n\(build.combined)")
        // The README's export, so the test on the real plan runs too.
        let export = try await PlanWatchBinary.run(["export", "--config", "planwatch.yaml", "--plan", "--observations", "--json", "export"], in: folder)
        #expect(export.status == 0, "stderr: \(export.stderr)")
        let test = try await ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"), ["swift", "test", "--skip-build"], in: folder)
        #expect(test.status == 0 && test.combined.contains("Test run with 3 tests"), "swift test failed:\n\(test.combined)")
        #expect(test.combined.contains("conformsOnTheRealPlan() passed"))

        // The README's second command, from the package folder, with the config's formats.
        let run = try await PlanWatchBinary.run(
            ["run", "--config", "planwatch.yaml"], in: folder, environment: ["SOURCE_DATE_EPOCH": RunTests.fixedDate])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let out = folder.appendingPathComponent("out")
        let report = try String(contentsOf: out.appendingPathComponent("housing.json"), encoding: .utf8)
        #expect(report.contains("\"LV05.public-rental\"") && report.contains("\"LV05.shantytown\""))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("housing.html").path))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("livelihood.txt").path))
        let entries = try #require(try ModuleLoadingTests.manifest(out)["modules"] as? [[String: Any]])
        let housing = try #require(entries.first { $0["id"] as? String == "housing" })
        #expect(housing["ok"] as? Bool == true)
        #expect(housing["file"] as? String == folder.appendingPathComponent(".build/debug/libHousingModule.so").path)
    }

    @Test func aBuiltInNameOrAnUsedFolderIsRefused() async throws {
        let parent = PlanWatchBinary.temporaryDirectory()
        let builtIn = try await PlanWatchBinary.run(["module", "new", "ecology"], in: parent)
        #expect(builtIn.status == 2 && builtIn.stderr.contains("module name 'ecology' is the id of a built-in module"))
        let bad = try await PlanWatchBinary.run(["module", "new", "Housing Report"], in: parent)
        #expect(bad.status == 2 && bad.stderr.contains("use lowercase letters, digits and single '-'"))
        let taken = parent.appendingPathComponent("taken")
        try FileManager.default.createDirectory(at: taken, withIntermediateDirectories: true)
        try "mine".write(to: taken.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        let used = try await PlanWatchBinary.run(["module", "new", "housing", "--dir", "taken"], in: parent)
        #expect(used.status == 2 && used.stderr.contains("\(taken.path) exists and is not empty"), "\(used.stderr)")
        #expect(try String(contentsOf: taken.appendingPathComponent("notes.txt"), encoding: .utf8) == "mine")
    }

    @Test func versionNamesWhatAModuleMustMatch() async throws {
        let version = try await PlanWatchBinary.run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.contains("ReportKit ABI 4, Swift 6."), "\(version.stdout)")
    }
}
