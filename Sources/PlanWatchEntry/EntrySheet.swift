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

    public static func read(_ url: URL) throws(Failure) -> EntrySheet {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw Failure(description: "cannot read \(url.path)")
        }
        if data.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return try readXLSX(url) }
        guard let decoded = TextDecoding.decode(data) else {
            throw Failure(description: "\(url.lastPathComponent) is neither an XLSX workbook nor UTF-8 or GB18030 text")
        }
        do {
            let table = try CSVTable(text: decoded.text, sourceID: "import", location: url.lastPathComponent)
            // The CSV name stands for the sheet, as spreadsheet programs name a CSV's only sheet.
            let name = url.deletingPathExtension().lastPathComponent
            return EntrySheet(sheetName: name, rows: table.records.map(\.fields))
        } catch {
            throw Failure(description: "\(url.lastPathComponent): \(error)")
        }
    }

    static func readXLSX(_ url: URL) throws(Failure) -> EntrySheet {
        let archive: Archive
        do { archive = try Archive(url: url, accessMode: .read) } catch {
            throw Failure(description: "\(url.lastPathComponent) is not a readable XLSX workbook: \(error)")
        }
        func entry(_ path: String) -> Data? {
            guard let e = archive[path] else { return nil }
            var data = Data()
            do { _ = try archive.extract(e, skipCRC32: false) { data.append($0) } } catch { return nil }
            return data
        }
        guard let workbook = entry("xl/workbook.xml"), let rels = entry("xl/_rels/workbook.xml.rels") else {
            throw Failure(description: "\(url.lastPathComponent) has no xl/workbook.xml: not an Excel workbook")
        }
        let sheets = XMLElements.collect(workbook, element: "sheet")
        let targets = Dictionary(XMLElements.collect(rels, element: "Relationship").compactMap { a in
            a["Id"].flatMap { id in a["Target"].map { (id, $0) } }
        }, uniquingKeysWith: { a, _ in a })
        guard let sheet = sheets.first(where: { $0["name"] == EntryTemplate.entrySheet }) ?? sheets.first,
              let name = sheet["name"], let rid = sheet["r:id"], let target = targets[rid] else {
            throw Failure(description: "\(url.lastPathComponent) has no worksheet")
        }
        let path = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
        guard let xml = entry(path) else { throw Failure(description: "\(url.lastPathComponent): missing \(path)") }
        let shared = entry("xl/sharedStrings.xml").map(SharedStrings.parse) ?? []
        return EntrySheet(sheetName: name, rows: SheetCells.parse(xml, shared: shared))
    }
}

/// Runs Foundation's event parser over `data` with `delegate`.
private func parseXML(_ data: Data, _ delegate: any XMLParserDelegate) {
    let parser = XMLParser(data: data)
    parser.delegate = delegate
    parser.parse()
}

/// Attributes of every element with a given name (workbook sheets, relationships).
private final class XMLElements: NSObject, XMLParserDelegate {
    let name: String
    var found: [[String: String]] = []
    init(_ name: String) { self.name = name }

    static func collect(_ data: Data, element: String) -> [[String: String]] {
        let delegate = XMLElements(element)
        parseXML(data, delegate)
        return delegate.found
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if elementName == name { found.append(attributes) }
    }
}

/// xl/sharedStrings.xml: `<si>` items, each the concatenation of its `<t>` runs.
private final class SharedStrings: NSObject, XMLParserDelegate {
    var strings: [String] = []
    var current: String?
    var inText = false

    static func parse(_ data: Data) -> [String] {
        let delegate = SharedStrings()
        parseXML(data, delegate)
        return delegate.strings
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if elementName == "si" { current = "" }
        if elementName == "t" { inText = true }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { if inText { current? += string } }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        if elementName == "t" { inText = false }
        if elementName == "si" { strings.append(current ?? ""); current = nil }
    }
}

/// A worksheet's cells placed by their `r` reference (rows and cells may be sparse).
private final class SheetCells: NSObject, XMLParserDelegate {
    let shared: [String]
    var grid: [Int: [Int: String]] = [:]
    var ref: (row: Int, col: Int)?
    var type = ""
    var text = ""
    var capture = false

    init(shared: [String]) { self.shared = shared }

    static func parse(_ data: Data, shared: [String]) -> [[String]] {
        let delegate = SheetCells(shared: shared)
        parseXML(data, delegate)
        let lastRow = delegate.grid.keys.max() ?? -1
        guard lastRow >= 0 else { return [] }
        return (0...lastRow).map { r in
            let cells = delegate.grid[r] ?? [:]
            let width = (cells.keys.max() ?? -1) + 1
            return (0..<width).map { cells[$0] ?? "" }
        }
    }

    static func position(_ reference: String) -> (row: Int, col: Int)? {
        var col = 0, digits = ""
        for c in reference.unicodeScalars {
            if c.properties.isUppercase { col = col * 26 + Int(c.value) - 64 } else { digits.unicodeScalars.append(c) }
        }
        guard let row = Int(digits), col > 0 else { return nil }
        return (row - 1, col - 1)
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        switch elementName {
        case "c":
            ref = attributes["r"].flatMap(Self.position)
            type = attributes["t"] ?? "n"
            text = ""
        case "v", "t": capture = true
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { if capture { text += string } }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        switch elementName {
        case "v", "t": capture = false
        case "c":
            guard let ref else { return }
            var value = text
            if type == "s", let index = Int(text), index < shared.count { value = shared[index] }
            if type == "b" { value = text == "1" ? "TRUE" : "FALSE" }
            grid[ref.row, default: [:]][ref.col] = value
            self.ref = nil
        default: break
        }
    }
}
