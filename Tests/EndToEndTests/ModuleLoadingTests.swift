import Foundation
import PlanWatchTestSupport
import Testing

/// Report modules loaded at run time: the example package under Examples/, built by the test with the
/// same toolchain, loaded with `--module-path`; and the refusals, each naming the library.
@Suite struct ModuleLoadingTests {
    static func manifest(_ out: URL) throws -> [String: Any] {
        try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("manifest.json"))) as? [String: Any])
    }

    /// A temporary folder with a `planwatch.yaml` on the bundled plan and observations, plus `extra`.
    static func config(extra: String) throws -> URL {
        let dir = PlanWatchBinary.temporaryDirectory()
        let root = PlanWatchBinary.packageRoot.path
        try """
        plan: \(root)/Config/plans/yueyang-14th.yaml
        sources:
          - {id: good, format: observations-csv, path: \(root)/Config/data/yueyang-observed.csv}
        \(extra)
        """.write(to: dir.appendingPathComponent("planwatch.yaml"), atomically: true, encoding: .utf8)
        return dir
    }

    @Test(.timeLimit(.minutes(15)))  // a hang guard only: builds the example package, slow on a loaded machine
    func theExampleModuleRendersItsReportAndIsListed() async throws {
        let library = try await ExampleModule.library
        let out = PlanWatchBinary.temporaryDirectory()
        let run = try await PlanWatchBinary.run(
            ["run", "--module-path", library.path, "--out", out.path, "--format", "text"],
            environment: ["SOURCE_DATE_EPOCH": RunTests.fixedDate])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(
            run.stdout.contains("水环境监测") && run.stdout.contains("Water quality"),
            "stdout (\(run.stdout.utf8.count) bytes) ends: \(run.stdout.suffix(300)); stderr: \(run.stderr)")
        let report = try String(contentsOf: out.appendingPathComponent("water-quality.txt"), encoding: .utf8)
        #expect(report.contains("K22 ") && report.contains("地表水达到或优于Ⅲ类水体比例"))
        #expect(report.contains("EC01") && !report.contains("K21 "), "water indicators only")
        let modules = try #require(try Self.manifest(out)["modules"] as? [[String: Any]])
        let entry = try #require(modules.first { $0["id"] as? String == "water-quality" })
        #expect(entry["ok"] as? Bool == true && entry["file"] as? String == library.path)

        let list = try await PlanWatchBinary.run(["modules", "--json", "--module-path", library.path])
        #expect(list.status == 0, "stderr: \(list.stderr)")
        let listed = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(
            listed.compactMap { $0["id"] as? String } == [
                "overview", "industry-chains", "ecology", "livelihood", "safety", "water-quality",
            ])
        #expect(listed.last?["file"] as? String == library.path && listed.first?["file"] == nil)
    }

    /// One bad library never takes the others down: each is refused with a message naming its file,
    /// the good module and the built-ins still render, and the run exits 3.
    @Test(.timeLimit(.minutes(15)))  // a hang guard only: builds the example package, slow on a loaded machine
    func badLibrariesAreRefusedAndTheOthersStillRender() async throws {
        let library = try await ExampleModule.library
        let dir = PlanWatchBinary.temporaryDirectory()
        let missing = dir.appendingPathComponent("libNoSuchModule.so").path
        // Not a module at all: a C library without the entry symbols.
        let plain = try await ExampleModule.cLibrary(named: "plain", source: "int plain_answer(void) { return 42; }\n", in: dir)
        // A module of the older three-symbol form claiming another ReportKit ABI and compiler: refused
        // before its register is called (which would crash: it returns null).
        let future = try await ExampleModule.cLibrary(
            named: "future",
            source: """
                long planwatch_module_abi_version(void) { return 999; }
                const char *planwatch_module_compiler(void) { return "Swift 9.9"; }
                void *planwatch_module_register(void) { return (void *)0; }
                """, in: dir)
        // The same module again from another file: its id is taken.
        let copy = dir.appendingPathComponent("libWaterQualityCopy.so")
        try FileManager.default.copyItem(at: library, to: copy)
        let out = dir.appendingPathComponent("out")
        let run = try await PlanWatchBinary.run([
            "run", "--out", out.path, "--format", "text", "--quiet",
            "--module-path", missing, "--module-path", plain.path, "--module-path", library.path,
            "--module-path", future.path, "--module-path", copy.path,
        ])
        #expect(run.status == 3, "stderr: \(run.stderr)")
        #expect(run.stderr.contains("\(missing): no such module library"))
        #expect(run.stderr.contains("\(plain.path): refused: not a planwatch module: it does not export `planwatch_module_register`"))
        #expect(
            run.stderr.contains(
                "\(future.path): refused: module built for ReportKit ABI 999, Swift 9.9, planwatch is ReportKit ABI "))
        #expect(
            run.stderr.contains("rebuild the module with the same Swift toolchain")
                && run.stderr.contains("never with --static-swift-stdlib"))
        #expect(
            run.stderr.contains("\(copy.path): refused module 'water-quality': the id is already taken by the module from \(library.path)"))
        for name in ["overview.txt", "ecology.txt", "water-quality.txt"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(name).path), "\(name) not written")
        }
        let manifest = try Self.manifest(out)
        #expect(manifest["exitCode"] as? Int == 3)
        let failed = (manifest["modules"] as? [[String: Any]] ?? []).filter { $0["ok"] as? Bool == false }
        #expect(failed.compactMap { $0["file"] as? String } == [missing, plain.path, future.path, copy.path])
        // A library refused for its module's id is recorded under that id; the others under their file name.
        #expect(
            failed.compactMap { $0["id"] as? String } == ["libNoSuchModule.so", "libplain.so", "libfuture.so", "water-quality"])
        #expect(failed.allSatisfy { ($0["error"] as? String)?.isEmpty == false })
    }

    /// `modules:` naming an id nothing provides says which library to load and the config line; the
    /// run records it in the manifest and exits 3.
    @Test func aModuleIdNoLibraryProvidesSaysWhichLibraryToLoad() async throws {
        let dir = try Self.config(extra: "modules: [overview, water-quality]")
        let hint = "add `module_paths: [path/to/libWaterQualityModule.so]` to the config, or pass `--module-path path/to/libWaterQualityModule.so`"
        let validate = try await PlanWatchBinary.run(["validate", "--config", "planwatch.yaml"], in: dir)
        #expect(validate.status == 2)
        #expect(validate.stderr.contains("planwatch.yaml: error: modules: no module 'water-quality': no built-in module and no loaded library provides it"))
        #expect(validate.stderr.contains(hint), "\(validate.stderr)")
        let run = try await PlanWatchBinary.run(["run", "--config", "planwatch.yaml", "--out", "out", "--format", "json", "--quiet"], in: dir)
        #expect(run.status == 3 && run.stderr.contains(hint), "\(run.stderr)")
        let entries = try #require(try Self.manifest(dir.appendingPathComponent("out"))["modules"] as? [[String: Any]])
        let entry = try #require(entries.first { $0["id"] as? String == "water-quality" })
        #expect(entry["ok"] as? Bool == false && (entry["error"] as? String)?.contains(hint) == true)
    }

    /// Without a config, `planwatch modules` still lists, and says what it could not load.
    @Test func modulesWithoutAConfigSaysSo() async throws {
        let dir = PlanWatchBinary.temporaryDirectory()
        let list = try await PlanWatchBinary.run(["modules", "--json"], in: dir)
        #expect(list.status == 0)
        #expect(list.stderr.contains("note: no config file at Config/planwatch.yaml; listing the built-in modules and --module-path libraries only"))
        let listed = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(listed.count == 5, "the JSON on stdout stays clean")
    }

    /// `planwatch validate` names the config file and the line of the `module_paths` entry.
    @Test func validateNamesTheModulePathsLine() async throws {
        let dir = try Self.config(extra: "module_paths:\n  - modules/libGone.so")
        let output = try await PlanWatchBinary.run(["validate", "--config", "planwatch.yaml"], in: dir)
        #expect(output.status == 2, "\(output.combined)")
        #expect(
            output.stderr.contains("planwatch.yaml:5: error: module_paths[0]: \(dir.path)/modules/libGone.so: no such module library"),
            "\(output.stderr)")
    }
}
