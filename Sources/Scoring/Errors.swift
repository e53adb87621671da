/// A submission the submitter must fix (exit code 2). Every case names what is wrong and where.
///
/// Rows are line numbers in the submission file: the header is line 1, so the first data row is 2.
public enum SubmissionError: Error, Sendable, Equatable {
  case emptyFile
  case fileTooLarge(bytes: Int, cap: Int)
  case binaryFile(kind: String)
  case encoding(String)
  case nulByte(row: Int)
  case wrongDelimiter(Character)
  case malformedCSV(row: Int, detail: String)
  /// A record past the reader's size limits (`CSVLimits`), refused before it is read whole.
  case rowTooLarge(row: Int, detail: String)
  case raggedRow(row: Int, expected: Int, found: Int)
  case missingColumn(String)
  case extraColumn(String)
  case duplicateColumn(String)
  /// `firstRow` is nil when the file cannot be read a second time to find it (standard input).
  case duplicateID(id: String, row: Int, firstRow: Int?)
  case missingIDs(count: Int, example: String)
  case unknownID(id: String, row: Int)
  case missingValue(row: Int, column: String)
  case notANumber(row: Int, column: String, value: String)
  case nonFinite(row: Int, column: String, value: String)
  case overflow(row: Int, column: String, value: String)
  case outOfRange(row: Int, column: String, value: String, requirement: String)
  case invalidValue(row: Int?, column: String?, message: String, hint: String)
  /// A label cell that means none of the answers' labels (`expected`), after matching equal spellings.
  case unknownLabel(row: Int, column: String, value: String, expected: [String])

  /// The stable snake_case code of the JSON report's `error.type`.
  public var type: String {
    switch self {
    case .emptyFile: return "empty_file"
    case .fileTooLarge: return "file_too_large"
    case .binaryFile: return "binary_file"
    case .encoding: return "encoding"
    case .nulByte: return "nul_byte"
    case .wrongDelimiter: return "wrong_delimiter"
    case .malformedCSV: return "malformed_csv"
    case .rowTooLarge: return "row_too_large"
    case .raggedRow: return "ragged_row"
    case .missingColumn: return "missing_column"
    case .extraColumn: return "extra_column"
    case .duplicateColumn: return "duplicate_column"
    case .duplicateID: return "duplicate_id"
    case .missingIDs: return "missing_id"
    case .unknownID: return "unknown_id"
    case .missingValue: return "missing_value"
    case .notANumber: return "not_a_number"
    case .nonFinite: return "non_finite"
    case .overflow: return "overflow"
    case .outOfRange: return "out_of_range"
    case .invalidValue: return "invalid_value"
    case .unknownLabel: return "unknown_label"
    }
  }

