import Dispatch

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
    case .rowTooLarge(let row, let limit): self = .rowTooLarge(row: row, detail: limit.description)
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
  /// Why there is no Public score although the Private one is valid (the metric is undefined on the Public rows).
  public var publicProblem: HarnessError? = nil
}

/// Scores submissions against one answer key with one metric: the single path used by `tatami score`,
/// the agent loop's `submit`, the catalog's quality gates and the reference-leaderboard builder.
public struct Scorer: Sendable {
  public let key: AnswerKey
  public let parameters: MetricParameters
  /// Submissions larger than this many bytes are refused before they fill memory.
  public var sizeCap: Int
  /// Overrides the size from which numeric files are read in two halves in parallel (tests set it to 0).
  var parallelThreshold: Int?

  public init(key: AnswerKey, parameters: MetricParameters, sizeCap: Int = 8 << 30) {
    self.key = key
    self.parameters = parameters
    self.sizeCap = sizeCap
  }

  /// Validates and scores a submission; never throws, every failure is in the report.
  public func score(_ source: ByteSource) -> ScoreReport {
    var reader = SubmissionReader(key: key)
    reader.parallelThreshold = parallelThreshold
    do {
      let (predictions, lineOfRow) = try reader.read(source, sizeCap: sizeCap)
      let evaluator = Evaluator(key: key, parameters: parameters, lineOfRow: lineOfRow)
      guard key.hasUsage else {
        let score = try evaluator.evaluate(try evaluator.gather(predictions, nil), nil)
        return report(publicScore: score, privateScore: score, submitted: reader.submittedRows, failure: nil)
      }
      // Both sets are copied out before any metric runs, so the full predictions are freed before the
      // metric's own working memory is taken: the peak stays near twice the submission's size.
      let (publicData, privateData) = try evaluator.gatherBothSets(predictions)
      let privateScore = try privateData.map { data throws(ScoringFailure) in try evaluator.evaluate(data, .privateOnly) }
      // A metric undefined on the Public rows alone (one class there) must not throw away a valid Private score.
      var publicScore: Double?
      var publicProblem: HarnessError?
      do throws(ScoringFailure) {
        publicScore = try publicData.map { data throws(ScoringFailure) in try evaluator.evaluate(data, .publicOnly) }
      } catch .harness(.undefinedScore(let rows, let reason)) where privateScore != nil {
        publicProblem = .undefinedScore(rows: rows, reason: reason)
      }
      return report(
        publicScore: publicScore, privateScore: privateScore, submitted: reader.submittedRows, failure: nil,
        publicProblem: publicProblem)
    } catch {
      return report(publicScore: nil, privateScore: nil, submitted: reader.submittedRows, failure: error)
    }
  }

  private func report(
    publicScore: Double?, privateScore: Double?, submitted: Int, failure: ScoringFailure?,
    publicProblem: HarnessError? = nil
  ) -> ScoreReport {
    let valid: Bool? = switch failure {
    case nil: true
    case .submission: false
    case .harness: nil
    }
    return ScoreReport(
      metric: key.metric, score: privateScore ?? publicScore, publicScore: publicScore, privateScore: privateScore,
      submissionRows: submitted, publicRows: key.publicRowCount, privateRows: key.privateRowCount, failure: failure,
      validSubmission: valid, publicProblem: publicProblem)
  }
}

/// Gathers the truth and predictions of one row set and runs the metric on it.
private struct Evaluator: Sendable {
  let key: AnswerKey
  let parameters: MetricParameters
  /// Submission line of each answer row, for text metrics; other metrics never name a row.
  let lineOfRow: [Int32]?

  /// Scores the gathered rows of one Usage set (nil = every row).
  func evaluate(_ data: MetricData, _ set: Usage?) throws(ScoringFailure) -> Double {
    let value: Double
    do {
      value = try key.metric(data, parameters)
    } catch {
      throw failure(error, set: set)
    }
    // The metrics compute without overflow wherever the true score fits in a double; an infinite one is
    // beyond it, and no such score can be ranked or written as JSON: the predictions are out of scale.
    if value.isInfinite {
      throw .submission(
        .invalidValue(
          row: nil, column: nil,
          message:
            "the \(key.metric.name) score on the \(set.name) rows is beyond the range of a double (about 1.8e308)",
          hint: "the predictions are hundreds of orders of magnitude away from the answers; predict on their scale"))
    }
    guard !value.isNaN else {
      throw .harness(.internalError("metric '\(key.metric.name)' returned \(value) on the \(set.name) rows"))
    }
    return value
  }

