import Foundation
import Testing
import ReportKit
import PlanWatchTestSupport
@testable import PlanWatchFeeds

/// The CSV decoders read a large file in two halves at once (`CSVSplitScan`, issue 9 item 9). What
/// they give must be what reading in order gives, byte for byte: cells and their order, categories
/// and labels in order of first use, texts, line numbers, warnings naming the bad lines, and errors.
/// Each generated file (quoted newlines, doubled quotes, CR LF, lone CR, BOM, blank lines, bad rows
/// everywhere, footers, deletions, an unclosed quote) is read in order and then split at every line
/// end: every result must be the same.
@Suite("CSV decoders read in two halves")
struct CSVSplitScanTests {
    typealias Generator = CSVFastPathTests.Generator

    static func encode(_ field: String) -> String { CSVFastPathTests.encode(field) }

    /// Everything a table says, as text (a figure as its bits).
    static func dump(_ table: FeedTable) -> String {
        var out = "\(table.format) label=\(table.label ?? "-") rejected=\(table.rejected) chinese=\(table.chineseRegions)\n"
        for d in table.dimensions { out += "dim \(d.id) \(d.role ?? "-") \(d.label ?? "-") \(d.codes) \(d.labels)\n" }
        for w in table.warnings { out += "warning \(w)\n" }
        out += "texts \(table.rows?.strings ?? []) missing=\(table.missingCount) statuses=\(table.statusCounts.sorted { $0.key < $1.key })\n"
        for c in table.records {
            out += "\(c.coordinates) \(c.value.map { String($0.bitPattern, radix: 16) } ?? "nil") \(c.text ?? "-") \(c.status ?? "-") \(c.unit ?? "-") \(c.multiplier) \(c.position)\n"
        }
        return out
    }

    static func outcome(_ body: () throws(FeedError) -> String) -> String {
        do throws(FeedError) { return try body() } catch { return "error \(error.kind) \(error.position ?? "-") \(error.message)" }
    }

    /// The line ends where a second half can start (offsets looked for by `splitNear`).
    static func lineFeeds(_ data: Data) -> [Int] { data.indices.filter { data[$0] == 10 }.map { $0 - data.startIndex } }

    /// Reads `data` in order, then split at each line end; each result must be the first.
    static func check(_ data: Data, _ name: String, _ read: (Payload) throws(FeedError) -> String) {
        let payload = Payload(sourceID: "s", data: data, location: "split.csv")
        let inOrder = CSVSplitScan.$threshold.withValue(Int.max) { outcome { () throws(FeedError) in try read(payload) } }
        for lf in lineFeeds(data) {
            let split = CSVSplitScan.$threshold.withValue(0) {
                CSVSplitScan.$splitNear.withValue(lf) { outcome { () throws(FeedError) in try read(payload) } }
            }
            #expect(split == inOrder, "\(name), split after byte \(lf):\n\(String(decoding: data, as: UTF8.self).debugDescription)")
            if split != inOrder { return }
        }
    }

    /// How many of the splits at each line end were kept (read in two halves and merged) by the
    /// reader `make` gives: shows that the comparison above covered the two-half path.
    static func merges<R: CSVSplitReader>(_ data: Data, separator: UInt8 = UInt8(ascii: ","), _ make: (Payload, Int) -> R) -> Int {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        let payload = Payload(sourceID: "s", data: data, location: "split.csv")
        return bytes.withUnsafeBufferPointer { buffer in
            lineFeeds(Data(bytes)).filter { lf in
                CSVSplitScan.$threshold.withValue(0) {
                    CSVSplitScan.$splitNear.withValue(lf) {
                        var reader = make(payload, buffer.count)
                        return (try? CSVSplitScan.scan(buffer, separator: separator, sourceID: "s", location: "split.csv", reader: &reader)) ?? false
                    }
                }
            }.count
        }
    }

    static func lineEnd(_ g: inout Generator, lone: Bool) -> String {
        lone && g.int(12) == 0 ? "\r" : g.pick(["\n", "\r\n", "\r\n"])
    }

    static let texts = ["", "岳阳市", "比上年增长, 6.5%", "公报称\"增长\"", "第一行\n第二行", "a\r\nb", "\n", " ", "x\"", "“十四五”"]

