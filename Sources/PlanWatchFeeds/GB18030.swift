import Foundation
import PlanWatchText

/// GB18030 (a superset of GBK, which NBS exports use) to String.
public enum GB18030 {
    public static func decode(_ data: some Collection<UInt8>) -> String? {
        Iconv.convert(data, from: "GB18030", to: "UTF-8").map { String(decoding: $0, as: UTF8.self) }
    }
}
