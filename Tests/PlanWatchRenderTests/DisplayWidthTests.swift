import Testing
@testable import PlanWatchRender

@Suite struct DisplayWidthTests {
    @Test(arguments: [
        ("abc", 3), ("中文", 4), ("数据不足 / no data", 18), ("Ａ", 2), ("ｱ", 1), ("e\u{301}", 1),
        ("한국어", 6), ("👍", 2), ("❤\u{FE0F}", 2), ("a\u{200B}b", 2), ("（%）", 5), ("、。", 4), ("", 0),
        ("\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}", 2), ("\u{20BB7}", 2), ("ガ", 2), ("\u{1100}\u{1161}", 2),
    ])
    func widths(text: String, expected: Int) {
        #expect(DisplayWidth.width(of: text) == expected, "\(text.debugDescription)")
    }

    @Test func padding() {
        #expect(DisplayWidth.pad("中文", to: 6) == "中文  ")
        #expect(DisplayWidth.pad("中文", to: 6, alignment: .trailing) == "  中文")
        #expect(DisplayWidth.pad("中", to: 5, alignment: .center) == " 中  ")
        #expect(DisplayWidth.pad("中文字", to: 2) == "中文字")
    }

    @Test func truncation() {
        #expect(DisplayWidth.truncate("中文字符", to: 8) == "中文字符")
        #expect(DisplayWidth.truncate("中文字符", to: 7) == "中文字…")
        #expect(DisplayWidth.truncate("中文字符", to: 6) == "中文…")  // never splits a wide character
        #expect(DisplayWidth.width(of: DisplayWidth.truncate("中文字符", to: 6)) <= 6)
        #expect(DisplayWidth.truncate("abcdef", to: 4) == "abc…")
        #expect(DisplayWidth.fit("中文字符", to: 6) == "中文… ")
        #expect(DisplayWidth.truncate("x", to: 0) == "")
    }

    @Test func wrapping() {
        #expect(DisplayWidth.wrap("森林覆盖率达到目标", to: 8) == ["森林覆盖", "率达到目", "标"])
        #expect(DisplayWidth.wrap("hello big world", to: 9) == ["hello big", "world"])
        #expect(DisplayWidth.wrap("提前实现 / target achieved", to: 12) == ["提前实现 /", "target", "achieved"])
        #expect(DisplayWidth.wrap("abcdefghij", to: 4) == ["abcd", "efgh", "ij"])
        #expect(DisplayWidth.wrap("a\nb", to: 4) == ["a", "b"])
        for line in DisplayWidth.wrap("细颗粒物（PM2.5）平均浓度（微克/立方米）", to: 7) {
            #expect(DisplayWidth.width(of: line) <= 7)
        }
    }
}
