import ArgumentParser
import Catalog
import Foundation
import Scoring

struct ScoreCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "score",
    abstract: "Validate and score a submission CSV.",
    discussion: """
      Score against a catalog competition:   tatami score catsup-brand-choice submission.csv
      Score against an answers file:         tatami score --answers answers.csv --metric multiclass_log_loss submission.csv
      Score and record on the leaderboard:   tatami score catsup-brand-choice submission.csv --submit --team me

      SUBMISSION may be '-' for standard input. Rows and columns may come in any order; ids are matched
      exactly. With a Usage column in the answers, Public and Private rows are scored separately and the
      final score is the Private one.

      Exit codes: 0 scored; 2 invalid submission (the message names the row, column and value);
      3 harness-side failure (unknown competition or metric, unreadable answers, bad arguments).
      With --json the report is printed in every case.
      """)

  @Argument(help: ArgumentHelp("The competition id, then the submission file.", valueName: "ID SUBMISSION"))
  var positionals: [String] = []

  @Option(help: ArgumentHelp("Score against this answers CSV instead of a catalog competition.", valueName: "file"))
  var answers: String?

  @Option(help: ArgumentHelp("The metric to use with --answers (see `tatami metrics`).", valueName: "name"))
  var metric: String?

  @Option(name: .customLong("param"), help: ArgumentHelp("A metric parameter, e.g. --param k=5.", valueName: "key=value"))
  var parameters: [String] = []

  @Option(name: .customLong("id"), help: ArgumentHelp("The id column (default: 'id' if present, else the first).", valueName: "column"))
  var idColumn: String?

  @Flag(help: "Print the report as JSON.")
  var json = false

  @OptionGroup var catalog: CatalogOptions

  @OptionGroup var leaderboard: SubmitOptions

  func run() throws {
    let clock = ContinuousClock()
    let start = clock.now
    let competition = answers == nil ? positionals.first : nil
    let outcome: Result<ScoreReport, HarnessError>
    var scored: ByteSource?
    do {
      let (scorer, submission) = try prepare()
      outcome = .success(scorer.score(submission))
      scored = submission
    } catch {
      outcome = .failure(error)
    }
    let seconds = (clock.now - start) / .seconds(1)
    var recording: Result<SubmitReceipt, RecordError>?
    if leaderboard.submit, let competition, let scored, let report = try? outcome.get(), !report.isHarnessFailure {
      recording = Result { () throws(RecordError) in
        try leaderboard.record(report, competition: competition, source: scored, catalog: catalog)
      }
    }
    let output = ScoreOutput(
      competition: competition, outcome: outcome, seconds: seconds, receipt: try? recording?.get())
    if json { try Output.printJSON(output) } else { output.printText() }
    if case .failure(let error) = recording {
      Output.printError("error: the submission was scored but not recorded: \(error.message)")
      Output.printError("hint: \(error.hint)")
      throw ExitCode(3)
    }
    if output.exitCode != 0 { throw ExitCode(output.exitCode) }
  }

  /// Resolves the arguments into a scorer and a submission source, or a harness error.
  private func prepare() throws(HarnessError) -> (Scorer, ByteSource) {
    try leaderboard.check(competition: answers == nil ? positionals.first : nil)
    if let answers {
      guard positionals.count == 1 else {
        throw .badArguments("with --answers give exactly one SUBMISSION argument, got \(positionals.count)")
      }
      guard let metric else { throw .badArguments("--answers needs --metric NAME") }
      let chosen = try Metrics.require(metric)
      let resolved = try chosen.resolve(try parsedParameters())
      let key = try AnswerKey.read(.file(answers), metric: chosen, parameters: resolved, idColumn: idColumn)
      return (Scorer(key: key, parameters: resolved), source(positionals[0]))
    }
    guard positionals.count == 2 else {
      throw .badArguments("give a competition ID and a SUBMISSION file, or --answers FILE --metric NAME SUBMISSION")
    }
    if metric != nil || !parameters.isEmpty || idColumn != nil {
      throw .badArguments("--metric, --param and --id go with --answers; a competition brings its own")
    }
    let id = positionals[0]
    do {
      let scorer = try catalog.makeCatalog().open(id).scorer()
      return (scorer, leaderboard.source(for: positionals[1]))
    } catch {
      if case .unknownCompetition = error { throw .unknownCompetition(id) }
      throw .brokenBundle(error.message)
    }
  }

  private func parsedParameters() throws(HarnessError) -> [String: String] {
    var values: [String: String] = [:]
    for parameter in parameters {
      let parts = parameter.split(separator: "=", maxSplits: 1).map(String.init)
      guard parts.count == 2, !parts[0].isEmpty else {
        throw .badArguments("--param takes key=value, got '\(parameter)'")
      }
      values[parts[0]] = parts[1]
    }
    return values
  }

  private func source(_ argument: String) -> ByteSource {
    argument == "-" ? .standardInput : .file(argument)
  }
}

