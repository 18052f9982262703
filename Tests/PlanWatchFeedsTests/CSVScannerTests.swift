import Foundation
import Testing
import ReportKit
@testable import PlanWatchFeeds

/// The byte-level CSV reader and what the CSV decoders check before it (issue 9: speed, binary
/// content, encoding, bad rows, non-data files).
@Suite("CSV scanner and CSV decoder input")
struct CSVScannerTests {
    func rows(_ text: String, separator: Character = ",") throws -> [[String]] {
        try CSVTable(text: text, separator: separator).records.map(\.fields)
    }

    func lines(_ text: String) throws -> [Int] {
        try CSVTable(text: text).records.map(\.line)
    }

    @Test func rfc4180QuotesNewlinesAndLineEnds() throws {
        #expect(try rows("a,b\r\nc,d\ne,f\rg,h") == [["a", "b"], ["c", "d"], ["e", "f"], ["g", "h"]])
        #expect(try rows("\"x, y\",\"say \"\"hi\"\"\",\"two\r\nlines\"\n") == [["x, y", "say \"hi\"", "two\r\nlines"]])
        #expect(try rows("a,\"\",c,\n") == [["a", "", "c", ""]])
        #expect(try rows("a,b,") == [["a", "b", ""]])
        // Text after a closing quote is kept; a quote inside an unquoted field is a character.
        #expect(try rows("\"ab\"c,d\"e\n") == [["abc", "d\"e"]])
        // Blank lines (also white space only, or an empty quoted field alone) carry no record.
        #expect(try rows("a\n\n  \n\"\"\n\u{3000}\nb\n") == [["a"], ["b"]])
        #expect(try rows("a;\"1,5\";c", separator: ";") == [["a", "1,5", "c"]])
        #expect(try rows("岳阳,\"湖南，岳阳\"\n") == [["岳阳", "湖南，岳阳"]])
        // Line numbers count the newlines inside quotes, so errors point at the right line.
        #expect(try lines("h\n\"a\nb\",c\r\nd\n\ne\n") == [1, 2, 4, 6])
    }

    @Test func unterminatedQuoteNamesItsLine() throws {
        let e = try #require(decodeError { _ = try CSVTable(text: "a\nb\n\"open,\nmore\n", sourceID: "s", location: "f.csv") })
        #expect(e.position == "line 3")
    }

    @Test func trimmedCellsMatchFoundationTrimming() throws {
        let cells = ["  K01 ", "\t2024\t", "\u{3000}岳阳\u{3000}", " \u{A0}x\u{A0} ", "   ", "\"  q  \"", "plain"]
        let text = cells.joined(separator: ",")
        var got: [String?] = []
        let bytes = Array(text.utf8)
        try bytes.withUnsafeBufferPointer { buffer in
            try CSVScanner.scan(buffer, sourceID: "s", location: "f") { row throws(FeedError) in
                got = (0..<row.count).map { row.trimmed($0) }
            }
        }
        let expected: [String?] = try rows(text)[0].map { let t = $0.trimmingCharacters(in: .whitespacesAndNewlines); return t.isEmpty ? nil : t }
        #expect(got == expected)
        #expect(got == ["K01", "2024", "岳阳", "x", nil, "q", "plain"])
    }

    /// Byte-level trimming removes exactly what Foundation's trimming removes.
    @Test func whitespaceTrimMatchesFoundation() {
        let spaces: [Unicode.Scalar] = ["\u{9}", "\u{A}", "\u{B}", "\u{C}", "\u{D}", " ", "\u{85}", "\u{A0}", "\u{1680}", "\u{2000}", "\u{2005}",
                                        "\u{200A}", "\u{200B}", "\u{2028}", "\u{2029}", "\u{202F}", "\u{205F}", "\u{3000}", "\u{FEFF}", "\u{3001}"]
        // Every scalar below U+10000 that Foundation counts as white space is trimmed, and no other:
        // at both ends, and at one end next to a character the fast path keeps as is (ASCII, CJK).
        for v in UInt32(0)...0xFFFF {
            guard let scalar = Unicode.Scalar(v) else { continue }
            for text in ["\(scalar)x\(scalar)", "x\(scalar)", "\(scalar)x", "岳\(scalar)", "\(scalar)阳"] {
                #expect(Whitespace.trim(text) == text.trimmingCharacters(in: .whitespaces), "U+\(String(v, radix: 16)) in \(text.debugDescription)")
                #expect(Whitespace.trim(text, newlines: true) == text.trimmingCharacters(in: .whitespacesAndNewlines), "U+\(String(v, radix: 16)) in \(text.debugDescription)")
            }
        }
        for s in spaces {
            for core in ["x", "岳阳", "\u{3000}a b\u{A0}c"] {
                let text = "\(s)\(s)\(core)\(s)"
                #expect(Whitespace.trim(text) == text.trimmingCharacters(in: .whitespaces), "U+\(String(s.value, radix: 16))")
                #expect(Whitespace.trim(text, newlines: true) == text.trimmingCharacters(in: .whitespacesAndNewlines), "U+\(String(s.value, radix: 16))")
            }
        }
    }

