import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import PlanWatchFeeds
import ZIPFoundation

/// A filled template read back as a grid of text cells with their spreadsheet references, from an
/// XLSX workbook (ZIPFoundation + Foundation's XMLParser; the entry sheet, else the first) or a CSV
/// file in UTF-8 or GB18030.
public struct EntrySheet: Sendable {
    public var sheetName: String
    /// Set when a workbook has no `Entry` sheet and its first sheet was read instead: a header error
    /// then says so (a renamed sheet, not a wrong template, is the likely cause).
    public var entrySheetMissing = false
    /// Rows in file order; each cell is the text as the spreadsheet holds it (numbers unformatted).
    public var rows: [[String]]

    public init(sheetName: String, rows: [[String]]) {
        self.sheetName = sheetName
        self.rows = rows
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// `Entry!H12`
    public func reference(row: Int, column: Int) -> String {
        "\(sheetName)!\(Self.columnLetters(column))\(row + 1)"
    }

    static func columnLetters(_ index: Int) -> String {
        var n = index + 1, text = ""
        while n > 0 {
            let r = (n - 1) % 26
            text = String(UnicodeScalar(UInt8(65 + r))) + text
            n = (n - 1) / 26
        }
        return text
    }

    /// What a workbook or CSV may hold before it is refused: a filled template is a few hundred KiB,
    /// and an XLSX is a ZIP whose parts can expand a thousandfold (a 2 MB "zip bomb" once expanded to
    /// 2 GiB and crashed the XML parser), so every part's expanded size is capped, not only the file's.
    public struct Limits: Sendable {
        /// The file, and each workbook part once expanded.
        public var maxBytes: Int
        /// Rows of the sheet (the highest row number counts, as a spreadsheet shows it).
        public var maxRows: Int
        /// Cells of the sheet: the cells written, and the grid the rows span.
        public var maxCells: Int

        public init(maxBytes: Int = Self.defaultMaxBytes, maxRows: Int = 1_048_576, maxCells: Int = 8_000_000) {
            self.maxBytes = maxBytes
            self.maxRows = maxRows
            self.maxCells = maxCells
        }

        public static let defaultMaxBytes = 64 << 20
    }

    /// Cells that hold a formula (`<f>`), with the formula's text: their value is the result Excel
    /// saved, which the import names instead of taking it silently.
    public var formulas: [Position: String] = [:]

    public struct Position: Hashable, Sendable {
        public var row: Int
        public var column: Int
        public init(row: Int, column: Int) {
            self.row = row
            self.column = column
        }
    }

    public static func read(_ url: URL, limits: Limits = Limits()) throws(Failure) -> EntrySheet {
        let name = url.lastPathComponent
        // The size first: the file is read whole, so a huge one is refused before it is.
        // Of the file a link points at: the link's own size (a few bytes) let a 1 GiB file through.
        let size = ((try? FileManager.default.attributesOfItem(atPath: url.resolvingSymlinksInPath().path))?[.size] as? NSNumber)?.intValue
        if let size, size > limits.maxBytes {
            throw Failure(description: "\(name) is \(size) bytes (\(mebibytes(size))), over the import limit of \(mebibytes(limits.maxBytes)); a filled template is far smaller: check the file, or pass --max-bytes if it is genuine")
        }
        // Mapped, not read: a file refused for a NUL is not copied into memory first.
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw Failure(description: "\(url.path): no such file; give the path of the filled template")
        }
        guard size != nil, let data = try? Data(contentsOf: url, options: .alwaysMapped) else {
            throw Failure(description: "cannot read \(url.path): check that it is a file you may read")
        }
        if data.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return try readXLSX(url, limits: limits) }
        // Text never holds a NUL: a binary file (or one padded with zeros) is refused here, before
        // it is decoded, with the place of the first NUL.
        if let nul = UTF8Check.binaryContent(in: data) {
            throw Failure(description: "\(name): binary content (a NUL byte at \(nul)); an entry CSV is text: export the sheet again as CSV (UTF-8) or import the .xlsx")
        }
        guard let decoded = TextDecoding.decode(data) else {
            throw Failure(description: "\(name) is neither an XLSX workbook nor UTF-8 or GB18030 text")
        }
        let table: CSVTable
        do {
            table = try CSVTable(text: decoded.text, sourceID: "import", location: name)
        } catch {
            throw Failure(description: "\(name): \(error)")
        }
        if table.records.count > limits.maxRows {
            throw Failure(description: "\(name) has \(table.records.count) rows, over the import limit of \(limits.maxRows) rows; split the file")
        }
        let cells = table.records.reduce(0) { $0 + $1.fields.count }
        if cells > limits.maxCells {
            throw Failure(description: "\(name) has \(cells) cells, over the import limit of \(limits.maxCells) cells; split the file")
        }
        // The CSV name stands for the sheet, as spreadsheet programs name a CSV's only sheet.
        return EntrySheet(sheetName: url.deletingPathExtension().lastPathComponent, rows: table.records.map(\.fields))
    }

    static func mebibytes(_ bytes: some BinaryInteger) -> String {
        let mib = Double(bytes) / 1_048_576
        return mib >= 10 ? "\(Int(mib.rounded())) MiB" : String(format: "%.1f MiB", mib)
    }

    static func readXLSX(_ url: URL, limits: Limits) throws(Failure) -> EntrySheet {
        let name = url.lastPathComponent
        let archive: Archive
        do { archive = try Archive(url: url, accessMode: .read) } catch {
            throw Failure(description: "\(name) is not a readable XLSX workbook: \(error)")
        }
        func tooLarge(_ path: String, _ how: String) -> Failure {
            Failure(description: "\(name): workbook part \(path) \(how), over the import limit of \(mebibytes(limits.maxBytes)) for one part; a filled template is far smaller (this looks like a ZIP bomb): check the file, or pass --max-bytes if it is genuine")
        }
        /// One part, expanded: refused on its declared size, and again while it expands, since the
        /// sizes a ZIP declares can lie.
        func entry(_ path: String) throws(Failure) -> Data? {
            guard let e = archive[path] else { return nil }
            if e.uncompressedSize > UInt64(limits.maxBytes) {
                throw tooLarge(path, "declares \(e.uncompressedSize) bytes (\(mebibytes(e.uncompressedSize))) expanded")
            }
            struct Overflow: Error {}
            var data = Data()
            do {
                _ = try archive.extract(e, skipCRC32: false) { chunk in
                    guard data.count + chunk.count <= limits.maxBytes else { throw Overflow() }
                    data.append(chunk)
                }
            } catch is Overflow {
                throw tooLarge(path, "expands past \(mebibytes(limits.maxBytes)) although it declares \(e.uncompressedSize) bytes")
            } catch {
                throw Failure(description: "\(name): workbook part \(path) cannot be expanded (\(error)); the file is damaged: save it again from Excel")
            }
            return data
        }
        func parsed(_ path: String, _ delegate: some XMLCollector) throws(Failure) {
            guard let data = try entry(path) else { return }
            let parser = XMLParser(data: data)
            parser.delegate = delegate
            let parsed = parser.parse()
            if let refused = delegate.refused { throw Failure(description: "\(name): \(path): \(refused)") }
            // Foundation's parser recovers from errors and may still say it succeeded: a part that
            // is not well-formed XML used to be read around the error, cells lost without a word.
            if !parsed || parser.parserError != nil {
                let place = delegate.malformed ?? parser.place
                throw Failure(description: "\(name): workbook part \(path) is not well-formed XML (\(place), libxml2 error \((parser.parserError as NSError?)?.code ?? 0)); save the workbook again from Excel")
            }
        }
        let workbook = XMLElements("sheet"), rels = XMLElements("Relationship")
        guard archive["xl/workbook.xml"] != nil, archive["xl/_rels/workbook.xml.rels"] != nil else {
            throw Failure(description: "\(name) has no xl/workbook.xml: not an Excel workbook")
        }
        try parsed("xl/workbook.xml", workbook)
        try parsed("xl/_rels/workbook.xml.rels", rels)
        let targets = Dictionary(rels.found.compactMap { a in
            a["Id"].flatMap { id in a["Target"].map { (id, $0) } }
        }, uniquingKeysWith: { a, _ in a })
        guard let sheet = workbook.found.first(where: { $0["name"] == EntryTemplate.entrySheet }) ?? workbook.found.first,
              let sheetName = sheet["name"], let rid = sheet["r:id"], let target = targets[rid] else {
            throw Failure(description: "\(name) has no worksheet")
        }
        let path = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
        guard archive[path] != nil else { throw Failure(description: "\(name): missing \(path)") }
        let shared = SharedStrings()
        try parsed("xl/sharedStrings.xml", shared)
        let cells = SheetCells(shared: shared.strings, limits: limits)
        try parsed(path, cells)
        let rows: [[String]]
        do throws(SheetCells.Refusal) { rows = try cells.rows() } catch {
            throw Failure(description: "\(name): \(path): \(error.message)")
        }
        var result = EntrySheet(sheetName: sheetName, rows: rows)
        result.formulas = cells.formulas
        result.entrySheetMissing = sheetName != EntryTemplate.entrySheet
        return result
    }
}

