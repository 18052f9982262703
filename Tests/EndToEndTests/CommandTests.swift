import Foundation
import PlanWatchFeeds
import Testing

/// The commands a user runs, on the bundled configuration, checked through the built binary.
@Suite struct CommandTests {
    @Test func indicatorsJSONListsEveryIndicatorWithItsAssessmentRecord() async throws {
        let output = try await PlanWatchBinary.run(["indicators", "--json"])
        #expect(output.status == 0, "stderr: \(output.stderr)")
        let records = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [[String: Any]])
        let ids = records.compactMap { $0["id"] as? String }
        #expect(ids.count == 65)
        for k in 1...26 { #expect(ids.contains(String(format: "K%02d", k))) }
        // K23 forest coverage: maintain 45.31 with observed 45.31 → achieved, all fields recorded.
        let k23 = try #require(records.first { $0["id"] as? String == "K23" })
        let a = try #require(k23["assessment"] as? [String: Any])
        #expect(a["status"] as? String == "target_achieved")
        for key in ["profile", "baseValue", "currentValue", "targetValue", "warnings", "score", "method"] {
            #expect(a[key] != nil, "K23 assessment lacks \(key)")
        }
        // K01 GDP growth: yearly rates against the 7.5% average → CAGR and R present.
        let k01 = try #require(records.first { $0["id"] as? String == "K01" }?["assessment"] as? [String: Any])
        #expect(k01["cagrObserved"] is Double && k01["progressValue"] is Double)
        // An indicator with no published figure is not available, never zero.
        let k24 = try #require(records.first { $0["id"] as? String == "K24" })
        #expect(k24["status"] as? String == "not_available")
        #expect((k24["assessment"] as? [String: Any])?["currentValue"] == nil)
    }

    @Test func indicatorsFilterByModule() async throws {
        let output = try await PlanWatchBinary.run(["indicators", "--module", "ecology"])
        #expect(output.status == 0)
        #expect(output.stdout.contains("K21") && output.stdout.contains("EC08") && !output.stdout.contains("K01\t"))
        let bad = try await PlanWatchBinary.run(["indicators", "--module", "oceans"])
        #expect(bad.status == 2 && bad.stderr.contains("oceans"))
    }