    static func observations(_ g: inout Generator) -> String {
        let lone = g.int(3) == 0
        var out = g.int(3) == 0 ? "\u{FEFF}" : ""
        out += g.pick(["indicator,region,period,value,unit,status,source_title,source_url,quote,note",
                       "indicator,region,period,value,status", "Indicator, Region ,period,value,extra"]) + lineEnd(&g, lone: false)
        let columns = out.contains("note") ? 10 : 5
        for _ in 0..<(2 + g.int(30)) {
            if g.int(15) == 0 { out += lineEnd(&g, lone: lone); continue }  // a blank line
            var row: [String] = []
            for c in 0..<columns {
                switch c {
                case 0: row.append(g.pick(["K01", "K02", " x.人均GDP ", "", "K01-2", "ind 7"]))
                case 1: row.append(g.pick(["430600", "", "岳阳市", "CN-43"]))
                case 2: row.append(g.pick(["2021", "2021Q3", "2022M07", "2022-07", "2024年", "bad", "", "2023"]))
                case 3: row.append(g.pick(["1,234.5", "-0.8", "", "1.2e3", "+12", ".5", "abc", "１２", " 3 ", "7"]))
                default: row.append(g.pick(texts))
                }
            }
            out += row.map(encode).joined(separator: ",") + lineEnd(&g, lone: lone)
        }
        if g.int(12) == 0 { out += "K01,430600,2024,\"unclosed\n1\n" }
        return out
    }

    static func office(_ g: inout Generator) -> String {
        let lone = g.int(3) == 0
        var out = g.int(2) == 0 ? "\u{FEFF}" : ""
        out += "数据库：分省年度数据\r\n指标：地区生产总值(亿元)\r\n"
        let wide = g.int(3) == 0
        out += (wide ? "地区,2022年,2023年" : g.pick(["地区,指标,时间,数值,单位", "地区,时间,数值"])) + "\r\n"
        let columns = wide ? 3 : out.contains("单位") ? 5 : 3
        for _ in 0..<(2 + g.int(30)) {
            switch g.int(20) {
            case 0: out += "注：2023年数据为初步核算数。" + lineEnd(&g, lone: lone); continue
            case 1: out += "\u{3000}续注" + lineEnd(&g, lone: lone); continue
            case 2: out += ",,," + lineEnd(&g, lone: lone); continue
            default: break
            }
            var row: [String] = [g.pick(["北京市", "岳阳市", "湖南省", "", "第一\n第二", "a,b"])]
            for c in 1..<columns {
                if wide || (columns == 5 && c == 3) || (columns == 3 && c == 2) {
                    row.append(g.pick(["1,234.5", "..", "—", "abc", "", "12", "x", "１２"]))
                } else if columns == 5 && c == 4 {
                    row.append(g.pick(["亿元", "", " %", "万人"]))
                } else {
                    row.append(g.pick(["2021年", "2022", "K01", "K02", "\"q\""]))
                }
            }
            out += row.map(encode).joined(separator: ",") + lineEnd(&g, lone: lone)
        }
        if g.int(10) == 0 { out += "数据来源：国家统计局\r\n北京市,\"unclosed\n" }
        return out
    }

    static func sdmx(_ g: inout Generator) -> String {
        let lone = g.int(3) == 0
        let semicolon = g.int(5) == 0
        let sep = semicolon ? ";" : ","
        var out = ["STRUCTURE", "STRUCTURE_ID", "ACTION", "REF_AREA", "INDICATOR", "TIME_PERIOD", "OBS_VALUE", "OBS_STATUS", "UNIT_MULT"]
            .joined(separator: sep) + "\n"
        for _ in 0..<(2 + g.int(30)) {
            if g.int(15) == 0 { out += lineEnd(&g, lone: lone); continue }
            var row = ["dataflow", "PW:DF(1.0)", g.pick(["I", "I", "I", "", g.int(4) == 0 ? "D" : "I"]),
                       g.pick(["CN: China", "CN: Chine", "430600: 岳阳市", "", "FR: France, Metropolitan", "DE"]),
                       g.pick(["K01", "K02: 指标\n二", "K03"]), g.pick(["2021", "2022-Q1", "2023"]),
                       g.pick(semicolon ? ["1,5", "NaN", "", "abc", "#N/A"] : ["1.5", "NaN", "", "abc", "#N/A", "1,234", "2e3"]),
                       g.pick(["A", "E", "", "P: provisional"]), g.pick(["0", "3", "", "x", "99"])]
            if g.int(20) == 0 { row.append("extra") }
            out += row.map { $0.contains(";") ? "\"\($0)\"" : encode($0) }.joined(separator: sep) + lineEnd(&g, lone: lone)
        }
        if g.int(12) == 0 { out += "dataflow,\"unclosed\n" }
        return out
    }

    @Test func observationTablesAreTheSameReadInHalves() async throws {
        try await offPool {
            var g = Generator(state: 0x5EED_0009)
            var merged = 0
            for round in 0..<120 {
                let data = Data(Self.observations(&g).utf8)
                Self.check(data, "observations-csv table, round \(round)") { payload throws(FeedError) in
                    Self.dump(try ObservationsCSVDecoder().table(payload))
                }
                merged += Self.merges(data) { payload, total in
                    ObservationsCSVDecoder.TablePart(reader: .init(payload: payload, mapping: FeedMapping(), texts: false, provenance: false, total: total))
                }
            }
            #expect(merged > 500, "the two-half path was taken")
        }
    }

