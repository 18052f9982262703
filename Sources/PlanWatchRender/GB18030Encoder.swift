import Foundation
import PlanWatchText

/// UTF-8 to GB18030, for `--csv-encoding gb18030`. GB18030 covers all of Unicode, so only a missing
/// converter makes this fail.
enum GB18030Encoder {
    static func encode(_ text: String) -> Data? {
        Iconv.convert(Array(text.utf8), from: "UTF-8", to: "GB18030")
    }
}
