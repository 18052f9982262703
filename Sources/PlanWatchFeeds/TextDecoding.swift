import Foundation

/// Turns feed bytes into text the way statistics offices' files need it: a UTF-8 BOM is dropped;
/// strict UTF-8 is tried first; anything else is read as GB18030 (a superset of GBK, which NBS exports use).
public enum TextDecoding {
    public enum Encoding: String, Sendable { case utf8 = "UTF-8", gb18030 = "GB18030" }

    public static func decode(_ data: Data) -> (text: String, encoding: Encoding)? {
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if let text = String(validating: bytes, as: UTF8.self) { return (text, .utf8) }
        if let text = GB18030.decode(bytes) { return (text, .gb18030) }
        return nil
    }
}
