import Testing

@testable import TatamiUI

/// Key decoding, line fitting and frame diffing: the byte-level parts of the terminal UI.
struct TerminalTests {
  static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

  @Test(
    "escape sequences decode to keys",
    arguments: [
      ("\u{1B}[A", Key.up), ("\u{1B}[B", .down), ("\u{1B}[C", .right), ("\u{1B}[D", .left),
      ("\u{1B}OA", .up), ("\u{1B}[5~", .pageUp), ("\u{1B}[6~", .pageDown), ("\u{1B}[H", .home),
      ("\u{1B}[F", .end), ("\u{1B}[1~", .home), ("\u{1B}[4~", .end), ("\u{1B}[3~", .delete), ("\u{1B}[Z", .backTab),
    ])
  func escapeSequences(input: String, key: Key) {
    var decoder = KeyDecoder()
    #expect(decoder.decode(Self.bytes(input)) == [key])
    #expect(!decoder.hasPending)
  }

  @Test("plain keys, control keys and UTF-8")
  func plainKeys() {
    var decoder = KeyDecoder()
    #expect(
      decoder.decode(Self.bytes("jk\r\u{7F}\t\u{03}é/")) == [
        .character("j"), .character("k"), .enter, .backspace, .tab, .control("c"), .character("é"), .character("/"),
      ])
  }

  @Test("a lone ESC waits for more input, then becomes Escape on flush")
  func loneEscape() {
    var decoder = KeyDecoder()
    #expect(decoder.decode([0x1B]).isEmpty)
    #expect(decoder.hasPending)
    #expect(decoder.flush() == [.escape])
    #expect(!decoder.hasPending)
  }

  @Test("a sequence split across reads is joined; ESC before a letter is Escape then the letter")
  func splitSequences() {
    var decoder = KeyDecoder()
    #expect(decoder.decode([0x1B, UInt8(ascii: "[")]).isEmpty)
    #expect(decoder.decode([UInt8(ascii: "6")]).isEmpty)
    #expect(decoder.decode([UInt8(ascii: "~"), UInt8(ascii: "q")]) == [.pageDown, .character("q")])
    #expect(decoder.decode([0x1B, UInt8(ascii: "q")]) == [.escape, .character("q")])
    #expect(decoder.decode([0xC3]).isEmpty)
    #expect(decoder.decode([0xA9]) == [.character("é")])
  }

  @Test("lines are cut or padded to the width; control characters never reach the terminal")
  func fittedLines() {
    #expect(Line("abcdef").fitted(to: 4).text == "abcd")
    #expect(Line("ab").fitted(to: 4).text == "ab  ")
    #expect(
      (Line("ab", Style(bold: true)) + Line("cd")).fitted(to: 3).spans == [Span("ab", Style(bold: true)), Span("c")])
    #expect(Line("evil\u{1B}[2Jname\u{9B}").fitted(to: 14).text == "evil?[2Jname? ")
  }

  @Test("the first frame clears and draws every line")
  func firstFrame() {
    let frame = Frame([Line("hello")], size: TerminalSize(rows: 2, columns: 6))
    let output = String(decoding: Frame.diff(from: nil, to: frame), as: UTF8.self)
    #expect(output.hasPrefix("\u{1B}[0m\u{1B}[H\u{1B}[2J"))
    #expect(output.contains("\u{1B}[1;1H\u{1B}[0mhello \u{1B}[0m"))
    #expect(output.contains("\u{1B}[2;1H"))
  }

  @Test("an unchanged frame sends nothing; a changed line sends only that line")
  func diffing() {
    let size = TerminalSize(rows: 3, columns: 5)
    let old = Frame([Line("a"), Line("b"), Line("c")], size: size)
    #expect(Frame.diff(from: old, to: old).isEmpty)
    let new = Frame([Line("a"), Line("B", Style(bold: true)), Line("c")], size: size)
    #expect(String(decoding: Frame.diff(from: old, to: new), as: UTF8.self) == "\u{1B}[2;1H\u{1B}[0;1mB    \u{1B}[0m")
  }

  @Test("a new size redraws everything")
  func resize() {
    let old = Frame([Line("a")], size: TerminalSize(rows: 1, columns: 5))
    let new = Frame([Line("a")], size: TerminalSize(rows: 2, columns: 5))
    let output = String(decoding: Frame.diff(from: old, to: new), as: UTF8.self)
    #expect(output.contains("\u{1B}[2J") && output.contains("\u{1B}[1;1H") && output.contains("\u{1B}[2;1H"))
  }
}

/// The one sanitiser of text for people (issue 9, findings A6, C3, D1).
struct TerminalTextTests {
  static let hostile = "a\u{1B}]0;owned\u{07}b\rc\u{08}d\u{9B}2Je\u{7F}f\u{202E}g\u{2066}h\u{2028}i\tj\0k"

  @Test("every control, C1, separator and bidirectional character is replaced; newlines only when multiline")
  func sanitized() {
    #expect(TerminalText.sanitized(Self.hostile) == "a?]0;owned?b?c?d?2Je?f?g?h?i?j?k")
    #expect(TerminalText.sanitized("one\ntwo") == "one?two")
    #expect(TerminalText.sanitized("one\ntwo", multiline: true) == "one\ntwo")
    #expect(TerminalText.sanitized("Équipe 東京 😀") == "Équipe 東京 😀")
  }

  @Test("a frame's bytes carry only the escape sequences the UI itself writes")
  func frameBytes() {
    let lines = [Line("team " + Self.hostile, Style(bold: true)), Line("x\ny")]
    let frame = Frame(lines, size: TerminalSize(rows: 3, columns: 60))
    let bytes = Frame.diff(from: nil, to: frame)
    // The UI writes ESC only as "ESC [" followed by digits and ';' then one of H, J or m.
    var index = 0
    while let escape = bytes[index...].firstIndex(of: 0x1B) {
      var end = escape + 1
      #expect(end < bytes.count && bytes[end] == UInt8(ascii: "["))
      end += 1
      let parameter = Set(Array("0123456789;".utf8))
      while end < bytes.count, parameter.contains(bytes[end]) { end += 1 }
      #expect(end < bytes.count && [UInt8(ascii: "H"), UInt8(ascii: "J"), UInt8(ascii: "m")].contains(bytes[end]))
      index = end
    }
    for refused: UInt8 in [0x07, 0x08, 0x0A, 0x0D, 0x7F, 0x00] { #expect(!bytes.contains(refused), "byte \(refused)") }
    #expect(!String(decoding: bytes, as: UTF8.self).unicodeScalars.contains { (0x80...0x9F).contains($0.value) })
  }
}