    @Test func officeTablesAreTheSameReadInHalves() async throws {
        try await offPool {
            var g = Generator(state: 0x0FF1_CE09)
            var merged = 0
            for round in 0..<150 {
                let data = Data(Self.office(&g).utf8)
                Self.check(data, "csv, round \(round)") { payload throws(FeedError) in
                    Self.dump(try OfficeCSVDecoder().table(payload))
                }
                merged += Self.merges(data) { OfficeCSVDecoder.Reader(payload: $0, total: $1) }
            }
            #expect(merged > 500, "the two-half path was taken")
        }
    }

    @Test func sdmxTablesAreTheSameReadInHalves() async throws {
        try await offPool {
            var g = Generator(state: 0x5D3C_0009)
            var merged = 0
            for round in 0..<150 {
                let text = Self.sdmx(&g)
                let data = Data(text.utf8)
                Self.check(data, "sdmx-csv, round \(round)") { payload throws(FeedError) in
                    Self.dump(try SDMXCSVDecoder().table(payload))
                }
                let semicolon = text.hasPrefix("STRUCTURE;")
                merged += Self.merges(data, separator: UInt8(ascii: semicolon ? ";" : ",")) {
                    SDMXCSVDecoder.Reader(payload: $0, semicolon: semicolon, total: $1)
                }
            }
            #expect(merged > 500, "the two-half path was taken")
        }
    }

    /// The halves are kept when the line end is outside quotes (a lone CR before it, which ends a line
    /// but is no line feed, no longer matters: the second half's lines are numbered from the split);
    /// otherwise the first half's reader reads on (still the same result, see above).
    @Test func splitIsKeptOnlyAtARecordStart() throws {
        func merged(_ text: String, near: Int) throws -> Bool {
            let bytes = Array(text.utf8)
            let payload = Payload(sourceID: "s", data: Data(bytes), location: "f.csv")
            return try CSVSplitScan.$threshold.withValue(0) {
                try CSVSplitScan.$splitNear.withValue(near) {
                    try bytes.withUnsafeBufferPointer { buffer in
                        var reader = SDMXCSVDecoder.Reader(payload: payload, semicolon: false, total: buffer.count)
                        return try CSVSplitScan.scan(buffer, sourceID: "s", location: "f.csv", reader: &reader)
                    }
                }
            }
        }
        let header = "DATAFLOW,REF_AREA,OBS_VALUE\n"
        #expect(try merged(header + "d,CN,1\nd,FR,2\nd,DE,3\n", near: header.utf8.count + 2))
        // The line end after the middle is inside a quoted field: read on in order.
        #expect(try !merged(header + "d,\"C\nN\",1\nd,FR,2\n", near: header.utf8.count + 2))
        // A lone CR before the split ends a record but is no line feed: the halves are still kept.
        #expect(try merged(header + "d,CN,1\rd,FR,2\nd,DE,3\n", near: header.utf8.count + 8))
        // A bad row in the second half is left out and named with its line in the whole file.
        let bad = header + "d,CN,1\nd,FR,2\nd,DE,abc\nd,IT,4\n"
        #expect(try merged(bad, near: header.utf8.count + 8))
        let table = try CSVSplitScan.$threshold.withValue(0) {
            try CSVSplitScan.$splitNear.withValue(header.utf8.count + 8) {
                try SDMXCSVDecoder().table(Payload(sourceID: "s", data: Data(bad.utf8), location: "f.csv"))
            }
        }
        #expect("\(table.warnings)".contains("line 4, column 3"), "\(table.warnings)")
        #expect(table.records.map(\.position) == ["line 2, column 3", "line 3, column 3", "line 5, column 3"])
        // A deletion in the second half names rows of the first: read on in order.
        #expect(try !merged("STRUCTURE,STRUCTURE_ID,ACTION,REF_AREA,OBS_VALUE\nd,x,I,CN,1\nd,x,D,CN,\n", near: 55))
    }

    /// The office reader rules footers out by their first three bytes: every footer prefix passes that
    /// test, region names that share a first byte with 注 and 数 do not.
    @Test func footerPrefixesPassTheFirstBytesTest() {
        for prefix in OfficeCSVDecoder.footerBytes {
            #expect(prefix.withUnsafeBufferPointer { OfficeCSVDecoder.Reader.mayStartFooter($0) }, "\(prefix)")
        }
        for name in ["岳阳市", "河北省", "湖南省", "新疆维吾尔自治区", "Nov", "N", "No", ""] {
            #expect(!Array(name.utf8).withUnsafeBufferPointer { OfficeCSVDecoder.Reader.mayStartFooter($0) }, "\(name)")
        }
    }
}
