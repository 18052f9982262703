import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How to lay a document out. The CLI decides colour and width; renderers only obey.
public struct RenderOptions: Sendable, Hashable {
    /// Text encoding of CSV files.
    public enum CSVEncoding: String, Sendable, Hashable, CaseIterable {
        /// UTF-8 with a byte-order mark, so Excel opens Chinese text correctly (the default).
        case utf8BOM = "utf8-bom"
        /// GB18030, for older Excel setups on Chinese Windows (`--csv-encoding gb18030`).
        case gb18030
    }

    /// Text output width in terminal columns (`--width`, else the terminal's width), 20 to 1000.
    public var width: Int
    /// The widths a text report is laid out for. Wider is clamped: rules and padded cells grow with
    /// the width, and `--width 100000000` wrote a 700 MB report in 122 s.
    public static let widthRange = 20...1000
    /// ANSI colour in text output. Set only for a terminal with `NO_COLOR` unset (see `terminal`).
    public var colour: Bool
    public var csvEncoding: CSVEncoding
    /// JSON: pretty-printed (default) or compact. Keys are sorted either way.
    public var prettyJSON: Bool
    /// The language of the renderers' own words (headings, "generated", "source", missing figures):
    /// a report written in one language (`language: zh` or `en`) must not carry the other.
    public var language: Language = .both

    /// The languages a document is written in.
    public enum Language: String, Sendable, Hashable, CaseIterable {
        /// Chinese with English beside it ("来源 / Source"): every module report.
        case both
        /// Chinese only.
        case zh
        /// English only.
        case en
    }

    public init(width: Int = 100, colour: Bool = false, csvEncoding: CSVEncoding = .utf8BOM, prettyJSON: Bool = true) {
        self.width = min(max(Self.widthRange.lowerBound, width), Self.widthRange.upperBound)
        self.colour = colour
        self.csvEncoding = csvEncoding
        self.prettyJSON = prettyJSON
    }

    /// Options for text written to a file descriptor (stdout by default): colour only when it is a
    /// terminal and `NO_COLOR` is unset or empty (no-color.org); width from `widthOverride`
    /// (`--width`), else the terminal, else `COLUMNS`, else 100.
    public static func terminal(
        fileDescriptor: Int32 = 1, environment: [String: String] = ProcessInfo.processInfo.environment,
        widthOverride: Int? = nil
    ) -> RenderOptions {
        let isTTY = isatty(fileDescriptor) == 1
        let noColour = !(environment["NO_COLOR"] ?? "").isEmpty
        var width = widthOverride
        if width == nil, isTTY {
            var size = winsize()
            if ioctl(fileDescriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { width = Int(size.ws_col) }
        }
        if width == nil, let columns = environment["COLUMNS"].flatMap(Int.init), columns > 0 { width = columns }
        return RenderOptions(width: width ?? 100, colour: isTTY && !noColour)
    }
}
