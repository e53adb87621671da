import Foundation

/// The key reference, drawn as a box over the middle of whatever screen is showing.
enum HelpOverlay {
  static let entries: [(keys: String, action: String)] = [
    ("↑ ↓  j k", "move one line"),
    ("PgUp PgDn  Ctrl-B Ctrl-F  Space", "move one page"),
    ("g G  Home End", "first / last line"),
    ("Enter  →  l", "open the competition's leaderboard"),
    ("/", "search competitions (Enter keeps, Esc clears)"),
    ("p  v", "toggle public / private view"),
    ("s  r", "cycle sort (rank, team, move, date) / reverse"),
    ("n", "jump to the next of your (local) entries"),
    ("Tab  a", "summary per team or agent"),
    ("Esc  ←  h  Backspace", "back to the list"),
    ("?", "this help (any key closes it)"),
    ("q  Ctrl-C", "quit"),
  ]

  static func draw(over lines: [Line], size: TerminalSize) -> [Line] {
    let keyWidth = entries.map(\.keys.count).max() ?? 0
    let body = entries.map { " \($0.keys.padding(toLength: keyWidth, withPad: " ", startingAt: 0))  \($0.action) " }
    let width = min(size.columns - 2, (body.map(\.count).max() ?? 0) + 2)
    guard width > 10, size.rows > 4 else { return lines }
    let title = " keys "
    let box =
      ["┌" + title + String(repeating: "─", count: max(0, width - 2 - title.count)) + "┐"]
      + body.map { "│" + $0.padding(toLength: width - 2, withPad: " ", startingAt: 0).prefix(width - 2) + "│" }
      + ["└" + String(repeating: "─", count: width - 2) + "┘"]
    let top = max(0, (size.rows - box.count) / 2)
    let left = max(0, (size.columns - width) / 2)
    var result = lines
    for (offset, text) in box.enumerated() where top + offset < result.count {
      let under = result[top + offset].fitted(to: size.columns)
      result[top + offset] = splice(Line(text, Style(bold: true)), into: under, at: left, width: width)
    }
    return result
  }

  /// `line` with the columns `left..<left+width` replaced by `overlay`.
  private static func splice(_ overlay: Line, into line: Line, at left: Int, width: Int) -> Line {
    let characters = line.spans.flatMap { span in span.text.map { Span(String($0), span.style) } }
    return Line(Array(characters.prefix(left))) + overlay + Line(Array(characters.dropFirst(left + width)))
  }
}
