import Foundation

/// The plain reason of a Foundation file-system error: its underlying POSIX error's text ("No such file
/// or directory"), since the error itself prints as "Error Domain=NSCocoaErrorDomain Code=512 …".
enum FileErrorReason {
    static func of(_ error: any Error) -> String {
        let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey].flatMap { $0 as? any Error }.map { $0 as NSError }
        return underlying.map { String(cString: strerror(Int32($0.code))) } ?? (error as NSError).localizedDescription
    }
}
