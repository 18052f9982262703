import Foundation
import PlanWatchCore
import PlanWatchEntry
import PlanWatchTestSupport
import Testing

/// Hostile entry files from the red-team report (C4, M6): a workbook part that expands a
/// thousandfold, a ZIP that lies about its sizes, references past a spreadsheet's bounds, text padded
/// with zeros. Each is refused with the file, the part and the limit named, before it is expanded.
@Suite struct EntryLimitTests {
    static let root = PlanWatchBinary.packageRoot

    /// Writes a workbook with Python's zipfile (the test's own writer, independent of the reader): the
    /// Entry sheet holds `rows` (inline strings) and then `padding` bytes of spaces inside
    /// `<sheetData>` (broken by empty elements), streamed so the test never holds them. `lie` rewrites the part's declared
    /// expanded size (local header and central directory) to 1000 bytes.
    static let writer = #"""
    import sys, zipfile, struct
    out, sheet_head, rows, padding, lie = sys.argv[1], sys.argv[2], open(sys.argv[3], encoding="utf-8").read(), int(sys.argv[4]), sys.argv[5] == "1"
    W = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    z = zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED)
    z.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook %s %s><sheets><sheet name="Entry" sheetId="1" r:id="rId1"/></sheets></workbook>' % (W, R))
    z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>')
    with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
        f.write(('<?xml version="1.0"?>%s<worksheet %s><sheetData>' % (sheet_head, W)).encode() + rows.encode())
        chunk = (b"<x/>" + b" " * 1020) * 1024  # elements between the spaces: no text node is huge
        left = padding
        while left > 0:
            f.write(chunk[:min(left, len(chunk))]); left -= len(chunk)
        f.write(b"</sheetData></worksheet>")
    z.close()
    if lie:
        data = bytearray(open(out, "rb").read())
        name = b"xl/worksheets/sheet1.xml"
        for sig, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
            i = data.find(sig)
            while i >= 0:
                n = struct.unpack_from("<H", data, i + (26 if sig == b"PK\x03\x04" else 28))[0]
                start = i + (30 if sig == b"PK\x03\x04" else 46)
                if data[start:start + n] == name:
                    if struct.unpack_from("<I", data, i + size_at)[0] != 0xFFFFFFFF:
                        struct.pack_into("<I", data, i + size_at, 1000)
                    # zip64 extra field: its first 8 bytes are the expanded size
                    m = struct.unpack_from("<H", data, i + (28 if sig == b"PK\x03\x04" else 30))[0]
                    extra = start + n
                    j = extra
                    while j < extra + m:
                        tag, length = struct.unpack_from("<HH", data, j)
                        if tag == 1:
                            struct.pack_into("<Q", data, j + 4, 1000)
                        j += 4 + length
                i = data.find(sig, i + 4)
        open(out, "wb").write(bytes(data))
    """#

    static func cell(_ reference: String, _ text: String) -> String {
        "<c r=\"\(reference)\" t=\"inlineStr\"><is><t>\(text)</t></is></c>"
    }

    /// The template's header and one filled K09 row, as sheet XML.
    static var filledRows: String {
        let header = EntryTemplate.headers.enumerated().map { cell("\(letter($0.offset))1", $0.element) }.joined()
        let row = ["K09", "430600", "2021", "", "", "%", "", "1.5", "final", "统计公报", "", "", "王五"]
        return "<row r=\"1\">\(header)</row><row r=\"2\">" + row.enumerated().map { cell("\(letter($0.offset))2", $0.element) }.joined() + "</row>"
    }

    static func letter(_ i: Int) -> String { String(UnicodeScalar(UInt8(65 + i))) }

    func workbook(_ dir: URL, rows: String = Self.filledRows, padding: Int = 0, lie: Bool = false, head: String = "") async throws -> URL {
        let url = dir.appendingPathComponent("entry.xlsx")
        let script = dir.appendingPathComponent("write.py")
        try Self.writer.write(to: script, atomically: true, encoding: .utf8)
        let rowsFile = dir.appendingPathComponent("rows.xml")
        try rows.write(to: rowsFile, atomically: true, encoding: .utf8)
        let out = try await ChildProcess.run(URL(fileURLWithPath: "/usr/bin/python3"), [script.path, url.path, head, rowsFile.path, String(padding), lie ? "1" : "0"])
        #expect(out.status == 0, "\(out.stderr)")
        return url
    }

    /// A config on the bundled plan and a copy of the bundled observations.
    static func config(in dir: URL) throws {
        try FileManager.default.copyItem(at: root.appendingPathComponent("Config/data/yueyang-observed.csv"), to: dir.appendingPathComponent("observed.csv"))
        try """
        plan: \(root.appendingPathComponent("Config/plans/yueyang-14th.yaml").path)
        sources:
          - {id: yueyang-observed, format: observations-csv, path: observed.csv}
        outputs: {dir: out, formats: [md]}
        """.write(to: dir.appendingPathComponent("planwatch.yaml"), atomically: true, encoding: .utf8)
    }

    func failure(_ url: URL, _ limits: EntrySheet.Limits = EntrySheet.Limits()) async throws -> String {
        try await offPool {
            do {
                _ = try EntrySheet.read(url, limits: limits)
                return "read"
            } catch {
                return "\(error)"
            }
        }
    }

    @Test func theWorkbookItselfReads() async throws {
        let dir = PlanWatchBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sheet = try EntrySheet.read(try await workbook(dir, padding: 1000))
        #expect(sheet.rows.count == 2 && sheet.rows[1][7] == "1.5")
    }

    /// The red team's bomb: 2 MB on disk, 2 GiB of spaces in the sheet. Here 8 MiB against a 1 MiB
    /// limit: refused on the size the ZIP declares, before anything is expanded.
    @Test func aPartDeclaredOverTheLimitIsRefusedBeforeExpanding() async throws {
        let dir = PlanWatchBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = try await workbook(dir, padding: 8 << 20)
        let message = try await failure(url, EntrySheet.Limits(maxBytes: 1 << 20))
        #expect(message.contains("entry.xlsx") && message.contains("xl/worksheets/sheet1.xml") && message.contains("declares"), "\(message)")
        #expect(message.contains("1.0 MiB") && message.contains("--max-bytes"), "\(message)")
    }

    /// Declared sizes can lie: the bytes are counted while they expand, and the part is refused at the limit.
    @Test func aPartThatLiesAboutItsSizeIsStoppedWhileExpanding() async throws {
        let dir = PlanWatchBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = try await workbook(dir, padding: 8 << 20, lie: true)
        let message = try await failure(url, EntrySheet.Limits(maxBytes: 1 << 20))
        #expect(message.contains("xl/worksheets/sheet1.xml") && message.contains("expands past 1.0 MiB") && message.contains("declares 1000 bytes"), "\(message)")
    }

    /// Through the built binary with the default limit (64 MiB): a 96 MiB part is refused, nothing written.
    @Test func importRefusesTheBombWithTheDefaultLimit() async throws {
        let dir = PlanWatchBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = try await workbook(dir, padding: 96 << 20)
        try Self.config(in: dir)
        let out = try await PlanWatchBinary.run(["import", url.path, "--into", "obs.csv", "--config", "planwatch.yaml"], in: dir)
        #expect(out.status == 1, "\(out.combined)")
        #expect(out.stderr.contains("entry.xlsx: workbook part xl/worksheets/sheet1.xml declares") && out.stderr.contains("64 MiB"), "\(out.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("obs.csv").path))
    }

    /// --max-bytes sets the limit: a 4 MiB part is refused under 2 MiB, and read under the default.
    @Test func maxBytesSetsTheLimit() async throws {
        let dir = PlanWatchBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = try await workbook(dir, padding: 4 << 20)
        try Self.config(in: dir)
        let lowered = try await PlanWatchBinary.run(["import", url.path, "--into", "obs.csv", "--config", "planwatch.yaml", "--max-bytes", String(2 << 20)], in: dir)
        #expect(lowered.status == 1 && lowered.stderr.contains("over the import limit of 2.0 MiB for one part"), "\(lowered.combined)")
        let standard = try await PlanWatchBinary.run(["import", url.path, "--into", "obs.csv", "--config", "planwatch.yaml", "--dry-run"], in: dir)
        #expect(standard.status == 0 && standard.stdout.contains("would add 1"), "\(standard.combined)")
    }

    @Test func rowsAndCellsPastTheLimitsAreRefused() async throws {
        let dir = PlanWatchBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // A cell far down: the grid up to it would be a million rows.
        var url = try await workbook(dir, rows: Self.filledRows + "<row r=\"900000\">" + Self.cell("A900000", "x") + "</row>")
        var message = try await failure(url, EntrySheet.Limits(maxRows: 1000))
        #expect(message.contains("xl/worksheets/sheet1.xml") && message.contains("row 900000") && message.contains("1000 rows"), "\(message)")
        // One cell in column XFD of each of 2000 rows spans 32 million cells.
        let wide = (3...2002).map { "<row r=\"\($0)\">" + Self.cell("XFD\($0)", "x") + "</row>" }.joined()
        url = try await workbook(dir, rows: Self.filledRows + wide)
        message = try await failure(url, EntrySheet.Limits(maxCells: 100_000))
        #expect(message.contains("spans") && message.contains("column XFD") && message.contains("100000 cells"), "\(message)")
        // Many cells: counted as they come.
        url = try await workbook(dir, rows: Self.filledRows + "<row r=\"3\">" + (0..<26).map { Self.cell("\(Self.letter($0))3", "x") }.joined() + "</row>")
        message = try await failure(url, EntrySheet.Limits(maxCells: 30))
        #expect(message.contains("more than 30 cells"), "\(message)")
        // A reference no spreadsheet has once overflowed the column arithmetic.
        url = try await workbook(dir, rows: Self.filledRows + "<row r=\"3\">" + Self.cell("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA3", "x") + "</row>")
        message = try await failure(url)
        #expect(message.contains("'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA3' is not within a spreadsheet"), "\(message)")
    }

    /// A part that is not well-formed XML was read up to the error, the rows after it lost silently.
    @Test func malformedSheetXMLIsRefusedWithItsPlace() async throws {
        let dir = PlanWatchBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = try await workbook(dir, rows: Self.filledRows + "<row r=\"3\">" + Self.cell("A3", "K09") + "<c r=\"B3\"><v>1</c></row>")
        let message = try await failure(url)
        #expect(message.contains("entry.xlsx: workbook part xl/worksheets/sheet1.xml is not well-formed XML (line"), "\(message)")
    }

    /// An entry CSV: the template's header and a row, then zeros (the red team's hs.csv, 1 GiB
    /// sparse): refused at the first NUL, and a file over the limit before it is read.
    @Test func aCSVWithZerosOrOverTheLimitIsRefused() async throws {
        let dir = PlanWatchBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("hs.csv")
        let text = EntryTemplate.headers.joined(separator: ",") + "\nK09,430600,2021,,,%,,1.5,final,统计公报,,,王五\n"
        try Data(text.utf8).write(to: url)
        let handle = try FileHandle(forWritingTo: url)
        try handle.seek(toOffset: (64 << 20) - 1)
        try handle.write(contentsOf: Data([0]))
        try handle.close()
        let message = try await failure(url)
        #expect(message.contains("hs.csv: binary content (a NUL byte at line 3, byte \(text.utf8.count))"), "\(message)")
        let over = try await failure(url, EntrySheet.Limits(maxBytes: 1 << 20))
        #expect(over.contains("hs.csv is \(64 << 20) bytes (64 MiB), over the import limit of 1.0 MiB"), "\(over)")
        // Through a link: the size is the file's, not the link's.
        let link = dir.appendingPathComponent("link.csv")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: url)
        let linked = try await failure(link, EntrySheet.Limits(maxBytes: 1 << 20))
        #expect(linked.contains("link.csv is \(64 << 20) bytes"), "\(linked)")
    }

    /// Formulas and Excel's _xHHHH_ escapes are read as the workbook holds them.
    @Test func formulasAndEscapedCharactersAreRead() async throws {
        let dir = PlanWatchBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let rows = Self.filledRows.replacingOccurrences(of: Self.cell("H2", "1.5"), with: "<c r=\"H2\"><f>1+1</f><v>2</v></c>")
            .replacingOccurrences(of: Self.cell("J2", "统计公报"), with: Self.cell("J2", "T_x001B_[2J_x005F_x0041_"))
        let sheet = try EntrySheet.read(try await workbook(dir, rows: rows))
        #expect(sheet.rows[1][7] == "2" && sheet.formulas[EntrySheet.Position(row: 1, column: 7)] == "1+1", "\(sheet.rows)")
        #expect(sheet.rows[1][9] == "T\u{1B}[2J_x0041_", "\(sheet.rows[1][9].debugDescription)")
    }
}
