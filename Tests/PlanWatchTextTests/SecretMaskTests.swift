import Foundation
import Testing
@testable import PlanWatchText

@Suite struct SecretMaskTests {
    @Test func everyFormOfASecretIsMasked() {
        let mask = SecretMask()
        mask.register(["ab/c+d&\"e", ""])
        let forms = [
            "ab/c+d&\"e",                     // as is
            "ab%2Fc%2Bd%26%22e",              // percent-encoded (query values)
            "ab\\/c+d&\\\"e",                 // JSON with escaped slashes
            "ab/c+d&amp;&quot;e",             // HTML
            "ab/c+d&\"\"e",                   // CSV, quotes doubled
            Data("ab/c+d&\"e".utf8).base64EncodedString(),  // HTTP Basic
        ]
        for form in forms {
            #expect(mask.mask("before \(form) after") == "before *** after", "\(form)")
            #expect(mask.mask(Data("x\(form)y\(form)".utf8)) == Data("x***y***".utf8), "\(form)")
        }
        #expect(mask.mask("nothing here") == "nothing here")
        #expect(mask.occurs(in: Data("..ab/c+d&\"e..".utf8)) && !mask.occurs(in: Data("ab/c".utf8)))
    }

    @Test func aSecretInsideALongerOneIsMaskedWhole() {
        let mask = SecretMask()
        mask.register(["token", "token-and-more"])
        #expect(mask.mask("x token-and-more y token z") == "x *** y *** z")
    }

    @Test func controlCharactersBecomePictures() {
        #expect(ControlCharacters.neutralise("a\u{1B}[2Jb\u{07}\r\n\tc\u{7F}\u{9B}") == "a␛[2Jb␇␍\n\tc␡\u{FFFD}")
        #expect(ControlCharacters.neutralise("line\nnext\tx", keepNewlines: false) == "line␊next␉x")
        #expect(ControlCharacters.neutralise("岳阳 ordinary text") == "岳阳 ordinary text")
    }
}