    /// Statistics Canada's published rows (ASSESSMENT.md): progress value to the printed digits,
    /// status exactly.
    @Test func assessReproducesThePublishedStatcanTable() async throws {
        let rows: [(String, Double, String)] = [
            ("14.5,2015,10.2,2023,7.25,2030,-1,", 0.95259, "substantial_progress"),
            ("63.0,2005,74.0,2020,85,2030,1,", 0.89494, "moderate_progress"),
            ("10.1,2015,13.7,2023,30,2030,1,", 0.51601, "limited_progress"),
            ("66,2016,64,2021,71,2030,1,", -1.17319, "deterioration"),
            ("26866,2016,36058,2024,13433,2028,-1,", -0.66758, "deterioration"),
            ("8.1,2015,7.3,2023,8.0,2025,-1,", 10.40257, "target_achieved"),
            ("630,2015,553,2022,,,-1,", 0.018451, "substantial_progress"),
            ("590.5,2015,563.1,2022,,,-1,", 0.006765, "moderate_progress"),
            ("619,2015,686,2022,,,-1,", -0.014790, "deterioration"),
            ("97.4,2015,99.7,2022,,,1,100", 0.003340, "substantial_progress"),
        ]
        var csv = "series,base_value,base_year,current_value,current_year,target,target_year,direction,limit\n"
        for (i, row) in rows.enumerated() { csv += "S\(i),\(row.0)\n" }
        let dir = PlanWatchBinary.temporaryDirectory()
        let input = dir.appendingPathComponent("statcan.csv")
        try csv.write(to: input, atomically: true, encoding: .utf8)
        let output = try await PlanWatchBinary.run(["assess", "--input", input.path, "--profile", "statcan"])
        #expect(output.status == 0, "stderr: \(output.stderr)")
        let lines = output.stdout.split(whereSeparator: \.isNewline).map(String.init)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let r = try #require(header.firstIndex(of: "progress_value"))
        let s = try #require(header.firstIndex(of: "status"))
        #expect(header.contains("score"))
        #expect(lines.count == rows.count + 1)
        for (i, row) in rows.enumerated() {
            let fields = lines[i + 1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let value = try #require(Double(fields[r]))
            // Published figures carry 5 decimals (or 6 for the no-target rows): half a unit in the last place.
            let decimals = String(row.1).split(separator: ".").last?.count ?? 5
            #expect(abs(value - row.1) <= 0.5 * pow(10, -Double(max(decimals, 5))) + 1e-12, "row \(i): \(value) vs \(row.1)")
            #expect(fields[s] == row.2, "row \(i)")
        }
    }

    /// Rows the method cannot measure (no base value, no current year, a target without its year) are
    /// written as not_available with the reason, in input order, among the rows that are measured.
    @Test func assessWritesEveryRowIncludingThoseWithoutABaseValue() async throws {
        let csv = """
            series,base_year,base_value,current_year,current_value,target,target_year,direction,limit
            A,2015,630,2022,553,,,-1,
            B,2015,,2022,563.1,,,-1,
            C,,,2023,10.2,7.25,2030,-1,
            D,2016,66,2021,64,71,2030,1,
            E,2015,10.1,,,30,2030,1,
            F,2015,10.1,2023,13.7,30,,1,
            G,2015,590.5

            """
        let dir = PlanWatchBinary.temporaryDirectory()
        let input = dir.appendingPathComponent("gaps.csv")
        try csv.write(to: input, atomically: true, encoding: .utf8)
        let output = try await PlanWatchBinary.run(["assess", "--input", input.path])
        #expect(output.status == 0, "stderr: \(output.stderr)")
        // Parsed as CSV: a reason naming several columns is quoted.
        let records = try CSVTable(text: output.stdout, sourceID: "assess", location: "stdout").records.map(\.fields)
        #expect(records.count == 8, "\(output.stdout)")
        let header = try #require(records.first)
        let status = try #require(header.firstIndex(of: "status"))
        let warnings = try #require(header.firstIndex(of: "warnings"))
        let rows = Array(records.dropFirst())
        #expect(rows.map { $0[0] } == ["A", "B", "C", "D", "E", "F", "G"])
        #expect(rows.map { $0[status] } == ["substantial_progress", "not_available", "not_available", "deterioration", "not_available", "not_available", "not_available"])
        // A short row is padded, so its results stay under their headers.
        #expect(rows.allSatisfy { $0.count == header.count })
        #expect(rows[6][warnings].contains("current_year"))
        #expect(rows[1][warnings].contains("base_value"))
        #expect(rows[2][warnings].contains("base_year") && rows[2][warnings].contains("base_value"))
        #expect(rows[4][warnings].contains("current_year"))
        #expect(rows[5][warnings].contains("target_year"))
        // The input cells are echoed as given, so the empty base value stays empty.
        #expect(rows[1][2] == "")
    }

    /// A malformed file stops `assess` (exit 2, nothing written), naming file, line and what is wrong:
    /// a header without a needed column, or a row wider than the header.
    @Test(arguments: [
        ("header.csv", "series,base_year,base,current_year,current_value\nA,2015,1,2020,2\n", ["header.csv:1", "base_value"]),
        ("wide.csv", "series,base_year,base_value,current_year,current_value\nA,2015,1,2020,2\nB,2015,1,234.5,2020,2\n", ["wide.csv:3", "6 cells"]),
    ])
    func assessRefusesAMalformedFile(name: String, csv: String, fragments: [String]) async throws {
        let input = PlanWatchBinary.temporaryDirectory().appendingPathComponent(name)
        try csv.write(to: input, atomically: true, encoding: .utf8)
        let output = try await PlanWatchBinary.run(["assess", "--input", input.path])
        #expect(output.status == 2)
        #expect(fragments.allSatisfy(output.stderr.contains), "\(output.stderr)")
        #expect(output.stdout.isEmpty)
    }

    @Test func assessNamesTheLineOfABadRow() async throws {
        let dir = PlanWatchBinary.temporaryDirectory()
        let input = dir.appendingPathComponent("bad.csv")
        try "series,base_year,base_value,current_year,current_value,target,target_year,direction,limit\nA,2015,abc,2020,3,,,1,\n"
            .write(to: input, atomically: true, encoding: .utf8)
        let output = try await PlanWatchBinary.run(["assess", "--input", input.path])
        #expect(output.status == 2)
        #expect(output.stderr.contains("bad.csv:2"), "\(output.stderr)")
    }

    /// The 13th plan ended in 2020 with published results: the assessment must agree with them.
    @Test func thirteenthPlanAssessesAsTheSeedReports() async throws {
        let output = try await PlanWatchBinary.run(["indicators", "--json", "--config", "Config/planwatch-13th.yaml"])
        #expect(output.status == 0, "stderr: \(output.stderr)")
        let records = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [[String: Any]])
        func component(_ indicator: String, _ series: String) -> [String: Any]? {
            let a = records.first { $0["id"] as? String == indicator }?["assessment"] as? [String: Any]
            return (a?["components"] as? [[String: Any]])?.first { $0["seriesID"] as? String == series }
        }
        // GDP: 4001.55亿元 in 2020 against the 4820亿元 target.
        let gdp = try #require(component("T01", "T01.level"))
        #expect(gdp["status"] as? String == "not_achieved")
        #expect(gdp["currentValue"] as? Double == 4001.55)
        // Forest coverage: 45.31% against 45.3%.
        let forest = try #require(component("T16", "T16.coverage"))
        #expect(forest["status"] as? String == "target_achieved")
        #expect(forest["currentValue"] as? Double == 45.31)
        #expect(records.first { $0["id"] as? String == "T01" }?["status"] as? String == "not_achieved")
    }