extension EntrySheet {
    /// Excel writes a character XML cannot hold (ESC, BEL…) as `_xHHHH_` (and a literal `_x` as
    /// `_x005F_x`): decoded, so that a control character is seen, and refused, as in a CSV.
    static func unescapeXString(_ text: String) -> String {
        guard text.contains("_x") else { return text }
        var out = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        var i = 0
        while i < scalars.count {
            if scalars[i] == "_", i + 6 < scalars.count, scalars[i + 1] == "x", scalars[i + 6] == "_",
               let code = UInt32(String(String.UnicodeScalarView(scalars[(i + 2)..<(i + 6)])), radix: 16),
               let scalar = Unicode.Scalar(code) {
                out.append(scalar)
                i += 7
            } else {
                out.append(scalars[i])
                i += 1
            }
        }
        return String(out)
    }
}

/// A delegate that can refuse what it reads (a limit), stopping the parser with a reason.
private protocol XMLCollector: XMLParserDelegate {
    var refused: String? { get }
    /// Where the first XML error was met (`line L, column C`).
    var malformed: String? { get }
}

extension XMLParser {
    var place: String { "line \(lineNumber), column \(columnNumber)" }
}

/// Attributes of every element with a given name (workbook sheets, relationships).
private final class XMLElements: NSObject, XMLCollector {
    var malformed: String?
    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) { malformed = malformed ?? parser.place }
    let name: String
    var found: [[String: String]] = []
    let refused: String? = nil
    init(_ name: String) { self.name = name }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if elementName == name { found.append(attributes) }
    }
}

