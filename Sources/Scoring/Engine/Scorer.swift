/// Why a submission got no score: the submitter's fault (exit 2) or the harness's (exit 3).
public enum ScoringFailure: Error, Sendable, Equatable {
  case submission(SubmissionError)
  case harness(HarnessError)

  init(_ error: CSVError, _ source: ByteSource) {
    switch error {
    case .input(let input): self = .harness(.unreadableFile(path: source.displayName, reason: input.reason))
    default: self = .submission(SubmissionError(error))
    }
  }

  public var type: String {
    switch self {
    case .submission(let error): return error.type
    case .harness(let error): return error.type
    }
  }

  public var message: String {
    switch self {
    case .submission(let error): return error.message
    case .harness(let error): return error.message
    }
  }

  public var hint: String {
    switch self {
    case .submission(let error): return error.hint
    case .harness(let error): return error.hint
    }
  }
}

extension SubmissionError {
  init(_ error: CSVError) {
    switch error {
    case .input(let input): self = .invalidValue(row: nil, column: nil, message: input.reason, hint: "")
    case .tooLarge(let bytes, let cap): self = .fileTooLarge(bytes: bytes, cap: cap)
    case .binary(let kind): self = .binaryFile(kind: kind)
    case .encoding(let detail): self = .encoding(detail)
    case .nulByte(let row): self = .nulByte(row: row)
    case .malformed(let row, let detail): self = .malformedCSV(row: row, detail: detail)
    }
  }
}

/// The outcome of scoring one submission; what `tatami score --json` prints.
public struct ScoreReport: Sendable {
  public let metric: Metric
  /// The final score: Private rows when the answers have a Usage column, else all rows.
  public let score: Double?
  public let publicScore: Double?
  public let privateScore: Double?
  public let submissionRows: Int
  public let publicRows: Int
  public let privateRows: Int
  public let failure: ScoringFailure?
  /// True once every check passed; nil when a harness failure stopped the checks before the end.
  public let validSubmission: Bool?
}

/// Scores submissions against one answer key with one metric: the single path used by `tatami score`,
/// the agent loop's `submit`, the catalog's quality gates and the reference-leaderboard builder.
public struct Scorer: Sendable {
  public let key: AnswerKey
  public let parameters: MetricParameters
  /// Submissions larger than this many bytes are refused before they fill memory.
  public var sizeCap: Int

  public init(key: AnswerKey, parameters: MetricParameters, sizeCap: Int = 8 << 30) {
    self.key = key
    self.parameters = parameters
    self.sizeCap = sizeCap
  }

  /// Validates and scores a submission; never throws, every failure is in the report.
  public func score(_ source: ByteSource) -> ScoreReport {
    var reader = SubmissionReader(key: key)
    let (publicRows, privateRows) = rowSets()
    do {
      let predictions = try reader.read(source, sizeCap: sizeCap)
      let evaluator = Evaluator(key: key, parameters: parameters, predictions: predictions, lineOfRow: reader.lineOfRow)
      let publicScore = try publicRows.map { rows throws(ScoringFailure) in try evaluator.evaluate(rows, "Public") }
      let privateScore = try privateRows.map { rows throws(ScoringFailure) in try evaluator.evaluate(rows, "Private") }
      let allScore = key.hasUsage ? nil : try evaluator.evaluate(nil, "all")
      return report(
        publicScore: allScore ?? publicScore, privateScore: allScore ?? privateScore, submitted: reader.submittedRows,
        failure: nil)
    } catch {
      return report(publicScore: nil, privateScore: nil, submitted: reader.submittedRows, failure: error)
    }
  }

  /// Answer rows of the Public and Private sets; nil for a set with no rows, both nil without Usage.
  private func rowSets() -> (public: [Int]?, private: [Int]?) {
    guard key.hasUsage else { return (nil, nil) }
    var publicRows: [Int] = []
    var privateRows: [Int] = []
    for (row, usage) in key.usage.enumerated() {
      if usage == .publicOnly { publicRows.append(row) } else if usage == .privateOnly { privateRows.append(row) }
    }
    return (publicRows.isEmpty ? nil : publicRows, privateRows.isEmpty ? nil : privateRows)
  }

  private func report(publicScore: Double?, privateScore: Double?, submitted: Int, failure: ScoringFailure?)
    -> ScoreReport
  {
    let counts = key.hasUsage
      ? (key.usage.count { $0 == .publicOnly }, key.usage.count { $0 == .privateOnly })
      : (key.rowCount, key.rowCount)
    let valid: Bool? = switch failure {
    case nil: true
    case .submission: false
    case .harness: nil
    }
    return ScoreReport(
      metric: key.metric, score: privateScore ?? publicScore, publicScore: publicScore, privateScore: privateScore,
      submissionRows: submitted, publicRows: counts.0, privateRows: counts.1, failure: failure,
      validSubmission: valid)
  }
}

/// Gathers the truth and predictions of one row set and runs the metric on it.
private struct Evaluator {
  let key: AnswerKey
  let parameters: MetricParameters
  let predictions: Predictions
  let lineOfRow: [Int32]

  /// Scores the rows (nil = every row); `setName` names the set in messages.
  func evaluate(_ rows: [Int]?, _ setName: String) throws(ScoringFailure) -> Double {
    let data = try gather(rows)
    let value: Double
    do {
      value = try key.metric(data, parameters)
    } catch {
      throw failure(error, rows: rows, setName: setName)
    }
    guard value.isFinite else {
      throw .harness(.internalError("metric '\(key.metric.name)' returned \(value) on the \(setName) rows"))
    }
    return value
  }

  private func gather(_ rows: [Int]?) throws(ScoringFailure) -> MetricData {
    func pick<T>(_ values: [T]) -> [T] { rows.map { $0.map { values[$0] } } ?? values }
    switch (key.truth, predictions) {
    case (.numbers(let truth), .numbers(let predicted)):
      return .numbers(truth: truth.map(pick), predicted: predicted.map(pick))
    case (.classIndices(let classes), .numbers(let predicted)):
      let picked = pick(classes)
      let oneHot = (0..<predicted.count).map { column in picked.map { $0 == column ? 1.0 : 0.0 } }
      return .numbers(truth: oneHot, predicted: predicted.map(pick))
    case (.labels(let truth), .labels(let predicted, let table)):
      return .labels(truth: pick(truth), predicted: pick(predicted), names: table.names)
    case (.text(let truth), .text(let predicted)):
      return .text(truth: pick(truth), predicted: pick(predicted))
    default:
      throw .harness(.internalError("the answers and the predictions were read as different kinds"))
    }
  }

  private func failure(_ error: MetricFailure, rows: [Int]?, setName: String) -> ScoringFailure {
    switch error {
    case .invalidPrediction(let row, let message, let hint):
      let line = row.map { Int(lineOfRow[rows?[$0] ?? $0]) }
      return .submission(.invalidValue(row: line, column: nil, message: message, hint: hint))
    case .undefinedOnAnswers(let reason):
      return .harness(.undefinedScore(rows: setName, reason: reason))
    case .wrongInput(let detail):
      return .harness(.internalError("metric '\(key.metric.name)': \(detail)"))
    }
  }
}