    /// The fast path for plain ASCII figures gives what the full rule gives.
    @Test func numberFastPathAgreesWithTheRule() {
        let plain = ["0", "12", "-3.5", "+4", ".5", "5.", "1e3", "2.5E-2", "-0.0", "1e", "e5", "--1", "1.2.3", "+", "-", ".", "1e400", "00012"]
        for text in plain {
            let full: Double? = NumberText.isDecimal(text) ? Double(text).flatMap { $0.isFinite ? $0 : nil } : nil
            #expect(NumberText.parse(text) == full, "\(text)")
        }
        #expect(NumberText.parse("1,234.5") == 1234.5)
        #expect(NumberText.parse("６２.１") == 62.1)
        #expect(NumberText.parse("62,1") == nil)
        #expect(NumberText.parse(" 7 ") == 7)
    }

    // MARK: Item 7: binary content fails fast

    @Test(arguments: [ObservationsCSVDecoder.format, OfficeCSVDecoder.format, SDMXCSVDecoder.format])
    func aNULByteEarlyIsBinaryContent(format: String) throws {
        var data = Data("indicator,region,period,value\nK01,430600,2024,".utf8)
        data.append(0)
        data.append(Data(repeating: 0, count: 4096))
        let p = Payload(sourceID: "s", data: data, location: "big.csv")
        let decoder = try #require(FeedDecoders.decoder(for: format))
        let e = try #require(decodeError { _ = try decoder.decode(p, mapping: FeedMapping()) })
        #expect(e.message.contains("binary content"), "\(e)")
        #expect(e.position == "byte 46")
        #expect(e.description.contains("source 's' (big.csv)"))
    }

    // MARK: Minor: the first invalid UTF-8 sequence is located

    @Test func invalidUTF8NamesLineAndByte() throws {
        var data = Data([0xEF, 0xBB, 0xBF])
        data.append(Data("indicator,region,period,value\nK01,430600,2024,1\nK02,岳阳".utf8))
        let offset = data.count
        data.append(contentsOf: [0xC3, 0x28])  // a lead byte without its continuation
        data.append(Data(",2024,2\n".utf8))
        let e = try #require(decodeError { _ = try ObservationsCSVDecoder().decode(Payload(sourceID: "s", data: data, location: "f.csv"), mapping: FeedMapping()) })
        #expect(e.position == "line 3, byte \(offset)", "\(e)")
        #expect(e.message.contains("not UTF-8"))
        // Overlong forms, surrogates and truncated sequences are found too; valid text is not flagged.
        for bad: [UInt8] in [[0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE5, 0xB2], [0xFF]] {
            let bytes = Array("abcdefghij".utf8) + bad
            #expect(bytes.withUnsafeBufferPointer { UTF8Check.firstInvalidOffset($0) } == 10, "\(bad)")
        }
        let good = Array("岳阳 😀 ok, é, \u{10FFFF}".utf8)
        #expect(good.withUnsafeBufferPointer { UTF8Check.firstInvalidOffset($0) } == nil)
    }

    // MARK: Minor: bad rows are named and the good rows kept

    @Test func twoBadRowsAmongGoodOnesAreNamedAndTheRestKept() throws {
        let text = """
        indicator,region,period,value,status
        K01,430600,2021,1.5,
        K01,430600,2022,abc,
        K01,430600,2023,"2,500.5",
        K02,430600,20X4,7,
        K02,430600,2024,,missing
        """
        let p = Payload(sourceID: "s", data: Data(text.utf8), location: "f.csv")
        let decoded = try ObservationsCSVDecoder().decode(p, mapping: FeedMapping())
        #expect(decoded.observations.map(\.value) == [1.5, 2500.5, nil])
        #expect(decoded.rejected == 2)
        let warning = try #require(decoded.warnings.first).description
        #expect(decoded.warnings.count == 1)
        #expect(warning.contains("2 row(s) left out"), "\(warning)")
        #expect(warning.contains("line 3, column value") && warning.contains("'abc'"), "\(warning)")
        #expect(warning.contains("line 5, column period") && warning.contains("'20X4'"), "\(warning)")
    }

    @Test func manyBadRowsAreCappedWithACount() throws {
        let text = "indicator,region,period,value\n" + (1...50).map { "K01,430600,\(1970 + $0),bad\($0)\n" }.joined() + "K01,430600,2024,1\n"
        let decoded = try ObservationsCSVDecoder().decode(Payload(sourceID: "s", data: Data(text.utf8), location: "f.csv"), mapping: FeedMapping())
        #expect(decoded.observations.count == 1)
        #expect(decoded.rejected == 50)
        let warning = try #require(decoded.warnings.first).description
        #expect(warning.contains("line 2,") && warning.contains("line 21,") && !warning.contains("line 22,"), "\(warning)")
        #expect(warning.contains("and 30 more"))
    }

