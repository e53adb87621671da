/// Why a competition could not be imported; always the input's or the environment's fault, never half-written.
public enum ImportError: Error, Sendable, Equatable {
  /// The folder is not a competition definition of the layout asked for.
  case notACompetition(path: String, layout: AnchorSource, expected: String)
  /// The prepared data is missing or incomplete.
  case missingData(path: String, detail: String)
  /// A Kaggle folder without its solution file: `name` when one was named, else none of the usual names is there.
  case missingSolution(path: String, name: String?)
  /// The competition's grader has no Tatami metric (see docs/grader-map.csv).
  case unsupported(competition: String, reason: String)
  /// The competition is in neither anchor's table and no `--metric` was given.
  case notInMap(competition: String)
  /// A file of the definition or the data cannot be read as expected.
  case unreadable(path: String, detail: String)
  /// The metric or its parameters were refused.
  case badMetric(String)
  /// The output exists and `--force` was not given.
  case outputExists(String)
  case writeFailed(path: String, reason: String)
  /// The written bundle fails `tatami bundle check`; nothing is left at the output path.
  case checkFailed(competition: String, problems: [String])

  /// A stable snake_case code for JSON output.
  public var type: String {
    switch self {
    case .notACompetition: return "not_a_competition"
    case .missingData, .missingSolution: return "missing_data"
    case .unsupported: return "unsupported_grader"
    case .notInMap: return "not_in_grader_map"
    case .unreadable: return "unreadable_file"
    case .badMetric: return "bad_metric"
    case .outputExists: return "output_exists"
    case .writeFailed: return "write_failed"
    case .checkFailed: return "check_failed"
    }
  }

  public var message: String {
    switch self {
    case .notACompetition(let path, let layout, let expected):
      return "\(path) is not a \(layout.rawValue) competition: \(expected)"
    case .missingData(let path, let detail): return "no prepared data at \(path): \(detail)"
    case .missingSolution(let path, let name):
      return "no prepared data at \(path): no solution file "
        + (name.map { "\($0)" } ?? "(solution.csv, test_solution.csv or answers.csv)")
    case .unsupported(let competition, let reason): return "\(competition) is not supported: \(reason)"
    case .notInMap(let competition): return "\(competition) is not in the grader map"
    case .unreadable(let path, let detail): return "cannot read \(path): \(detail)"
    case .badMetric(let detail): return detail
    case .outputExists(let path): return "\(path) already exists"
    case .writeFailed(let path, let reason): return "cannot write \(path): \(reason)"
    case .checkFailed(let competition, let problems):
      return "the bundle written for \(competition) fails its check: " + problems.joined(separator: "; ")
    }
  }

  /// What to do about it, in words that name no command or flag: the CLI renders its own hint from the case,
  /// naming the import's flags.
  public var hint: String {
    switch self {
    case .notACompetition: return "pass the competition's own folder (docs/importing.md shows each layout)"
    case .missingData:
      return "run the anchor's prepare step first; the data folder holds public/ and private/"
    case .missingSolution: return "name the solution file, or call it solution.csv"
    case .unsupported: return "docs/grader-map.csv lists every grader and why it is or is not supported"
    case .notInMap: return "give the metric yourself, with its parameters"
    case .unreadable: return "check that the file is the anchor's, complete and a CSV"
    case .badMetric: return "give one of the native metrics, with the parameters it takes"
    case .outputExists: return "choose another output, remove it, or allow replacing it"
    case .writeFailed: return "check the output folder's permissions and free space"
    case .checkFailed: return "this is a bug in the importer or unusual data; please report it with the command"
    }
  }
}
