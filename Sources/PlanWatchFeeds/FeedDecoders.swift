import Foundation

/// The decoders compiled into planwatch, by `format:` value. Add a new format here.
public enum FeedDecoders {
    public static let all: [any FeedDecoder.Type] = [
        ObservationsCSVDecoder.self,
        JSONStatDecoder.self,
        SDMXJSONDecoder.self,
        SDMXCSVDecoder.self,
        PxWebDecoder.self,
        WorldBankDecoder.self,
        EurostatDecoder.self,
        NBSEasyQueryDecoder.self,
        OfficeCSVDecoder.self,
    ]

    public static var formats: [String] { all.map { $0.format } }

    public static func decoder(for format: String) -> (any FeedDecoder)? {
        all.first { $0.format == format }.map { $0.init() }
    }
}
