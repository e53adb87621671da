/// Text made safe to write to a terminal: the one function every human-readable output of tatami goes through
/// (the CLI's tables, lines and errors, and the board browser's lines). JSON output is escaped by its encoder.
///
/// Agent output, exception text, scorer messages, bundle titles, tags, descriptions, entry names and team
/// names come from people and programs tatami does not trust. Raw, an escape sequence could recolour, move
/// the cursor, retitle the window or rewrite the screen; a carriage return or backspace could overwrite what
/// was printed; a newline in a team name could forge a row of a table. See docs/errors.md.
public enum TerminalText {
  /// What each refused character is drawn as.
  public static let replacement: Unicode.Scalar = "?"

  /// `text` with every control character replaced by `replacement`: C0 controls (ESC, CR, backspace, tab,
  /// newline...), DEL, C1 controls, the Unicode line and paragraph separators, and the bidirectional
  /// overrides and isolates that make a terminal draw text in another order than it was written.
  /// `multiline` keeps newlines, for text that is several lines by design (a description, a table).
  public static func sanitized(_ text: some StringProtocol, multiline: Bool = false) -> String {
    let scalars = text.unicodeScalars
    guard scalars.contains(where: { refused($0, multiline: multiline) }) else { return String(text) }
    var safe = String.UnicodeScalarView()
    for scalar in scalars { safe.append(refused(scalar, multiline: multiline) ? replacement : scalar) }
    return String(safe)
  }

  @inline(__always)
  private static func refused(_ scalar: Unicode.Scalar, multiline: Bool) -> Bool {
    switch scalar.value {
    case 0x0A: return !multiline
    case 0x00..<0x20, 0x7F...0x9F: return true
    case 0x2028, 0x2029, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
    default: return false
    }
  }
}