  /// The Public and the Private rows (nil for an empty set); large keys gather both at once on two threads,
  /// since each is one pass over the whole key.
  func gatherBothSets(_ predictions: Predictions) throws(ScoringFailure) -> (MetricData?, MetricData?) {
    let sets: [Usage] = [.publicOnly, .privateOnly]
    let counts = [key.publicRowCount, key.privateRowCount]
    let gathered = UnsafeMutableBufferPointer<Result<MetricData, ScoringFailure>?>.allocate(capacity: 2)
    gathered.initialize(repeating: nil)
    defer {
      _ = gathered.deinitialize()
      gathered.deallocate()
    }
    let slots = GatherSlots(results: gathered)
    let gatherOne = { @Sendable (set: Int) in
      guard counts[set] > 0 else { return }
      slots.results[set] = Result { () throws(ScoringFailure) in try gather(predictions, sets[set]) }
    }
    if key.rowCount >= Self.parallelGatherRows {
      DispatchQueue.concurrentPerform(iterations: 2, execute: gatherOne)
    } else {
      gatherOne(0)
      gatherOne(1)
    }
    return (try gathered[0]?.get(), try gathered[1]?.get())
  }

  /// From this many answer rows the two sets are gathered at once; below, a thread costs more than it saves.
  private static let parallelGatherRows = 1 << 20

  /// The rows of one set, copied in answer order; scanning Usage avoids keeping index arrays per set.
  func gather(_ predictions: Predictions, _ set: Usage?) throws(ScoringFailure) -> MetricData {
    let usage = key.usage
    func pick<T>(_ values: [T]) -> [T] {
      guard let set else { return values }
      let count = set == .publicOnly ? key.publicRowCount : key.privateRowCount
      return [T](unsafeUninitializedCapacity: count) { picked, initialized in
        for row in values.indices where usage[row] == set {
          (picked.baseAddress! + initialized).initialize(to: values[row])
          initialized += 1
        }
      }
    }
    // The answer-only columns (weights, groups) of the same rows; most metrics read none, so there is nothing to pick.
    let columns = key.answerColumns.mapColumns(numbers: pick, groups: pick)
    switch (key.truth, predictions) {
    case (.numbers(let truth), .numbers(let predicted)):
      return .numbers(
        truth: truth.map(pick), predicted: predicted.map(pick), answerColumns: columns,
        targetColumns: key.targetColumns)
    case (.classIndices(let classes), .numbers(let predicted)):
      let picked = pick(classes)
      let oneHot = (0..<predicted.count).map { column in picked.map { $0 == column ? 1.0 : 0.0 } }
      return .numbers(truth: oneHot, predicted: predicted.map(pick), answerColumns: columns)
    case (.labels(let truth), .labels(let predicted, let table)):
      return .labels(truth: pick(truth), predicted: pick(predicted), names: table.names, answerColumns: columns)
    case (.text(let truth), .text(let predicted)):
      return .text(truth: pick(truth), predicted: pick(predicted), answerColumns: columns)
    default:
      throw .harness(.invalidAnswers("the answers and the predictions were read as different kinds"))
    }
  }

  /// The answer row of the `index`-th row of a set.
  private func answerRow(_ index: Int, in set: Usage?) -> Int? {
    guard let set else { return index }
    return key.usage.indices.lazy.filter { key.usage[$0] == set }.dropFirst(index).first
  }

  private func failure(_ error: MetricFailure, set: Usage?) -> ScoringFailure {
    switch error {
    case .invalidPrediction(let row, let message, let hint):
      var line: Int?
      if let row, let answer = answerRow(row, in: set), let lineOfRow { line = Int(lineOfRow[answer]) }
      // A row's value of a one-column metric (a mask, a box list) is that column's cell.
      let column = line != nil && key.targetColumns.count == 1 ? key.targetColumns[0] : nil
      return .submission(.invalidValue(row: line, column: column, message: message, hint: hint))
    case .undefinedOnAnswers(let reason):
      return .harness(.undefinedScore(rows: set.name, reason: reason))
    case .wrongInput(let detail):
      // The answers' shape does not fit the metric (a bundle pairing a metric with the wrong columns).
      return .harness(.invalidAnswers("metric '\(key.metric.name)' cannot read these answers: \(detail)"))
    }
  }
}

extension Usage? {
  /// The set's name in messages.
  var name: String {
    switch self {
    case .publicOnly: return "Public"
    case .privateOnly: return "Private"
    default: return "all"
    }
  }
}

/// Each gathering thread writes its own slot, so sharing the buffer is safe.
private struct GatherSlots: @unchecked Sendable {
  let results: UnsafeMutableBufferPointer<Result<MetricData, ScoringFailure>?>
}