/// The score report as printed: JSON with the contract's fields, or a few lines of text.
struct ScoreOutput: Encodable {
  let competition: String?
  let outcome: Result<ScoreReport, HarnessError>
  let seconds: Double
  /// What `--submit` recorded; nil without it.
  var receipt: SubmitReceipt? = nil

  var exitCode: Int32 {
    switch outcome {
    case .failure: return 3
    case .success(let report):
      switch report.failure {
      case nil: return 0
      case .submission: return 2
      case .harness: return 3
      }
    }
  }

  private var report: ScoreReport? { try? outcome.get() }

  private var error: ErrorJSON? {
    switch outcome {
    case .failure(let error): return ErrorJSON(type: error.type, message: error.message, hint: error.cliHint)
    case .success(let report):
      switch report.failure {
      case nil: return nil
      case .submission(let error):
        return ErrorJSON(type: error.type, message: error.message, hint: error.hint, row: error.row, column: error.column)
      case .harness(let error):
        return ErrorJSON(type: error.type, message: error.message, hint: error.cliHint)
      }
    }
  }

  private enum CodingKeys: String, CodingKey {
    case competition, metric, higherIsBetter = "higher_is_better", validSubmission = "valid_submission", score
    case publicScore = "public_score", privateScore = "private_score", rows, error, seconds, submission
    case publicProblem = "public_problem"
  }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(competition, forKey: .competition)
    try container.encode(report?.metric.name, forKey: .metric)
    try container.encode(report?.metric.higherIsBetter, forKey: .higherIsBetter)
    try container.encode(report?.validSubmission, forKey: .validSubmission)
    try container.encode(report?.score, forKey: .score)
    try container.encode(report?.publicScore, forKey: .publicScore)
    try container.encode(report?.privateScore, forKey: .privateScore)
    if let problem = report?.publicProblem {
      try container.encode(["type": problem.type, "message": problem.message], forKey: .publicProblem)
    }
    let rows = report.map { ["submission": $0.submissionRows, "public": $0.publicRows, "private": $0.privateRows] }
    try container.encode(rows, forKey: .rows)
    try container.encode(error, forKey: .error)
    try container.encode((seconds * 1e6).rounded() / 1e6, forKey: .seconds)
    if let receipt { try container.encode(receipt, forKey: .submission) }
  }

  func printText() {
    printReport()
    if let receipt { Output.write(receipt.text) }
  }

  private func printReport() {
    if let error {
      let kind = exitCode == 2 ? "invalid submission" : "error"
      Output.printError("\(kind) [\(error.type)]: \(error.message)")
      Output.printError("hint: \(error.hint)")
      return
    }
    guard let report, let score = report.score else { return }
    let direction = report.metric.higherIsBetter ? "higher is better" : "lower is better"
    Output.write("\(competition.map { "\($0): " } ?? "")\(report.metric.name) (\(direction))")
    if let publicScore = report.publicScore, let privateScore = report.privateScore, publicScore != privateScore
      || report.publicRows != report.privateRows
    {
      Output.write("public score   \(Self.format(publicScore))  (\(report.publicRows) rows)")
      Output.write("private score  \(Self.format(privateScore))  (\(report.privateRows) rows)")
    } else if let problem = report.publicProblem {
      Output.write("public score   -  (\(problem.message))")
      Output.write("private score  \(Self.format(score))  (\(report.privateRows) rows)")
    } else {
      Output.write("score  \(Self.format(score))  (\(report.submissionRows) rows)")
    }
  }

  static func format(_ value: Double) -> String { String(format: "%.6g", value) }
}

extension ScoreReport {
  /// A failure on the harness side says nothing about the submission, so it is not recorded.
  fileprivate var isHarnessFailure: Bool {
    if case .harness = failure { return true }
    return false
  }
}
