import Foundation
import ReportKit

/// Lays out a `ReportDocument` in one output format. Renderers never compute: every figure, status
/// and label they print is in the document; they only arrange, format and escape it.
public protocol Renderer: Sendable {
    /// Format id used by `--format` and the `outputs:` config: `text`, `csv`, `html`, `json`, `md`.
    var formatID: String { get }
    /// File extension without the dot.
    var fileExtension: String { get }
    /// The whole document as one file.
    func render(_ doc: ReportDocument, options: RenderOptions) throws -> Data
    /// Every file this format writes for one document (CSV writes one file per table). The default is
    /// one file named `<doc.id>.<fileExtension>` holding `render(_:options:)`.
    func renderFiles(_ doc: ReportDocument, options: RenderOptions) throws -> [RenderedFile]
}

extension Renderer {
    public func renderFiles(_ doc: ReportDocument, options: RenderOptions) throws -> [RenderedFile] {
        [RenderedFile(name: "\(FileName.safe(doc.id)).\(fileExtension)", data: try render(doc, options: options))]
    }
}

/// One output file: a bare file name (no directory part; made safe from the document's ids) and its bytes.
public struct RenderedFile: Sendable, Hashable {
    public var name: String
    public var data: Data
    public init(name: String, data: Data) {
        self.name = name
        self.data = data
    }
}