    @Test func validateReportsUnknownKeyAndDuplicateIDWithFileLineAndKey() async throws {
        let dir = PlanWatchBinary.temporaryDirectory()
        try """
        plan: plan.yaml
        profle: statcan
        sources:
          - {id: s, format: observations-csv, path: obs.csv}
        """.write(to: dir.appendingPathComponent("planwatch.yaml"), atomically: true, encoding: .utf8)
        try """
        id: p
        name: {zh: 测试}
        start_year: 2021
        end_year: 2025
        region: {code: "430600", zh: 岳阳市}
        indicators:
          - {id: K01, zh: 甲, module: ecology, attribute: binding, seed: x, unit: "%", target: {kind: floor, value: 86, text: "86"}}
          - {id: K01, zh: 乙, module: ecology, attribute: binding, seed: x, unit: "%", target: {kind: floor, value: 90, text: "90"}}
        """.write(to: dir.appendingPathComponent("plan.yaml"), atomically: true, encoding: .utf8)
        let unknownKey = try await PlanWatchBinary.run(["validate", "--config", "planwatch.yaml"], in: dir)
        #expect(unknownKey.status == 2)
        #expect(unknownKey.stderr.contains("planwatch.yaml:2:1: error: profle: unknown key 'profle' (did you mean 'profile'?)"), "\(unknownKey.stderr)")

        try "plan: plan.yaml\nsources:\n  - {id: s, format: observations-csv, path: obs.csv}\n"
            .write(to: dir.appendingPathComponent("planwatch.yaml"), atomically: true, encoding: .utf8)
        let duplicate = try await PlanWatchBinary.run(["validate", "--config", "planwatch.yaml"], in: dir)
        #expect(duplicate.status == 2)
        #expect(duplicate.stderr.contains("plan.yaml:8:") && duplicate.stderr.contains("indicators[K01]: duplicate id 'K01' (first defined at line 7)"), "\(duplicate.stderr)")
    }

    @Test func usageErrorsExitTwo() async throws {
        let output = try await PlanWatchBinary.run(["indicators", "--no-such-flag"])
        #expect(output.status == 2)
    }

    @Test func modulesListsTheBuiltInModules() async throws {
        let output = try await PlanWatchBinary.run(["modules", "--json"])
        #expect(output.status == 0)
        let list = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [[String: Any]])
        #expect(list.compactMap { $0["id"] as? String } == ["overview", "industry-chains", "ecology", "livelihood", "safety"])
    }
}
