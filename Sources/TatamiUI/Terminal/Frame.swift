/// A terminal's size in character cells.
public struct TerminalSize: Equatable, Sendable {
  public var rows: Int
  public var columns: Int

  public init(rows: Int, columns: Int) {
    self.rows = rows
    self.columns = columns
  }
}

/// What the screen shows: exactly `size.rows` lines of exactly `size.columns` characters.
public struct Frame: Equatable, Sendable {
  public let size: TerminalSize
  public let lines: [Line]

  /// Fits `lines` to the size: cut or padded with blank lines, each cut or padded to the width.
  public init(_ lines: [Line], size: TerminalSize) {
    self.size = size
    let rows = lines.prefix(size.rows) + Array(repeating: Line(), count: max(0, size.rows - lines.count))
    self.lines = rows.map { $0.fitted(to: size.columns) }
  }

  /// The bytes that turn a screen showing `old` into `new`, for one `write(2)`.
  ///
  /// Only changed lines are sent, each as "move to row, draw the whole line, reset style"; every line is
  /// full width, so nothing stale survives. A first frame or a new size clears and redraws everything.
  public static func diff(from old: Frame?, to new: Frame) -> [UInt8] {
    var output = ""
    let redrawAll = old?.size != new.size
    if redrawAll { output += "\u{1B}[0m\u{1B}[H\u{1B}[2J" }
    for (row, line) in new.lines.enumerated() where redrawAll || old?.lines[row] != line {
      output += "\u{1B}[\(row + 1);1H"
      for span in line.spans { output += span.style.escapeSequence + span.text }
      output += "\u{1B}[0m"
    }
    return Array(output.utf8)
  }
}
