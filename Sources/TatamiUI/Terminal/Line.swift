/// How a piece of text is drawn: SGR attributes and one of the 8 basic colours.
public struct Style: Equatable, Hashable, Sendable {
  public enum Color: UInt8, Sendable {
    case red = 31
    case green = 32
    case yellow = 33
    case blue = 34
    case magenta = 35
    case cyan = 36
    case white = 37
    case gray = 90
  }

  public var bold = false
  public var dim = false
  public var reverse = false
  public var color: Color?

  public init(bold: Bool = false, dim: Bool = false, reverse: Bool = false, color: Color? = nil) {
    self.bold = bold
    self.dim = dim
    self.reverse = reverse
    self.color = color
  }

  public static let plain = Style()

  /// The SGR sequence that resets and then sets this style.
  var escapeSequence: String {
    var codes = ["0"]
    if bold { codes.append("1") }
    if dim { codes.append("2") }
    if reverse { codes.append("7") }
    if let color { codes.append(String(color.rawValue)) }
    return "\u{1B}[" + codes.joined(separator: ";") + "m"
  }

  /// This style with `other`'s attributes added (the colour of `other` wins when it has one).
  public func merged(with other: Style) -> Style {
    Style(
      bold: bold || other.bold, dim: dim || other.dim, reverse: reverse || other.reverse, color: other.color ?? color)
  }
}

/// Text in one style.
public struct Span: Equatable, Sendable {
  public var text: String
  public var style: Style

  public init(_ text: String, _ style: Style = .plain) {
    self.text = text
    self.style = style
  }
}

/// One screen line: styled spans. Views produce these; tests read `text`.
public struct Line: Equatable, Sendable {
  public var spans: [Span]

  public init(_ spans: [Span] = []) { self.spans = spans }
  public init(_ text: String, _ style: Style = .plain) { spans = [Span(text, style)] }

  /// The characters without styles.
  public var text: String { spans.map(\.text).joined() }

  /// Every span restyled with `style` added (for the cursor row, or a highlighted entry).
  public func styled(_ style: Style) -> Line { Line(spans.map { Span($0.text, $0.style.merged(with: style)) }) }

  /// Exactly `width` characters: cut, or padded with spaces in the last span's style.
  ///
  /// Characters count one column each; wide characters (CJK, emoji) in team names can misalign a row.
  public func fitted(to width: Int) -> Line {
    var remaining = width
    var result: [Span] = []
    for span in spans where remaining > 0 {
      let text = TerminalText.sanitized(span.text)
      let piece = text.count > remaining ? String(text.prefix(remaining)) : text
      remaining -= piece.count
      result.append(Span(piece, span.style))
    }
    if remaining > 0 {
      let padding = String(repeating: " ", count: remaining)
      if result.isEmpty { result.append(Span(padding)) } else { result[result.count - 1].text += padding }
    }
    return Line(result)
  }

  public static func + (lhs: Line, rhs: Line) -> Line { Line(lhs.spans + rhs.spans) }
}
