import Basics
import Foundation
import TatamiUI

/// The one JSON shape of a failure, in every command's `--json` output: `{"error": {...}}`.
///
/// `type` is a stable snake_case code; `row` and `column` name the place in a submission, null elsewhere.
struct ErrorJSON: Encodable {
  var type: String
  var message: String
  var hint: String
  @ExplicitNull var row: Int?
  @ExplicitNull var column: String?

  init(type: String, message: String, hint: String, row: Int? = nil, column: String? = nil) {
    self.type = type
    self.message = message
    self.hint = hint
    self.row = row
    self.column = column
  }
}

/// Shared output helpers so every command prints JSON and tables the same way.
///
/// Text for people goes through `TerminalText.sanitized` here, and nowhere else: `write` and `printError`
/// for whole lines, `field` and `table` for values that must stay on one line (a newline in a team name must
/// not forge a row). JSON is printed exactly as the encoder escapes it.
enum Output {
  /// Prints a value as pretty, key-sorted JSON on standard output.
  static func printJSON(_ value: some Encodable) throws {
    let data = try JSONEncoder.tatami(pretty: true).encode(value)
    print(String(decoding: data, as: UTF8.self))
  }

  /// Writes text for people on standard output; newlines in it are kept, every other control character is not.
  static func write(_ text: String, terminator: String = "\n") {
    print(TerminalText.sanitized(text, multiline: true), terminator: terminator)
  }

  /// Writes a line to standard error, as one line unless `multiline` (argument parser messages, usage).
  static func printError(_ line: String, multiline: Bool = false) {
    FileHandle.standardError.write(Data((TerminalText.sanitized(line, multiline: multiline) + "\n").utf8))
  }

  /// A value shown inside a line of text (a title, a tag, an id): sanitised and kept on one line.
  static func field(_ text: some StringProtocol) -> String { TerminalText.sanitized(text) }

  /// Renders rows as a left-aligned text table with a header and a rule under it.
  static func table(header: [String], rows: [[String]]) -> String {
    let rows = rows.map { $0.map(field) }
    var widths = header.map(\.count)
    for row in rows {
      for (column, cell) in row.enumerated() where column < widths.count {
        widths[column] = max(widths[column], cell.count)
      }
    }
    func line(_ cells: [String]) -> String {
      cells.enumerated().map { column, cell in
        column == cells.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
      }.joined(separator: "  ")
    }
    let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
    return ([line(header), rule] + rows.map(line)).joined(separator: "\n")
  }
}
