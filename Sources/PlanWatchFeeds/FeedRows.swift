import Foundation

/// The cells of a CSV feed held compactly: the category positions of all cells in one flat array, the
/// rest of each cell in a 32-byte record. A million `FeedCell`s cost about 170 bytes each (a heap
/// array of coordinates, four optional strings, a position text); filling these allocates nothing
/// per row. Texts (markers, status codes, units) are kept once in `strings`
/// and referred to by index; the decoders find the index from the cell's bytes (`ByteKeyed`), so a
/// status written a million times is decoded and hashed as a `String` once.
public struct FeedRows: Sendable {
    let dimensionCount: Int
    /// `dimensionCount` category positions per cell (of the cells after `earlier`'s).
    private(set) var coordinates: [Int32] = []
    /// Everything else about each cell, in one array: one append per cell, not one per field.
    private(set) var cells: [Cell] = []
    private(set) var strings: [String] = []
    private var stringIndex: [String: Int32] = [:]
    /// Cells before those of `cells`, in order: a file read in two halves keeps each half's arrays
    /// (copying the second half after the first cost a tenth of the time of a million-row file).
    private var earlier: [Segment] = []
    private var earlierCount = 0
    /// Missing cells, and cells per status (by index in `strings`), counted as the cells are added:
    /// the summary's passes over a million cells came after the reading, on one core.
    private(set) var missingCount = 0
    private var statusTally: [Int] = []

    struct Segment {
        var coordinates: [Int32]
        var cells: [Cell]
    }

    init(dimensions: Int) { dimensionCount = dimensions }

    /// Empty rows of `dimensions` positions per cell, with the texts of `earlier` (kept before the
    /// number of dimensions was known).
    init(dimensions: Int, keeping earlier: FeedRows) {
        dimensionCount = dimensions
        strings = earlier.strings
        stringIndex = earlier.stringIndex
        statusTally = Array(repeating: 0, count: strings.count)
    }

    /// 32 bytes a cell.
    struct Cell {
        /// NaN for a missing cell (a parsed figure is never NaN: `NumberText` reads no `nan`).
        var value: Double
        /// Where the cell is: line, and column (0: the line alone). (A file has fewer than 2^31
        /// lines: `max_bytes` is at most 1 GiB by default, and a line end is a byte.)
        var line: Int32
        /// Indexes into `strings`; -1 for none.
        var text: Int32
        var status: Int32
        var unit: Int32
        var column: Int32
        var multiplier: Int8
    }

    public var count: Int { earlierCount + cells.count }

    /// All cells, segment by segment, in order.
    private var segments: [Segment] { earlier + [Segment(coordinates: coordinates, cells: cells)] }

    /// The rows with storage of their own (`CSVSplitReader.fork`).
    func unshared() -> FeedRows {
        var copy = self
        copy.coordinates = coordinates.unshared()
        copy.cells = cells.unshared()
        copy.strings = strings.unshared()
        var index = [String: Int32](minimumCapacity: stringIndex.count)
        for (text, k) in stringIndex { index[text] = k }
        copy.stringIndex = index
        copy.statusTally = statusTally.unshared()
        copy.earlier = earlier.map { Segment(coordinates: $0.coordinates.unshared(), cells: $0.cells.unshared()) }
        return copy
    }

    /// The index of `text` in `strings` (added when new); -1 for nil. Decoders call it once per
    /// distinct cell text and keep the index.
    mutating func intern(_ text: String?) -> Int32 {
        guard let text else { return -1 }
        if let known = stringIndex[text] { return known }
        let k = Int32(strings.count)
        strings.append(text)
        stringIndex[text] = k
        statusTally.append(0)
        return k
    }

    /// The index of `text` if kept, nil otherwise.
    func index(of text: String) -> Int32? { stringIndex[text] }

    /// Reserves room for the cells of the whole payload, estimated from the first ones: growing a
    /// million-element array by doubling copies it and holds both copies at once.
    mutating func reserve(readBytes: Int, of total: Int) {
        reserveCapacity(count * (total / max(readBytes, 1) + 1) * 21 / 20 + 1024)
    }

    mutating func reserveCapacity(_ n: Int) {
        coordinates.reserveCapacity(n * dimensionCount)
        cells.reserveCapacity(n)
    }

    /// Appends a cell; `coordinates` holds `dimensionCount` positions.
    mutating func append(_ coordinates: UnsafeBufferPointer<Int>, value: Double?, text: Int32 = -1, status: Int32 = -1, unit: Int32 = -1,
                         multiplier: Int = 0, line: Int, column: Int) {
        for c in coordinates { self.coordinates.append(Int32(truncatingIfNeeded: c)) }
        if value == nil { missingCount += 1 }
        if status >= 0 { statusTally[Int(status)] += 1 }
        cells.append(Cell(value: value ?? .nan, line: Int32(truncatingIfNeeded: line), text: text, status: status, unit: unit,
                          column: Int32(truncatingIfNeeded: column), multiplier: Int8(truncatingIfNeeded: multiplier)))
    }