  public var message: String {
    switch self {
    case .emptyFile: return "the submission is empty"
    case .fileTooLarge(let bytes, let cap): return "the submission has \(bytes) bytes, more than the cap of \(cap)"
    case .binaryFile(let kind): return "the submission is a \(kind) file, not a CSV text file"
    case .encoding(let detail): return "the submission is not UTF-8 text: \(Excerpt.of(detail))"
    case .nulByte(let row): return "row \(row) contains a NUL byte"
    case .wrongDelimiter(let found): return "the header is separated by '\(found.escapedForMessage)', not by commas"
    case .malformedCSV(let row, let detail): return "row \(row): \(Excerpt.of(detail, limit: 2 * Excerpt.limit))"
    case .rowTooLarge(let row, let detail): return "row \(row): \(detail)"
    case .raggedRow(let row, let expected, let found):
      return "row \(row) has \(found) fields but the header has \(expected)"
    case .missingColumn(let name): return "the submission has no column \(Excerpt.quoted(name))"
    case .extraColumn(let name):
      return "the submission has a column \(Excerpt.quoted(name)) the competition does not expect"
    case .duplicateColumn(let name): return "the column \(Excerpt.quoted(name)) appears twice in the header"
    case .duplicateID(let id, let row, let firstRow):
      let id = Excerpt.quoted(id)
      return firstRow.map { "id \(id) appears twice: rows \($0) and \(row)" } ?? "id \(id) appears again on row \(row)"
    case .missingIDs(let count, let example):
      let are = count == 1 ? " is" : "s are"
      return "\(count) id\(are) missing from the submission, for example \(Excerpt.quoted(example))"
    case .unknownID(let id, let row): return "row \(row): id \(Excerpt.quoted(id)) is not in the test set"
    case .missingValue(let row, let column): return "row \(row), column \(Excerpt.quoted(column)): the value is empty"
    case .notANumber(let row, let column, let value):
      return "row \(row), column \(Excerpt.quoted(column)): \(Excerpt.quoted(value)) is not a number"
    case .nonFinite(let row, let column, let value):
      return "row \(row), column \(Excerpt.quoted(column)): \(Excerpt.quoted(value)) is not a finite number"
    case .overflow(let row, let column, let value):
      return "row \(row), column \(Excerpt.quoted(column)): \(Excerpt.quoted(value)) is too large for a 64-bit float"
    case .outOfRange(let row, let column, let value, let requirement):
      let value = Excerpt.of(value)
      return "row \(row), column \(Excerpt.quoted(column)): \(value) is out of range; the metric needs \(requirement)"
    case .invalidValue(let row, let column, let message, _):
      let place = [row.map { "row \($0)" }, column.map { "column \(Excerpt.quoted($0))" }].compactMap { $0 }
      // Messages are written by the engine and quote values through Excerpt; the cap bounds them anyway.
      let text = Excerpt.of(message, limit: 4 * Excerpt.limit)
      return place.isEmpty ? text : place.joined(separator: ", ") + ": " + text
    case .unknownLabel(let row, let column, let value, let expected):
      return "row \(row), column \(Excerpt.quoted(column)): \(Excerpt.quoted(value)) is not one of the labels"
        + " (\(LabelHint.list(expected, limit: 20)))"
    }
  }

  /// What the submitter should do about it.
  public var hint: String {
    switch self {
    case .emptyFile: return "write a header line and one row per test id"
    case .fileTooLarge: return "a submission holds one row per test id; check that nothing else was written"
    case .binaryFile: return "decompress it first; the submission must be a plain CSV file"
    case .encoding: return "save the file as UTF-8 (without UTF-16 or Latin-1 encoding)"
    case .nulByte: return "the file was probably not written as text; save it as a plain UTF-8 CSV"
    case .wrongDelimiter: return "write the file with commas as separators, e.g. pandas to_csv(sep=',')"
    case .malformedCSV: return "quote fields that contain commas, quotes or newlines, and double inner quotes"
    case .rowTooLarge: return "write one row per id with only the columns of sample_submission.csv"
    case .raggedRow: return "every row needs exactly one value per header column"
    case .missingColumn: return "the header needs the id column and every target column of sample_submission.csv"
    case .extraColumn: return "remove the column; write only the columns of sample_submission.csv (index=False in pandas)"
    case .duplicateColumn: return "write each column once"
    case .duplicateID: return "write exactly one row per test id"
    case .missingIDs: return "write one row for every id of the test set (see sample_submission.csv)"
    case .unknownID: return "use the ids of the test set exactly as written in sample_submission.csv"
    case .missingValue: return "fill every cell; missing predictions are not allowed"
    case .notANumber: return "write plain decimal numbers such as 0.25 or 1e-3"
    case .nonFinite: return "replace NaN and infinite predictions with finite numbers"
    case .overflow: return "write numbers within the range of a double (about 1.8e308)"
    case .outOfRange: return "clip or transform the predictions into the range the metric accepts"
    case .invalidValue(_, _, _, let hint): return Excerpt.of(hint, limit: 4 * Excerpt.limit)
    case .unknownLabel(_, _, let value, let expected): return LabelHint.hint(value: value, expected: expected)
    }
  }

