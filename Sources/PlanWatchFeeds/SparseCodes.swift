import Foundation

/// Cell index → short code: a JSON-stat sparse `status` (`{"65":"p","441":"c",…}`), which for a
/// large Eurostat-style dataset has hundreds of thousands of entries. Held as two flat arrays and a
/// table of the few distinct codes, instead of a `String` key, a value and a hash-table slot per
/// entry: the scanner fills it without making a string per entry, and tallying the codes or reading
/// them in cell order costs one array step per entry.
public struct SparseCodes: Sendable {
    /// Cell indices, in document order (or, once `sortedByIndex()`, ascending and unique).
    public private(set) var indices: [Int32] = []
    /// Per entry, the position of its code in `codes`.
    private(set) var entries: [UInt8] = []
    /// The distinct codes, in order of first appearance (at most 256).
    public private(set) var codes: [String] = []
    /// Whether `indices` is ascending without repeats (entries then read in cell order).
    public private(set) var isSorted = true

    public init() {}

    public var count: Int { indices.count }
    public var isEmpty: Bool { indices.isEmpty }

    /// Adds an entry; `code` is a position in `codes` (from `position(of:)`).
    @inline(__always) mutating func append(index: Int32, code: UInt8) {
        if let last = indices.last, last >= index { isSorted = false }
        indices.append(index)
        entries.append(code)
    }

    /// The position of `code` in `codes`, adding it; nil when 256 codes are known already.
    mutating func position(of code: String) -> UInt8? {
        if let k = codes.firstIndex(of: code) { return UInt8(k) }
        guard codes.count < 256 else { return nil }
        codes.append(code)
        return UInt8(codes.count - 1)
    }

    /// Entry `k` as (cell index, code), in document order.
    public subscript(k: Int) -> (index: Int, code: String) { (Int(indices[k]), codes[Int(entries[k])]) }

    /// The same entries in ascending cell order; where a cell is named twice the later entry wins, as
    /// it would when the entries are stored one after the other into a dictionary.
    public func sortedByIndex() -> SparseCodes {
        if isSorted { return self }
        let order = indices.indices.sorted { indices[$0] != indices[$1] ? indices[$0] < indices[$1] : $0 < $1 }
        var result = SparseCodes()
        result.codes = codes
        result.indices.reserveCapacity(order.count)
        result.entries.reserveCapacity(order.count)
        for k in order {
            if let last = result.indices.last, last == indices[k] {
                result.entries[result.entries.count - 1] = entries[k]
            } else {
                result.indices.append(indices[k])
                result.entries.append(entries[k])
            }
        }
        return result
    }

    /// The code of cell `index` (binary search; needs `isSorted`).
    public func code(at index: Int) -> String? {
        precondition(isSorted, "SparseCodes.code(at:) needs sortedByIndex()")
        var low = 0
        var high = indices.count
        while low < high {
            let mid = (low + high) / 2
            if Int(indices[mid]) < index { low = mid + 1 } else { high = mid }
        }
        return low < indices.count && Int(indices[low]) == index ? codes[Int(entries[low])] : nil
    }

    /// Code → number of entries with a cell index below `limit`.
    public func tally(below limit: Int) -> [String: Int] {
        var counts = [Int](repeating: 0, count: codes.count)
        for k in indices.indices where Int(indices[k]) < limit { counts[Int(entries[k])] += 1 }
        var result: [String: Int] = [:]
        for (k, code) in codes.enumerated() where counts[k] > 0 { result[code, default: 0] += counts[k] }
        return result
    }

    /// Reads the codes of cells visited in ascending order (`FeedTable.forEachCell`): each entry is
    /// stepped over once instead of searched for.
    struct Cursor {
        let codes: SparseCodes
        var next = 0

        @inline(__always) mutating func code(at index: Int) -> String? {
            while next < codes.indices.count, Int(codes.indices[next]) < index { next += 1 }
            guard next < codes.indices.count, Int(codes.indices[next]) == index else { return nil }
            return codes.codes[Int(codes.entries[next])]
        }
    }

    /// As a JSON object in document order, for readers that want the generic form.
    func asObject() -> JSONObject {
        JSONObject(keys: indices.map { String($0) }, values: entries.map { .string(codes[Int($0)]) })
    }
}
