import Foundation
import ReportKit
import Testing
@_spi(Fuzzing) @testable import PlanWatchFeeds
import PlanWatchTestSupport

/// `planwatch inspect` without `--rows` reads JSON-stat and Eurostat cells without keeping them
/// (`Inspection.inspect(_:format:keepingCells: false)`). It must say exactly what the full decode says,
/// refuse exactly what it refuses, and still read every number.
@Suite("Cells counted, not kept")
struct CountedCellsTests {
    /// What a summary run gives: the summary, or the error's text.
    static func summary(_ p: Payload, _ format: String, keepingCells: Bool) -> String {
        do {
            let i = try Inspection.inspect(p, format: format, keepingCells: keepingCells)
            return i.json + i.text
        } catch {
            return "error: \(error)"
        }
    }

    /// Every JSON-stat and Eurostat payload at hand (the shared real ones, when present, and the
    /// hand-made traps), read both ways by both decoders.
    @Test func sameSummaryOnRealPayloads() throws {
        var files: [URL] = [Paths.fixtures.appendingPathComponent("eurostat_status_ext.json"),
                            Paths.fixtures.appendingPathComponent("eurostat_since_after_last_size0_time.json"),
                            Paths.fixtures.appendingPathComponent("jsonstat_traps.json"),
                            Paths.fixtures.appendingPathComponent("pxweb_v1_wrapper.json")]
        if Paths.sharedAvailable {
            for dir in ["jsonstat", "eurostat"] {
                let d = Paths.shared.appendingPathComponent(dir)
                files += try FileManager.default.contentsOfDirectory(at: d, includingPropertiesForKeys: nil).filter { $0.pathExtension == "json" }
            }
        } else {
            print("notice: \(Paths.shared.path) is absent; only the hand-made fixtures are compared")
        }
        #expect(files.count >= 4)
        for url in files {
            let p = try payload(url)
            for format in ["jsonstat", "eurostat"] {
                let full = Self.summary(p, format, keepingCells: true)
                let counted = Self.summary(p, format, keepingCells: false)
                #expect(full == counted, "\(url.lastPathComponent) as \(format)")
            }
        }
    }

    /// A value array large enough to be read in pieces: numbers of every shape and nulls, with a
    /// string cell, a 1.x status array of statuses, or a syntax error in the second half. Counts,
    /// missing cells, statuses and the error (message and path) agree with the full decode.
    @Test func largeArraysCountedOnTwoCores() async throws {
        let texts = JSONNumberTests.randomNumbers(200_000, seed: 5).enumerated().map { $0.offset % 11 == 0 ? "null" : $0.element }
        #expect(texts.joined(separator: ",").utf8.count > CellSplit.standardBytes * 2)
        func doc(_ cells: [String], status: String = #"{"7":"c","11":"e"}"#) -> String {
            #"{"class":"dataset","id":["n"],"size":["# + "\(cells.count)" + #"],"dimension":{"n":{"category":{"index":["# +
                (0..<cells.count).map { "\"c\($0)\"" }.joined(separator: ",") + #"]}}},"value":["# + cells.joined(separator: ",") +
                #"],"status":"# + status + "}"
        }
        var withString = texts
        withString[150_000] = "\"..\""
        var broken = texts
        broken[170_000] = "1.2.3"
        let docs = [doc(texts), doc(withString), doc(broken),
                    doc(Array(texts.prefix(3)), status: #"{"value":[null,"c",null],"category":{"label":{"c":"confidential"}}}"#)]
        let results = try await offPool {
            docs.map { d in
                let p = Payload(sourceID: "s", data: Data(d.utf8), location: "big.json")
                return (Self.summary(p, "jsonstat", keepingCells: true), Self.summary(p, "jsonstat", keepingCells: false))
            }
        }
        for (k, (full, counted)) in results.enumerated() {
            #expect(full == counted, "document \(k): \(full.prefix(300)) / \(counted.prefix(300))")
        }
        #expect(results[0].0.contains("\(texts.count) observation(s), \(texts.filter { $0 == "null" }.count) missing"))
        #expect(results[1].0.contains("\(texts.filter { $0 == "null" }.count + 1) missing"))
        #expect(results[2].0.contains("$.value[170001]"), "\(results[2].0)")
        #expect(results[3].0.contains("c (confidential) ×1"))
    }

    /// A counted table keeps the counts but not the cells.
    @Test func countedTablesHoldCountsOnly() throws {
        let json = #"{"class":"dataset","id":["t"],"size":[4],"dimension":{"t":{"category":{"index":["2021","2022","2023","2024"]}}},"value":[1,null,"x",2.5e3]}"#
        let p = Payload(sourceID: "s", data: Data(json.utf8), location: "t.json")
        let t = try #require(try JSONStatDecoder().tables(p, keepingCells: false).first)
        #expect(t.cellCount == 4 && t.missingCount == 2 && t.cube?.countedOnly == 4 && t.cube?.numbers.isEmpty == true)
        let kept = try JSONStatDecoder().table(p)
        #expect(kept.cube?.countedOnly == nil && kept.cube?.numbers.count == 4)
    }
}
