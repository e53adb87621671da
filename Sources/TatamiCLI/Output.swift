import Basics
import Foundation

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
enum Output {
  /// Prints a value as pretty, key-sorted JSON on standard output.
  static func printJSON(_ value: some Encodable) throws {
    let data = try JSONEncoder.tatami(pretty: true).encode(value)
    print(String(decoding: data, as: UTF8.self))
  }

  /// Writes a line to standard error.
  static func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
  }

  /// Renders rows as a left-aligned text table with a header and a rule under it.
  static func table(header: [String], rows: [[String]]) -> String {
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
