import Foundation
import PlanWatchText

/// Every byte `planwatch` prints goes through here. Texts can carry what came from outside (a feed's
/// label, a server's error page, a decoder quoting a line of the body): secrets are masked
/// (`SecretMask.shared`) and control characters are shown as pictures, so a feed can neither leak a
/// credential into a terminal or log nor retitle, clear or rewrite the screen.
enum Console {
    /// Standard output, one text (a newline is added).
    static func out(_ text: String) {
        write(clean(text) + "\n", to: .standardOutput)
    }

    /// Standard error, one text (a newline is added).
    static func error(_ text: String) {
        write(clean(text) + "\n", to: .standardError)
    }

    /// Text whose control sequences are the program's own (the colours of the text report, the
    /// progress bar's carriage return): secrets are still masked; the renderers already neutralised
    /// every text from outside. Throws when the reader has gone (`| head`).
    static func raw(_ text: String, to handle: FileHandle = .standardOutput) throws {
        try handle.write(contentsOf: Data(SecretMask.shared.mask(text).utf8))
    }

    /// Masked and neutralised text, without adding a newline (a CSV stream).
    static func stream(_ text: String) {
        write(clean(text), to: .standardOutput)
    }

    static func clean(_ text: String) -> String {
        // User-info by its place as well: a URL quoted from a config it failed to parse (never registered).
        ControlCharacters.neutralise(SecretMask.maskUserInfo(in: SecretMask.shared.mask(text)))
    }

    private static func write(_ text: String, to handle: FileHandle) {
        // A closed pipe is not a reason to fail or to die (SIGPIPE is ignored): drop the text.
        try? handle.write(contentsOf: Data(text.utf8))
    }
}