    /// Appends the cells of `later` (read from the records after these, `CSVSplitScan`): its category
    /// positions through `positions` (per dimension: `later`'s position → the one here), its texts
    /// found here or added in the order `later` added them, as if these rows had read them, its line
    /// numbers moved on by `lines`. The arrays of `later` are rewritten in place and kept as they are
    /// (no copy); `later` is left empty.
    mutating func append(_ later: inout FeedRows, positions: [[Int32]], lines: Int = 0) {
        let texts = later.strings.map { intern($0) }
        for (k, n) in later.statusTally.enumerated() { statusTally[Int(texts[k])] += n }
        missingCount += later.missingCount
        let dimensions = dimensionCount
        // Moved out of `later` first, so that each array has one owner and is rewritten in place.
        var pending = later.earlier + [Segment(coordinates: later.coordinates, cells: later.cells)]
        later = FeedRows(dimensions: dimensions)
        while !pending.isEmpty {
            var segment = pending.removeFirst()
            segment.coordinates.withUnsafeMutableBufferPointer { c in
                var k = 0
                while k < c.count {
                    for d in 0..<dimensions where c[k + d] >= 0 { c[k + d] = positions[d][Int(c[k + d])] }
                    k += dimensions
                }
            }
            segment.cells.withUnsafeMutableBufferPointer { cells in
                let lines = Int32(truncatingIfNeeded: lines)
                for i in cells.indices {
                    cells[i].line &+= lines
                    if cells[i].text >= 0 { cells[i].text = texts[Int(cells[i].text)] }
                    if cells[i].status >= 0 { cells[i].status = texts[Int(cells[i].status)] }
                    if cells[i].unit >= 0 { cells[i].unit = texts[Int(cells[i].unit)] }
                }
            }
            if cells.isEmpty && earlier.isEmpty {
                coordinates = segment.coordinates
                cells = segment.cells
            } else {
                earlier.append(Segment(coordinates: coordinates, cells: cells))
                earlierCount += cells.count
                coordinates = segment.coordinates
                cells = segment.cells
            }
        }
    }

    /// The segment holding `cell` and the cell's index in it.
    private func locate(_ cell: Int) -> (segment: Int, index: Int) {
        var i = cell
        for (k, s) in earlier.enumerated() {
            if i < s.cells.count { return (k, i) }
            i -= s.cells.count
        }
        return (earlier.count, i)
    }

    /// The cell's category positions.
    func coordinates(of cell: Int) -> [Int] {
        let (k, i) = locate(cell)
        let c = k < earlier.count ? earlier[k].coordinates : coordinates
        return (0..<dimensionCount).map { Int(c[i * dimensionCount + $0]) }
    }

    func string(_ index: Int32) -> String? { index < 0 ? nil : strings[Int(index)] }

    /// Marks a cell missing with `status` (SDMX-CSV deletions).
    mutating func clear(_ cell: Int, status: Int32) {
        let (k, i) = locate(cell)
        let before = k < earlier.count ? earlier[k].cells[i] : cells[i]
        if !before.value.isNaN { missingCount += 1 }
        if before.status >= 0 { statusTally[Int(before.status)] -= 1 }
        statusTally[Int(status)] += 1
        if k < earlier.count {
            earlier[k].cells[i].value = .nan
            earlier[k].cells[i].status = status
        } else {
            cells[i].value = .nan
            cells[i].status = status
        }
    }

    /// Removes the cells whose status is `status`, keeping the order of the others.
    mutating func remove(status: Int32) {
        if !earlier.isEmpty {
            // One array first (deletions are rare; the halves are kept apart only to spare this copy).
            let all = segments
            coordinates = all.flatMap(\.coordinates)
            cells = all.flatMap(\.cells)
            earlier = []
            earlierCount = 0
        }
        var kept = 0
        for i in 0..<count where cells[i].status != status {
            if kept != i {
                for d in 0..<dimensionCount { coordinates[kept * dimensionCount + d] = coordinates[i * dimensionCount + d] }
                cells[kept] = cells[i]
            }
            kept += 1
        }
        coordinates.removeLast(coordinates.count - kept * dimensionCount)
        cells.removeLast(cells.count - kept)
        missingCount = cells.reduce(0) { $0 + ($1.value.isNaN ? 1 : 0) }
        statusTally = Array(repeating: 0, count: strings.count)
        for c in cells where c.status >= 0 { statusTally[Int(c.status)] += 1 }
    }

    /// Status code → number of cells carrying it.
    var statusCounts: [String: Int] {
        var out: [String: Int] = [:]
        for (k, n) in statusTally.enumerated() where n > 0 { out[strings[k]] = n }
        return out
    }

    /// Visits every cell in order; the cell passed is reused between calls.
    func forEachCell(_ body: (FeedCell) throws -> Void) rethrows {
        var cell = FeedCell(coordinates: Array(repeating: 0, count: dimensionCount), value: nil, place: .line(0, column: 0))
        for s in segments {
            for i in s.cells.indices {
                for d in 0..<dimensionCount { cell.coordinates[d] = Int(s.coordinates[i * dimensionCount + d]) }
                let c = s.cells[i]
                cell.value = c.value.isNaN ? nil : c.value
                cell.text = string(c.text)
                cell.status = string(c.status)
                cell.unit = string(c.unit)
                cell.multiplier = Int(c.multiplier)
                cell.place = .line(Int(c.line), column: Int(c.column))
                try body(cell)
            }
        }
    }
}
