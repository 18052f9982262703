import Foundation

/// A feed that cannot be read, with where and why. Printed like a compiler diagnostic:
/// `<source id> (<url or file>): <where>: <message>`.
public struct FeedError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// The bytes are not the format (bad JSON, wrong columns, HTML error page).
        case malformed
        /// The provider answered with its own error (World Bank message, NBS 501, Eurostat error, RFC 7807).
        case provider
        /// The payload is well formed but the mapping does not fit it.
        case mapping
    }

    public var kind: Kind
    public var sourceID: String
    public var location: String
    /// JSON path (`$.dataSets[0].series["0:1"]`) or `line 12, column 3`.
    public var position: String?
    public var message: String

    public init(_ kind: Kind, sourceID: String, location: String, position: String? = nil, message: String) {
        self.kind = kind
        self.sourceID = sourceID
        self.location = location
        self.position = position
        self.message = message
    }

    public init(_ kind: Kind, payload: Payload, position: String? = nil, message: String) {
        self.init(kind, sourceID: payload.sourceID, location: payload.location, position: position, message: message)
    }

    public var description: String {
        var text = "source '\(sourceID)' (\(location))"
        if let position { text += ": \(position)" }
        let prefix = kind == .provider ? "provider error: " : (kind == .mapping ? "mapping error: " : "")
        return text + ": " + prefix + message
    }
}
