import Foundation
import PlanWatchTestSupport
import Testing

/// Goldens of every module and every shipped department report on the bundled data and on the small
/// complete synthetic data set in `Synthetic/` (marked synthetic, see its README), which reaches every
/// status, chart and table path the curated figures cannot yet; and reports written in one language
/// (`language: zh`, `language: en`) carry no label of the other. Re-record with PLANWATCH_RECORD=1
/// and review every diff.
@Suite struct SyntheticGoldenTests {
    static let root = PlanWatchBinary.packageRoot.path
    static let synthetic = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Synthetic")
    static let modules = ["overview", "industry-chains", "ecology", "livelihood", "safety"]
    static let reports = ["county-ic13", "ecology-annual", "midterm-2023"]

    /// Thirteen chain names, marked synthetic: the plan gives the number, not the names.
    static let chains = (1...13).map { "    - {name: \"合成产业链\(String(format: "%02d", $0))（synthetic）\", lead: \"合成牵头单位 / synthetic lead\"}" }

    /// A project on the synthetic figures: the bundled plan with a synthetic chain list, the shipped
    /// report definitions plus `extra` ones (file name → YAML).
    func project(extra: [String: String] = [:]) throws -> URL {
        let dir = PlanWatchBinary.temporaryDirectory()
        let plan = try String(contentsOfFile: "\(Self.root)/Config/plans/yueyang-14th.yaml", encoding: .utf8)
        try (plan + "  industrial-chains:\n" + Self.chains.joined(separator: "\n") + "\n")
            .write(to: dir.appendingPathComponent("plan.yaml"), atomically: true, encoding: .utf8)
        let reports = dir.appendingPathComponent("reports")
        try FileManager.default.createDirectory(at: reports, withIntermediateDirectories: true)
        for id in Self.reports {
            try FileManager.default.copyItem(atPath: "\(Self.root)/Reports/\(id).yaml", toPath: reports.appendingPathComponent("\(id).yaml").path)
        }
        for (name, text) in extra { try text.write(to: reports.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        try """
        plan: plan.yaml
        reports_dir: reports
        sources:
          - {id: synthetic, format: observations-csv, path: \(Self.synthetic.appendingPathComponent("synthetic-observed.csv").path)}
        outputs: {dir: out, formats: [text, csv, html, json, md]}
        """.write(to: dir.appendingPathComponent("planwatch.yaml"), atomically: true, encoding: .utf8)
        return dir
    }

    func run(_ dir: URL) async throws -> URL {
        let output = try await PlanWatchBinary.run(["run", "--config", "planwatch.yaml", "--quiet"], in: dir,
                                                   environment: ["SOURCE_DATE_EPOCH": RunTests.fixedDate])
        #expect(output.status == 0, "stderr: \(output.stderr)")
        return dir.appendingPathComponent("out")
    }

    /// An English counterpart of the ecology report, to show an `en` page.
    static let english = """
        id: ecology-en
        plan: yueyang-14th
        title: {zh: "生态环境约束性指标年度评估", en: "Annual assessment of the binding environmental targets"}
        department: {zh: "岳阳市生态环境局", en: "Yueyang Ecology and Environment Bureau"}
        indicators: [K19-K23, EC06]
        language: en
        sections: [summary, indicators, yearly, missing, method]
        """

    @Test func modulesAndReportsOnTheSyntheticData() async throws {
        let out = try await run(try project(extra: ["ecology-en.yaml": Self.english]))
        for id in Self.modules {
            try Golden.assert(try Data(contentsOf: out.appendingPathComponent("\(id).txt")), named: "synthetic/\(id).txt", in: RunTests.snapshots)
        }
        try Golden.assert(try Data(contentsOf: out.appendingPathComponent("industry-chains.md")), named: "synthetic/industry-chains.md", in: RunTests.snapshots)
        for id in Self.reports + ["ecology-en"] {
            try Golden.assert(try Data(contentsOf: out.appendingPathComponent("report-\(id).txt")), named: "synthetic/report-\(id).txt", in: RunTests.snapshots)
        }
        try Golden.assert(try Data(contentsOf: out.appendingPathComponent("report-county-ic13-430681.txt")),
                          named: "synthetic/report-county-ic13-430681.txt", in: RunTests.snapshots)
        // Every path the data set is there for shows up where a reader looks for it.
        let chains = try String(contentsOf: out.appendingPathComponent("industry-chains.txt"), encoding: .utf8)
        #expect(chains.contains("合成产业链13") && chains.contains("IC13.gdp 地区生产总值（亿元），排名按2023年"))
        #expect(chains.contains("仅有1年数据，无法计算进度") && chains.contains("2023（初步 / provisional）"))
        let ecology = try String(contentsOf: out.appendingPathComponent("ecology.txt"), encoding: .utf8)
        #expect(ecology.contains("“十三五”生态环境目标完成情况") && ecology.contains("专栏1 #18"))
        let yearly = try String(contentsOf: out.appendingPathComponent("ecology.yearly.csv"), encoding: .utf8)
        #expect(yearly.contains("88.0（初步 / provisional） 达标 / met"), "a provisional year is marked in the compliance table")
        let midterm = try String(contentsOf: out.appendingPathComponent("report-midterm-2023.txt"), encoding: .utf8)
        #expect(midterm.contains("K10") && midterm.contains("仅有1年数据，无法计算进度") && midterm.contains("2023（初步）"))
    }

    /// `language: zh` and `language: en` pages carry the renderers' labels in their own language only
    /// (text, Markdown, HTML, CSV); `both` keeps "来源 / Source".
    @Test func oneLanguageReportsCarryNoLabelOfTheOther() async throws {
        let out = try await run(try project(extra: ["ecology-en.yaml": Self.english]))
        for ext in ["md", "html"] {
            for id in ["midterm-2023", "ecology-en"] {
                try Golden.assert(try Data(contentsOf: out.appendingPathComponent("report-\(id).\(ext)")), named: "synthetic/report-\(id).\(ext)", in: RunTests.snapshots)
            }
        }
        try Golden.assert(try Data(contentsOf: out.appendingPathComponent("report-ecology-en.indicators.csv")), named: "synthetic/report-ecology-en.indicators.csv", in: RunTests.snapshots)
        let bilingual = ["来源 / Source", "生成时间 / Generated", "注 / Notes", "数据不足 / no data", " / provisional"]
        for ext in ["txt", "md", "html"] {
            let zh = try String(contentsOf: out.appendingPathComponent("report-midterm-2023.\(ext)"), encoding: .utf8)
            let en = try String(contentsOf: out.appendingPathComponent("report-ecology-en.\(ext)"), encoding: .utf8)
            for label in bilingual {
                #expect(!zh.contains(label), "report-midterm-2023.\(ext) (zh) has «\(label)»")
                #expect(!en.contains(label), "report-ecology-en.\(ext) (en) has «\(label)»")
            }
            #expect(zh.contains("来源") && zh.contains("生成时间") && !zh.contains("Source:"), "report-midterm-2023.\(ext)")
            #expect(en.contains("Source") && en.contains("Generated") && !en.contains("来源") && !en.contains("生成时间"), "report-ecology-en.\(ext)")
        }
        let html = try String(contentsOf: out.appendingPathComponent("report-ecology-en.html"), encoding: .utf8)
        #expect(html.contains("<html lang=\"en\">"))
        for file in try FileManager.default.contentsOfDirectory(atPath: out.path) where file.hasPrefix("report-midterm-2023.") && file.hasSuffix(".csv") {
            let header = try String(contentsOf: out.appendingPathComponent(file), encoding: .utf8).split(whereSeparator: \.isNewline).first ?? ""
            #expect(!header.contains(" / ") && !header.contains("Indicator"), "\(file): \(header)")
        }
        let both = try String(contentsOf: out.appendingPathComponent("report-ecology-annual.txt"), encoding: .utf8)
        #expect(both.contains("来源 / Source") && both.contains("生成时间 / Generated"))
    }

    /// The module reports on the bundled curated data (the ecology and overview goldens are RunTests').
    @Test func modulesOnTheBundledData() async throws {
        let out = PlanWatchBinary.temporaryDirectory()
        let output = try await PlanWatchBinary.run(["run", "--out", out.path, "--format", "text", "--quiet"] + ["industry-chains", "livelihood", "safety"].flatMap { ["--module", $0] },
                                                   environment: ["SOURCE_DATE_EPOCH": RunTests.fixedDate])
        #expect(output.status == 0, "stderr: \(output.stderr)")
        for id in ["industry-chains", "livelihood", "safety"] {
            try Golden.assert(try Data(contentsOf: out.appendingPathComponent("\(id).txt")), named: "bundled/\(id).txt", in: RunTests.snapshots)
        }
    }
}
