import Foundation
import Testing
import ReportKit
import PlanWatchTestSupport
@testable import PlanWatchFeeds

/// The fast paths of the CSV decoders (issue 9, item 9) read exactly what the plain rules read:
/// word-at-a-time field scanning, numbers from bytes, categories and texts found from the bytes,
/// cells held column by column, the CJK run of the UTF-8 check.
@Suite("CSV decoder fast paths")
struct CSVFastPathTests {
    /// A deterministic generator (xorshift), so a failure names a reproducible case.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 { state ^= state << 13; state ^= state >> 7; state ^= state << 17; return state }
        mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        mutating func pick<T>(_ items: [T]) -> T { items[int(items.count)] }
    }

    static func encode(_ field: String) -> String {
        field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
            ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
    }

    /// Fields of every length around the eight-byte words, with separators, quotes, CR, LF and CR LF
    /// at every offset, Chinese text and line ends of each kind: written as CSV and read back, the
    /// same fields and the right line numbers.
    @Test func fieldsAcrossWordBoundariesRoundTrip() async throws {
        try await offPool {
            var g = Generator(state: 0x9E37_79B9_7F4A_7C15)
            let pieces = ["a", "b", "7", ",", "\"", "\"\"", "\n", "\r", "\r\n", "岳阳", "，", " ", "\t", "x,y", "e\"f"]
            for round in 0..<600 {
                var rows: [[String]] = []
                for _ in 0..<(1 + g.int(6)) {
                    rows.append((0..<(1 + g.int(5))).map { _ in (0..<g.int(14)).map { _ in g.pick(pieces) }.joined() })
                }
                // A record of one blank field is a blank line, which carries no record.
                rows = rows.map { $0.count == 1 && Whitespace.trim($0[0]).isEmpty ? [$0[0], "z"] : $0 }
                let eol = g.pick(["\n", "\r\n", "\r"])
                let text = rows.map { $0.map(Self.encode).joined(separator: ",") }.joined(separator: eol) + (g.int(2) == 0 ? eol : "")
                let table = try CSVTable(text: text)
                #expect(table.records.map(\.fields) == rows, "round \(round): \(text.debugDescription)")
                // Line numbers count the line ends, also those inside quoted fields.
                var line = 1
                var expected: [Int] = []
                for row in rows {
                    expected.append(line)
                    line += 1 + row.reduce(0) { $0 + $1.utf8.reduce(0) { $0 + ($1 == 10 ? 1 : 0) } }
                }
                #expect(table.records.map(\.line) == expected, "round \(round): \(text.debugDescription)")
            }
        }
    }

    /// A quoted field that holds a doubled quote, or text after its closing quote, is copied to resolve
    /// its quotes; the others are read in place. Both give the field's text.
    @Test func quotedFieldsInPlaceAndCopied() throws {
        let text = "\"plain quoted\",\"with \"\"doubled\"\"\",\"closed\"after,\"\",\"  \",last\r\n"
        #expect(try CSVTable(text: text).records.map(\.fields) == [["plain quoted", "with \"doubled\"", "closedafter", "", "  ", "last"]])
        #expect(try CSVTable(text: "\"\"\n\"  \"\nx\n").records.map(\.fields) == [["x"]], "a lone empty or blank quoted field is a blank line")
    }

    /// Numbers read from the bytes are the doubles `Double(String)` gives, for the digit counts and
    /// exponents of every path (exact, Eisel-Lemire, `strtod` for long or subnormal ones).
    @Test func numbersFromBytesMatchDoubleParsing() async throws {
        try await offPool {
            var g = Generator(state: 42)
            var cases = ["0", "-0", "0.0", "5.", ".5", "+4", "1e400", "1e-400", "4.9e-324", "2.2250738585072011e-308", "1.7976931348623157e308",
                         "9007199254740993", "12345678901234567890", "123456789012345678901234", "0.1000000000000000055511151231257827",
                         "1E+22", "1e23", "1e-22", "00012", "1.2.3", "--1", "1e", "e5", ".", "+", "-", "..", "1e+", "-.5e-3", "7e0"]
            for _ in 0..<20_000 {
                var t = g.pick(["", "", "-", "+"])
                t += String((0..<g.int(24)).map { _ in Character(String(g.int(10))) })
                if g.int(2) == 0 { t += "." + String((0..<g.int(20)).map { _ in Character(String(g.int(10))) }) }
                if g.int(3) == 0 { t += g.pick(["e", "E"]) + g.pick(["", "-", "+"]) + String(g.int(400)) }
                cases.append(t)
            }
            for text in cases {
                let expected: Double? = NumberText.isDecimal(text) ? Double(text).flatMap { $0.isFinite ? $0 : nil } : nil
                let bytes = Array(text.utf8)
                let got = bytes.withUnsafeBufferPointer { NumberText.parsePlain($0) }
                if text.isEmpty { #expect(got == nil); continue }
                #expect(got == .some(expected), "\(text)")
                if let got = got ?? nil, let expected { #expect(got.bitPattern == expected.bitPattern, "\(text): sign and bits") }
                #expect(NumberText.parse(text) == expected, "\(text)")
            }
        }
    }

    /// Grouped figures read from the bytes agree with the full rule; what the full rule must decide
    /// (bad grouping, markers, full-width digits, spaces) is left to it.
    @Test func groupedNumbersFromBytesAgreeWithTheRule() {
        let texts = ["1,234.5", "1,234,567", "12,34", ",123", "1,2345", "1,234,5", "+1,234", "-1,234e3", "1,234.5,6", "1234,567", "1,,234",
                     ",", "-,", "1,", "62,1", "１,２３４", "1, 234", "..", "-", "x", "NaN", "1,234.", "0,001", "999,999,999,999,999,999,999"]
        for text in texts {
            let bytes = Array(text.utf8)
            let quick = bytes.withUnsafeBufferPointer { NumberText.quickNumber($0) }
            if let quick { #expect(NumberText.parse(text) == quick, "\(text)") }
        }
        #expect(Array("1,234.5".utf8).withUnsafeBufferPointer { NumberText.quickNumber($0) } == 1234.5)
        #expect(Array("12,34".utf8).withUnsafeBufferPointer { NumberText.quickNumber($0) } == nil)
        #expect(Array("..".utf8).withUnsafeBufferPointer { NumberText.quickNumber($0) } == nil, "a marker is left to the caller")
    }

    /// The UTF-8 check's run of three-byte sequences stops at anything else and agrees with the
    /// standard library on mutated Chinese text.
    @Test func utf8CheckAgreesOnMutatedChineseText() async throws {
        try await offPool {
            var g = Generator(state: 7)
            let base = Array("岳阳市2023年国民经济和社会发展统计公报，比上年增长4.4%；\u{FFFD}\u{E000}\u{D7FF}".utf8)
            for _ in 0..<20_000 {
                var bytes = base
                for _ in 0..<(1 + g.int(2)) { bytes[g.int(bytes.count)] = UInt8(truncatingIfNeeded: g.next()) }
                if g.int(4) == 0 { bytes.removeLast(1 + g.int(2)) }
                let got = bytes.withUnsafeBufferPointer { UTF8Check.firstInvalidOffset($0) }
                #expect((got == nil) == (String(validating: bytes, as: UTF8.self) != nil), "\(bytes)")
                if let got {
                    // Everything before the reported offset is valid UTF-8.
                    #expect(String(validating: bytes[..<got], as: UTF8.self) != nil, "\(bytes) at \(got)")
                }
            }
        }
    }

    /// Categories are found from the cells' bytes: codes that differ in case or white space inside are
    /// different categories, surrounding white space is not part of a code, and SDMX-CSV cells that
    /// name one code with two labels are one category (the first label kept).
    @Test func categoriesFromBytesKeepCaseAndLabels() throws {
        let office = "\u{FEFF}地区,指标,时间,数值,单位\r\nK01,a,2024年,1,亿元\r\nk01,a,2024年,2,亿元\r\n K01 ,a,2024年,3,%\r\n\"K01\",a,2024年,4,\r\n"
        let t = try OfficeCSVDecoder().table(Payload(sourceID: "s", data: Data(office.utf8), location: "o.csv"))
        #expect(t.dimensions[0].codes == ["K01", "k01"])
        #expect(t.records.map(\.coordinates) == [[0, 0, 0], [1, 0, 0], [0, 0, 0], [0, 0, 0]])
        #expect(t.records.map(\.unit) == ["亿元", "亿元", "%", ""], "the unit cell as written; empty stays empty")
        #expect(t.records.map(\.position) == ["line 2, column 4", "line 3, column 4", "line 4, column 4", "line 5, column 4"])

        let sdmx = "DATAFLOW,REF_AREA,TIME_PERIOD,OBS_VALUE,OBS_STATUS\nD,CN: China,2023,1,A\nD,CN: Chine,2024,2,a\nD,cn: china,2024,3, A \n"
        let s = try SDMXCSVDecoder().table(Payload(sourceID: "s", data: Data(sdmx.utf8), location: "s.csv"))
        #expect(s.dimensions[0].codes == ["CN", "cn"])
        #expect(s.dimensions[0].labels == ["China", "china"])
        #expect(s.records.map(\.status) == ["A", "a", "A"])
        #expect(s.statusCounts == ["A": 2, "a": 1])
    }

    /// More distinct codes than the byte-keyed cache keeps (65,536): every code is still one category.
    @Test func moreDistinctCodesThanTheCacheKeeps() async throws {
        let t = try await offPool {
            var text = "地区,时间,数值\n"
            for k in 0..<70_000 { text += "R\(k),2024,\(k)\nR\(k % 100),2024,\(k % 100)\n" }
            return try OfficeCSVDecoder().table(Payload(sourceID: "s", data: Data(text.utf8), location: "o.csv"))
        }
        #expect(t.dimensions[0].codes.count == 70_000)
        #expect(Set(t.dimensions[0].codes).count == 70_000)
        #expect(t.cellCount == 140_000)
        var wrong = 0
        t.forEachCell { cell in
            if t.dimensions[0].codes[cell.coordinates[0]] != "R\(Int(cell.value ?? -1))" { wrong += 1 }
        }
        #expect(wrong == 0)
    }

    /// The byte-keyed table tells apart every pair of keys that differ in one byte, at every length
    /// up to 40 and every place (short keys are hashed and compared a word or half-word at a time,
    /// with overlapping loads), and finds each key again; a copy for the second half
    /// (`unshared`) finds what the original held and adds keys without changing it.
    @Test func byteKeyedTellsApartKeysDifferingInOneByte() {
        var table = ByteKeyed<Int>()
        var keys: [[UInt8]] = []
        for length in 0...40 {
            let base = (0..<length).map { UInt8(ascii: "a") + UInt8($0 % 26) }
            keys.append(base)
            for place in 0..<length {
                var other = base
                other[place] = 0xE5  // a byte of a CJK sequence, in every position
                keys.append(other)
            }
        }
        for (k, key) in keys.enumerated() {
            let stored = key.withUnsafeBufferPointer { table.value($0) { _ in k } }
            #expect(stored == k, "key \(key) was taken for an earlier one")
        }
        var copy = table.unshared()
        for (k, key) in keys.enumerated() {
            #expect(key.withUnsafeBufferPointer { table.value($0) { _ in -1 } } == k)
            #expect(key.withUnsafeBufferPointer { copy.value($0) { _ in -1 } } == k)
        }
        let added = Array("新的键".utf8)
        #expect(added.withUnsafeBufferPointer { copy.value($0) { _ in 7 } } == 7)
        #expect(added.withUnsafeBufferPointer { table.value($0) { _ in 8 } } == 8)
    }

    /// Cells held column by column read back as the cells the decoder made: values, markers, status,
    /// units, multipliers and positions; deletions (ACTION=D) remove only the cells they name.
    @Test func columnCellsReadBackAndDeletionsApply() throws {
        let sdmx = """
        STRUCTURE,STRUCTURE_ID,ACTION,REF_AREA,TIME_PERIOD,OBS_VALUE,OBS_STATUS,UNIT_MULT,UNIT
        dataflow,PW:DF(1.0),I,CN,2023,1.5,,3,CNY
        dataflow,PW:DF(1.0),I,CN,2024,NaN,,,CNY
        dataflow,PW:DF(1.0),I,DE,2024,2,P,,EUR
        dataflow,PW:DF(1.0),D,CN,2023,,,,
        dataflow,PW:DF(1.0),I,FR,2024,..,deleted,,
        """
        let t = try SDMXCSVDecoder().table(Payload(sourceID: "s", data: Data(sdmx.utf8), location: "s.csv"))
        #expect(t.label == "PW:DF(1.0)")
        #expect(t.cellCount == 2, "the deleted cell and a cell whose status reads 'deleted' are not observations")
        let cells = t.records
        #expect(cells.map(\.value) == [nil, 2])
        #expect(cells.map(\.text) == ["NaN", nil])
        #expect(cells.map(\.status) == ["NaN", "P"])
        #expect(cells.map(\.unit) == ["CNY", "EUR"])
        #expect(cells.map(\.position) == ["line 3, column 6", "line 4, column 6"])
        #expect(t.missingCount == 1)
        #expect(t.warnings.map(\.description).contains { $0.contains("1 ACTION=D row(s)") })
        var visited: [[Int]] = []
        t.forEachCell { visited.append($0.coordinates) }
        #expect(visited == cells.map(\.coordinates))
    }

    /// A UNIT_MULT that does not fit (Int.min) is a bad row named by line and column, not a crash.
    @Test func hugeUnitMultiplierIsABadRow() throws {
        let text = "DATAFLOW,REF_AREA,TIME_PERIOD,OBS_VALUE,UNIT_MULT\nD,CN,2023,1,-9223372036854775808\nD,CN,2024,2,3\n"
        let t = try SDMXCSVDecoder().table(Payload(sourceID: "s", data: Data(text.utf8), location: "s.csv"))
        #expect(t.cellCount == 1 && t.rejected == 1)
        #expect(t.warnings.map(\.description).contains { $0.contains("line 2, column 5") && $0.contains("not a power of ten") }, "\(t.warnings)")
    }

    /// Inputs of 1 MiB and more are checked for UTF-8 on a second thread while they are read: a bad
    /// byte near the end is still the error (line and byte offset), and GB18030 is still read as such.
    @Test func largeInputsAreStillCheckedForUTF8() async throws {
        let rows = 40_000
        let e = try await offPool { () -> FeedError? in
            var data = Data([0xEF, 0xBB, 0xBF])
            data.append(Data(("indicator,region,period,value\n" + String(repeating: "K01,岳阳市,2024,\"1,234.5\"\n", count: rows)).utf8))
            #expect(data.count >= CSVInput.concurrentCheck)
            #expect(data.count == 3 + 30 + rows * 29, "where the bad byte goes")
            data.append(contentsOf: [0xC3, 0x28])
            data.append(Data(",2024,2\n".utf8))
            return decodeError { _ = try ObservationsCSVDecoder().table(Payload(sourceID: "s", data: data, location: "big.csv")) }
        }
        let error = try #require(e)
        #expect(error.position == "line \(rows + 2), byte \(3 + 30 + rows * 29)", "\(error)")
        #expect(error.message.contains("not UTF-8"))

        // 北京市 in GB18030 (GBK), in an export of more than 1 MiB.
        let t = try await offPool {
            var data = Data("region,2024\n".utf8)
            for k in 0..<120_000 { data.append(contentsOf: [0xB1, 0xB1, 0xBE, 0xA9, 0xCA, 0xD0]); data.append(Data(",\(k % 10)\n".utf8)) }
            #expect(data.count >= CSVInput.concurrentCheck)
            return try OfficeCSVDecoder().table(Payload(sourceID: "s", data: data, location: "gbk.csv"))
        }
        #expect(t.dimensions[0].codes.prefix(2) == ["北京市", "北京市"])
        #expect(t.cellCount == 120_000)
        #expect(t.warnings.contains { $0.description.contains("read as GB18030") })
    }

    /// A BOM, CR LF line ends and a quoted newline in an office export: the rows after it keep their
    /// line numbers, and a footer ends the data.
    @Test func officeExportWithBOMCRLFAndQuotedNewline() throws {
        let text = "\u{FEFF}数据库：年度数据\r\n指标：地区生产总值(亿元)\r\n地区,2023年,2024年\r\n\"岳阳\r\n市\",\"1,234.5\",..\r\n湖南省,１２,-3e2\r\n注：初步核算\r\n北京市,1,2\r\n"
        let t = try OfficeCSVDecoder().table(Payload(sourceID: "s", data: Data(text.utf8), location: "o.csv"))
        #expect(t.dimensions.map(\.id) == ["指标", "地区", "时间"])
        #expect(t.dimensions[1].codes == ["岳阳\r\n市", "湖南省"])
        let cells = t.records
        #expect(cells.map(\.value) == [1234.5, nil, 12, -300])
        #expect(cells.map(\.status) == [nil, "..", nil, nil])
        #expect(cells.map(\.unit) == ["亿元", "亿元", "亿元", "亿元"])
        #expect(cells.map(\.position) == ["line 4, column 2", "line 4, column 3", "line 6, column 2", "line 6, column 3"])
    }
}
