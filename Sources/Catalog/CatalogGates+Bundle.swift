import Basics
import Scoring

extension GateInputs {
  /// Measures a bundle for the catalog gates: its answer rows, the perfect and prior scores and the manifest's
  /// baseline scores; `board` is the competition's reference board (nil when it has none).
  ///
  /// `perfect` scores the answers themselves as a submission (the id and the submission's target columns,
  /// Usage dropped; a single label column becomes one-hot columns when the metric reads class probabilities);
  /// `prior` scores `public/sample_submission.csv`.
  /// - Parameter answers: the answers file's bytes when the caller has read them already (else read again).
  public static func measure(
    _ bundle: CompetitionBundle, scorer: Scorer, answers: [UInt8]? = nil, board: [GateBoardEntry]?
  ) -> GateInputs {
    var problems: [String] = []
    let manifest = bundle.manifest
    var perfect: ScorePair?
    do throws(BundleError) {
      var bytes: [UInt8]
      if let answers { bytes = answers } else { bytes = try bundle.read(manifest.answers) }
      let submission = try PerfectSubmission.bytes(
        answers: bytes, file: manifest.answers,
        idColumn: scorer.key.idColumn, targetColumns: scorer.key.targetColumns,
        positiveOnly: scorer.key.metric.input == .numbers(.positive))
      perfect = pair(scorer.score(.bytes(submission)), what: "the answers as a submission", &problems)
    } catch {
      problems.append("the answers cannot be written as a submission: \(error.message)")
    }
    var prior: ScorePair?
    do {
      let sample = try bundle.read(QualityGates.sampleSubmission)
      prior = pair(scorer.score(.bytes(sample)), what: QualityGates.sampleSubmission, &problems)
    } catch {
      problems.append("\(QualityGates.sampleSubmission): \(error.message)")
    }
    let baseline = manifest.baseline.map { ScorePair(publicScore: $0.publicScore, privateScore: $0.privateScore) }
    return GateInputs(
      direction: ScoreDirection(higherIsBetter: scorer.key.metric.higherIsBetter),
      publicRows: scorer.key.publicRowCount, privateRows: scorer.key.privateRowCount, perfect: perfect, prior: prior,
      baseline: baseline, board: board, problems: problems)
  }

  private static func pair(_ report: ScoreReport, what: String, _ problems: inout [String]) -> ScorePair? {
    if let failure = report.failure {
      problems.append("\(what) does not score: \(failure.message)")
      return nil
    }
    return ScorePair(publicScore: report.publicScore, privateScore: report.privateScore)
  }
}

extension CompetitionBundle {
  /// The catalog gates on this bundle (`CatalogGates`), with the competition's reference board if it has one.
  public func catalogGates(board: [GateBoardEntry]?, thresholds: GateThresholds = .standard) throws(BundleError)
    -> [GateResult]
  {
    let answers = try read(manifest.answers)
    let inputs = GateInputs.measure(self, scorer: try scorer(answers: answers), answers: answers, board: board)
    return CatalogGates.evaluate(inputs, thresholds: thresholds)
  }
}

/// The answers rewritten as a submission: the id column and the submission's target columns, in that order.
enum PerfectSubmission {
  /// A zero count submitted to a metric that takes only positive predictions (Poisson deviance): the smallest
  /// normal double, whose deviance term 2·μ is 4.5e-308, the metric's perfect 0 to every printed digit.
  static let smallestPositive = "2.2250738585072014e-308"

  /// - Parameters:
  ///   - targetColumns: the columns the submission must have; when the answers hold them all they are copied,
  ///     when the answers have a single label column instead, each becomes 1 where the label names it, else 0.
  ///   - positiveOnly: the metric takes only predictions > 0, so an answer of 0 is written as `smallestPositive`.
  static func bytes(
    answers: [UInt8], file: String, idColumn: String, targetColumns: [String], positiveOnly: Bool = false
  ) throws(BundleError) -> [UInt8] {
    var reader: CSVReader
    do { reader = try CSVReader(.bytes(answers)) } catch { throw .invalidAnswers(file: file, detail: "\(error)") }
    let hasHeader: Bool
    do { hasHeader = try reader.nextRecord() } catch { throw .invalidAnswers(file: file, detail: "\(error)") }
    guard hasHeader else { throw .invalidAnswers(file: file, detail: "the file is empty") }
    let header = reader.strings()
    guard let idPosition = header.firstIndex(of: idColumn) else {
      throw .invalidAnswers(file: file, detail: "no id column '\(idColumn)'")
    }
    let others = header.indices.filter { $0 != idPosition && header[$0].lowercased() != "usage" }
    let copied = targetColumns.map { header.firstIndex(of: $0) }
    let oneHotLabel: Int? = copied.contains(nil) && others.count == 1 ? others[0] : nil
    if copied.contains(nil) && oneHotLabel == nil {
      let missing = targetColumns.first { !header.contains($0) } ?? ""
      throw .invalidAnswers(file: file, detail: "no column '\(missing)' to submit")
    }
    var out: [UInt8] = []
    out.reserveCapacity(answers.count + answers.count / 2)
    appendRecord([idColumn] + targetColumns, to: &out)
    while true {
      do {
        guard try reader.nextRecord() else { break }
      } catch {
        throw .invalidAnswers(file: file, detail: "\(error)")
      }
      var fields = [reader.string(idPosition)]
      if let label = oneHotLabel {
        let value = reader.string(label)
        fields += targetColumns.map { $0 == value ? "1" : "0" }
      } else {
        for position in copied {
          let text = position.map { $0 < reader.fieldCount ? reader.string($0) : "" } ?? ""
          fields.append(positiveOnly && Double(text) == 0 ? smallestPositive : text)
        }
      }
      appendRecord(fields, to: &out)
    }
    return out
  }

  /// One CSV record, quoting fields with a comma, a quote or a line break.
  private static func appendRecord(_ fields: [String], to out: inout [UInt8]) {
    for (index, field) in fields.enumerated() {
      if index > 0 { out.append(UInt8(ascii: ",")) }
      let bytes = Array(field.utf8)
      let needsQuotes = bytes.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }
      guard needsQuotes else {
        out += bytes
        continue
      }
      out.append(UInt8(ascii: "\""))
      for byte in bytes {
        if byte == UInt8(ascii: "\"") { out.append(byte) }
        out.append(byte)
      }
      out.append(UInt8(ascii: "\""))
    }
    out.append(10)
  }
}