/// xl/sharedStrings.xml: `<si>` items, each the concatenation of its `<t>` runs.
private final class SharedStrings: NSObject, XMLCollector {
    var malformed: String?
    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) { malformed = malformed ?? parser.place }
    var strings: [String] = []
    var current: String?
    var inText = false
    let refused: String? = nil

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if elementName == "si" { current = "" }
        if elementName == "t" { inText = true }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { if inText { current? += string } }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        if elementName == "t" { inText = false }
        if elementName == "si" { strings.append(EntrySheet.unescapeXString(current ?? "")); current = nil }
    }
}

/// A worksheet's cells placed by their `r` reference (rows and cells may be sparse; a cell without
/// `r` follows the one before it, as the format allows). Rows, cells and positions are counted as
/// they come, so a sheet of millions of cells is refused before it is held.
private final class SheetCells: NSObject, XMLCollector {
    struct Refusal: Error { var message: String }

    /// Excel's own bounds (XFD1048576): a reference beyond them is no spreadsheet's.
    static let maxColumns = 16_384
    let shared: [String]
    let limits: EntrySheet.Limits
    var grid: [Int: [Int: String]] = [:]
    var formulas: [EntrySheet.Position: String] = [:]
    var ref: (row: Int, col: Int)?
    var type = ""
    var text = ""
    var formula: String?
    var capture: String?
    var row = -1, column = -1
    var cells = 0
    var refused: String?
    var malformed: String?
    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) { malformed = malformed ?? parser.place }

    init(shared: [String], limits: EntrySheet.Limits) {
        self.shared = shared
        self.limits = limits
    }

    /// The rows, each as wide as its last cell; refused when that grid exceeds the cell limit
    /// (one cell in column XFD of every row would otherwise make billions of empty cells).
    func rows() throws(Refusal) -> [[String]] {
        let lastRow = grid.keys.max() ?? -1
        guard lastRow >= 0 else { return [] }
        let widths = (0...lastRow).map { r in (grid[r]?.keys.max() ?? -1) + 1 }
        let spanned = widths.reduce(0, +)
        if spanned > limits.maxCells {
            throw Refusal(message: "the sheet spans \(spanned) cells (\(lastRow + 1) rows up to column \(EntrySheet.columnLetters((widths.max() ?? 1) - 1))), over the import limit of \(limits.maxCells) cells; delete the cells outside the template's columns, or split the sheet")
        }
        return (0...lastRow).map { r in
            let cells = grid[r] ?? [:]
            return (0..<widths[r]).map { cells[$0] ?? "" }
        }
    }

    /// `B12` → (11, 1); nil when it is no reference within Excel's bounds.
    static func position(_ reference: String) -> (row: Int, col: Int)? {
        var col = 0, row = 0, letters = 0, digits = 0
        for c in reference.utf8 {
            switch c {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                guard digits == 0, letters < 3 else { return nil }
                col = col * 26 + Int(c) - 64
                letters += 1
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                guard letters > 0, digits < 7 else { return nil }
                row = row * 10 + Int(c) - 48
                digits += 1
            default:
                return nil
            }
        }
        guard digits > 0, row > 0, col > 0, col <= maxColumns else { return nil }
        return (row - 1, col - 1)
    }

    func refuse(_ parser: XMLParser, _ message: String) {
        refused = message
        parser.abortParsing()
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        guard refused == nil else { return }
        switch elementName {
        case "row":
            if let r = attributes["r"] {
                guard let n = Int(r), n > 0 else { return refuse(parser, "row number '\(r)' is not a row of a spreadsheet; save the workbook again from Excel") }
                row = n - 1
            } else {
                row += 1
            }
            column = -1
            if row >= limits.maxRows {
                return refuse(parser, "row \(row + 1) is over the import limit of \(limits.maxRows) rows; delete the rows below the figures, or split the sheet")
            }
        case "c":
            cells += 1
            if cells > limits.maxCells {
                return refuse(parser, "more than \(limits.maxCells) cells, the import limit; delete the cells outside the template's columns, or split the sheet")
            }
            if let r = attributes["r"] {
                guard let p = Self.position(r) else { return refuse(parser, "cell reference '\(r)' is not within a spreadsheet (A1 to XFD1048576); save the workbook again from Excel") }
                ref = p
            } else {
                ref = (max(row, 0), column + 1)
            }
            guard let ref else { return }
            if ref.row >= limits.maxRows {
                return refuse(parser, "cell \(attributes["r"] ?? "") is in row \(ref.row + 1), over the import limit of \(limits.maxRows) rows; delete the rows below the figures, or split the sheet")
            }
            if ref.col >= Self.maxColumns { return refuse(parser, "a cell past column XFD; save the workbook again from Excel") }
            row = ref.row
            column = ref.col
            type = attributes["t"] ?? "n"
            text = ""
            formula = nil
        case "v", "t", "f":
            capture = elementName
            if elementName == "f" { formula = formula ?? "" }
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        switch capture {
        case "v", "t": text += string
        case "f": formula? += string
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        switch elementName {
        case "v", "t", "f": capture = nil
        case "c":
            guard let ref else { return }
            var value = text
            if type == "s", let index = Int(text), index < shared.count { value = shared[index] }
            if type == "b" { value = text == "1" ? "TRUE" : "FALSE" }
            if type == "inlineStr" || type == "str" { value = EntrySheet.unescapeXString(value) }
            grid[ref.row, default: [:]][ref.col] = value
            if let formula { formulas[EntrySheet.Position(row: ref.row, column: ref.col)] = formula }
            self.ref = nil
        default: break
        }
    }
}