    @Test func badCellsInOfficeAndSDMXCSVAreNamedAndTheRestKept() throws {
        let office = Payload(sourceID: "s", data: Data("地区,2023年,2024年\n北京市,1.5,abc\n天津市,..,2\n河北省,x1,3\n".utf8), location: "o.csv")
        let table = try OfficeCSVDecoder().table(office)
        #expect(table.cellCount == 4)
        #expect(table.rejected == 2)
        let note = table.warnings.map(\.description).joined(separator: "\n")
        #expect(note.contains("line 2, column 3") && note.contains("line 4, column 2"), "\(note)")

        let sdmx = Payload(sourceID: "s", data: Data("DATAFLOW,REF_AREA,TIME_PERIOD,OBS_VALUE\nD,CN,2023,1\nD,CN,2024,zz\nD,DE,2024,3\n".utf8), location: "s.csv")
        let decoded = try SDMXCSVDecoder().decode(sdmx, mapping: FeedMapping())
        #expect(decoded.observations.count == 2)
        #expect(decoded.rejected == 1)
        #expect(decoded.warnings.contains { $0.description.contains("line 3, column 4") })
    }

    @Test func aFileWithOnlyBadRowsStillFails() throws {
        let p = Payload(sourceID: "s", data: Data("indicator,region,period,value\nK01,430600,2024,x\nK01,430600,2023,y\n".utf8), location: "f.csv")
        let e = try #require(decodeError { _ = try ObservationsCSVDecoder().decode(p, mapping: FeedMapping()) })
        #expect(e.position == "line 2, column value")
        #expect(e.message.contains("all 2 are bad") && e.message.contains("line 3, column value"), "\(e)")
    }

    // MARK: Item 9: realistic rows decode exactly

    @Test func realisticObservationRowsDecodeExactly() throws {
        var data = Data([0xEF, 0xBB, 0xBF])
        let rows = [
            "indicator,region,period,value,unit,status,source_title,source_url,quote,note",
            #"K01,430600,2023,"5,102.5",亿元,,岳阳市2023年国民经济和社会发展统计公报,,"全年地区生产总值5102.5亿元，比上年增长""4.4%""","#,
            "x.gdp_share,CN-43,2023Q3,-0.8,%,p,\"Bulletin, 2023\",http://example.org/b,,初步核算数",
            "K01-2,, 2022M07 ,1.2e3,,,,,\"two\r\nlines\",",
            "K02,430600,2021,,万人,待公布,,,,",
            "K03,430602,2020, .5 ,%,,,,,",
        ]
        data.append(Data((rows.joined(separator: "\r\n") + "\r\n").utf8))
        let p = Payload(sourceID: "s", data: data, location: "obs.csv")
        let decoded = try ObservationsCSVDecoder().decode(p, mapping: FeedMapping(defaultRegion: "430600"))
        let o = decoded.observations
        #expect(o.map(\.indicator) == ["K01", "x.gdp_share", "K01-2", "K02", "K03"])
        #expect(o.map(\.region) == ["430600", "CN-43", "430600", "430600", "430602"])
        #expect(o.map(\.period) == [Period(year: 2023), Period(year: 2023, quarter: 3), Period(year: 2022, month: 7), Period(year: 2021), Period(year: 2020)])
        #expect(o.map(\.value) == [5102.5, -0.8, 1200, nil, 0.5])
        #expect(o.map(\.status) == [nil, "p", nil, "待公布", nil])
        #expect(o[0].provenance.quote == "全年地区生产总值5102.5亿元，比上年增长\"4.4%\"")
        #expect(o[0].provenance.location == "obs.csv:2")
        #expect(o[1].provenance.location == "http://example.org/b")
        #expect(o[1].provenance.sourceTitle == "Bulletin, 2023")
        #expect(o[2].provenance.quote == "two\r\nlines")
        #expect(o[3].provenance.location == "obs.csv:6", "the quoted newline counts as a line")
        #expect(decoded.warnings.isEmpty && decoded.rejected == 0)
    }

    // MARK: Minor: a `csv` source pointed at a README or an HTML fragment

    @Test(arguments: [
        "# PlanWatch\n\nPlanWatch reads feeds, decodes them, and writes reports.\n\n| format | what |\n|---|---|\n| csv | offices, NBS |\n",
        "<div class=\"table\">\n<p>地区,2024年</p>\n<p>北京市,1</p>\n</div>\n",
        "PlanWatch reads feeds, decodes them, and writes reports.\nSee docs, README, and CONTRIBUTING for more.\n",
    ])
    func aNonDataFileIsRefusedWithoutEchoingIt(text: String) throws {
        let p = Payload(sourceID: "s", data: Data(text.utf8), location: "README.md")
        let e = try #require(decodeError { _ = try OfficeCSVDecoder().table(p) })
        #expect(e.message.contains("not a statistics CSV"), "\(e)")
        #expect(!e.message.contains("writes reports") && !e.message.contains("CONTRIBUTING") && !e.message.contains("<p>"), "\(e)")
    }
}