  /// The line number the problem is on, when it has one.
  public var row: Int? {
    switch self {
    case .nulByte(let row), .malformedCSV(let row, _), .raggedRow(let row, _, _), .duplicateID(_, let row, _),
      .unknownID(_, let row), .missingValue(let row, _), .notANumber(let row, _, _), .nonFinite(let row, _, _),
      .overflow(let row, _, _), .outOfRange(let row, _, _, _), .unknownLabel(let row, _, _, _):
      return row
    case .invalidValue(let row, _, _, _): return row
    default: return nil
    }
  }

  /// The column the problem is in, when it has one; a long name is cut as `Excerpt` cuts it.
  public var column: String? { fullColumn.map { Excerpt.of($0) } }

  private var fullColumn: String? {
    switch self {
    case .missingColumn(let name), .extraColumn(let name), .duplicateColumn(let name): return name
    case .missingValue(_, let column), .notANumber(_, let column, _), .nonFinite(_, let column, _),
      .overflow(_, let column, _), .outOfRange(_, let column, _, _), .unknownLabel(_, let column, _, _):
      return column
    case .invalidValue(_, let column, _, _): return column
    default: return nil
    }
  }
}

/// A failure on the harness side (exit code 3): the competition, the answers or the arguments are wrong.
public enum HarnessError: Error, Sendable, Equatable {
  case unknownMetric(String)
  case badParameter(metric: String, parameter: String, reason: String)
  case unreadableFile(path: String, reason: String)
  case invalidAnswers(String)
  case undefinedScore(rows: String, reason: String)
  case badArguments(String)
  case unknownCompetition(String)
  case brokenBundle(String)
  case internalError(String)

  public var type: String {
    switch self {
    case .unknownMetric: return "unknown_metric"
    case .badParameter: return "bad_parameter"
    case .unreadableFile: return "unreadable_file"
    case .invalidAnswers: return "invalid_answers"
    case .undefinedScore: return "undefined_score"
    case .badArguments: return "bad_arguments"
    case .unknownCompetition: return "unknown_competition"
    case .brokenBundle: return "broken_bundle"
    case .internalError: return "internal_error"
    }
  }

  public var message: String {
    switch self {
    case .unknownMetric(let name): return "unknown metric \(Excerpt.quoted(name))"
    case .badParameter(let metric, let parameter, let reason):
      return "metric \(Excerpt.quoted(metric)), parameter \(Excerpt.quoted(parameter)): \(reason)"
    case .unreadableFile(let path, let reason):
      return "cannot read \(Excerpt.of(path, limit: 4 * Excerpt.limit)): \(reason)"
    case .invalidAnswers(let detail): return "the answers are invalid: \(detail)"
    case .undefinedScore(let rows, let reason): return "the metric is undefined on the \(rows) rows: \(reason)"
    case .badArguments(let detail): return detail
    case .unknownCompetition(let id): return "unknown competition \(Excerpt.quoted(id))"
    case .brokenBundle(let detail): return "the bundle is broken: \(detail)"
    case .internalError(let detail): return "internal error: \(detail)"
    }
  }

  /// What to do about it, in words that name no command or flag: a front end that has commands (the CLI)
  /// renders its own hint from the case instead, naming the command that helps.
  public var hint: String {
    switch self {
    case .unknownMetric: return "use one of the native metric names"
    case .badParameter: return "give the metric only the parameters it takes, with values it accepts"
    case .unreadableFile: return "check the path and its permissions"
    case .invalidAnswers, .undefinedScore, .brokenBundle: return "this is the competition's fault; check its bundle"
    case .badArguments: return "check the arguments"
    case .unknownCompetition: return "use the id of a competition in the catalog"
    case .internalError: return "this is a bug in tatami; please report it with the command you ran"
    }
  }
}

extension Character {
  var escapedForMessage: String {
    switch self {
    case "\t": return "\\t"
    default: return String(self)
    }
  }
}
