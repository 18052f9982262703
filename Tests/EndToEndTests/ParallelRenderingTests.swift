import Foundation
import PlanWatchCore
import PlanWatchRender
import PlanWatchTestSupport
import ReportKit
import Testing

/// `RunWriter` renders a run's documents on several threads (a `for_each: region` report is thousands
/// of them): the files must be byte for byte those of a one-thread run, listed in the same order.
@Suite struct ParallelRenderingTests {
    @Test func fanOutOnSeveralThreadsWritesTheSameFilesAsOneThread() async throws {
        let root = PlanWatchBinary.packageRoot.path
        let dir = PlanWatchBinary.temporaryDirectory()
        // Every county and district of the plan with figures of its own for city-wide targets (mixed
        // number shapes, a missing cell), so each gets its own page with tables of different sizes.
        let codes = ["430602", "430603", "430611", "430621", "430623", "430624", "430626", "430681", "430682"]
        var csv = "indicator,region,period,value,unit,status,source_title\n"
        for (i, code) in codes.enumerated() {
            for year in 2021...2024 {
                csv += "K21,\(code),\(year),\(90 + Double(i) * 0.37 + Double(year - 2021)),%,,\(code) 公报\n"
                csv += year == 2023 && i % 3 == 0 ? "K19,\(code),\(year),,,..,\(code) 公报\n" : "K19,\(code),\(year),\(30 + i * 2 + year % 7),%,p,\(code) 公报\n"
            }
        }
        try csv.write(to: dir.appendingPathComponent("counties.csv"), atomically: true, encoding: .utf8)
        let reports = dir.appendingPathComponent("reports")
        try FileManager.default.createDirectory(at: reports, withIntermediateDirectories: true)
        try """
            id: regions
            title: {zh: 各区县主要指标, en: Key indicators by region}
            indicators: [K19, K21, IC13]
            for_each: region
            language: both
            sections: [summary, indicators, yearly, missing, method]
            """.write(to: reports.appendingPathComponent("regions.yaml"), atomically: true, encoding: .utf8)
        try """
            plan: \(root)/Config/plans/yueyang-14th.yaml
            reports_dir: reports
            sources:
              - {id: observed, format: observations-csv, path: \(root)/Config/data/yueyang-observed.csv}
              - {id: counties, format: observations-csv, path: counties.csv}
            outputs: {dir: out, formats: [text, csv, html, json, md]}
            """.write(to: dir.appendingPathComponent("planwatch.yaml"), atomically: true, encoding: .utf8)
        let config = try PlanWatchConfig.load(file: dir.appendingPathComponent("planwatch.yaml"))
        let job = try ReportJob(config: config)
        let assessed = await job.assess()
        let date = Date(timeIntervalSince1970: 1_767_225_600)
        let documents = job.reportDocuments(for: assessed, generatedAt: date).map(\.document)
        #expect(documents.count == 1 + codes.count)
        // Built on one thread or several, the regions' documents are the same, in the same order.
        let definition = try #require(job.reports.first)
        var report = DepartmentReport(definition: definition, plan: job.plan, profile: .named(config.profile),
                                      observations: assessed.observations, generatedAt: date)
        report.regions = job.regions
        report.seriesRegions = job.seriesRegions
        report.regionalObservations = assessed.regionalObservations
        let sequential = report.regionalReports(workers: 1)
        #expect(sequential.count == codes.count)
        #expect(report.regionalReports(workers: 4) == sequential)

        func write(workers: Int) async throws -> (names: [String], files: [String: Data]) {
            let out = dir.appendingPathComponent("out-\(workers)")
            let result = try await offPool {
                var writer = RunWriter(job: job, directory: out, formats: ["text", "csv", "html", "json", "md"],
                                       options: RenderOptions(width: 100, colour: false))
                writer.workers = workers
                return try writer.write(assessed: assessed, documents: documents, modules: [], startedAt: date)
            }
            var files: [String: Data] = [:]
            for name in try FileManager.default.contentsOfDirectory(atPath: out.path) where name != "manifest.json" {
                files[name] = try Data(contentsOf: out.appendingPathComponent(name))
            }
            return (result.files.map(\.lastPathComponent), files)
        }
        let one = try await write(workers: 1)
        let four = try await write(workers: 4)
        #expect(one.names.count > 5 * documents.count, "\(one.names)")
        #expect(four.names == one.names)
        #expect(Set(four.files.keys) == Set(one.files.keys))
        #expect(!one.files.keys.contains { $0.hasPrefix(".") }, "no temporary file is left")
        for (name, data) in one.files {
            #expect(four.files[name] == data, "\(name) differs between one and four threads")
        }
    }
}
