import Scoring

/// The catalog's quality gates that need no Python, run by `tatami bundle check` once the answers read:
/// the sample submission scores, the public test ids are exactly the answers' ids, and the description
/// names every column of every public CSV file. (The builder, tools/catalog, also runs the baseline and
/// a one-column leakage model, which need Python.)
struct QualityGates {
  let bundle: CompetitionBundle
  let scorer: Scorer

  static let sampleSubmission = "public/sample_submission.csv"
  static let testFile = "public/test.csv"

  func problems() -> [BundleError] {
    sampleSubmissionScores() + testIDsMatchAnswers() + descriptionNamesEveryColumn()
  }

  /// A participant's first try, the sample submission, must be a valid submission.
  private func sampleSubmissionScores() -> [BundleError] {
    guard bundle.entry(Self.sampleSubmission) != nil else { return [.missingFile(Self.sampleSubmission)] }
    do {
      let report = scorer.score(.bytes(try bundle.read(Self.sampleSubmission)))
      guard let failure = report.failure else { return [] }
      return [.failedGate(gate: "sample submission scores", detail: "\(Self.sampleSubmission): \(failure.message)")]
    } catch {
      return [error]
    }
  }

  /// Every row of the public test file has an answer and every answer a test row: no more, no less.
  private func testIDsMatchAnswers() -> [BundleError] {
    guard bundle.entry(Self.testFile) != nil else { return [] }  // image and ranking tasks have other layouts
    let idColumn = bundle.manifest.submission.idColumn
    let gate = "test ids are the answers' ids"
    do {
      guard let testIDs = CSVColumn.values(named: idColumn, in: try bundle.read(Self.testFile)) else {
        return [.failedGate(gate: gate, detail: "\(Self.testFile) has no column '\(idColumn)'")]
      }
      let answerIDs = Set(scorer.key.idTexts())
      if let unknown = testIDs.first(where: { !answerIDs.contains($0) }) {
        return [.failedGate(gate: gate, detail: "test id '\(unknown)' has no answer")]
      }
      if testIDs.count != answerIDs.count || Set(testIDs).count != testIDs.count {
        return [
          .failedGate(gate: gate, detail: "\(testIDs.count) test rows for \(answerIDs.count) answers (or repeated ids)")
        ]
      }
      return []
    } catch {
      return [error]
    }
  }

  /// An agent reads the description first; every column it will meet must be explained there.
  private func descriptionNamesEveryColumn() -> [BundleError] {
    do {
      let description = String(decoding: try bundle.read("description.md"), as: UTF8.self)
      let csvFiles = bundle.entries.filter { $0.path.hasPrefix("public/") && $0.path.hasSuffix(".csv") }
      var problems: [BundleError] = []
      for file in csvFiles {
        let columns = CSVColumn.header(of: try bundle.readHead(file.path, maxBytes: 64 << 10))
        let unexplained = columns.filter { !description.contains($0) }
        if !unexplained.isEmpty {
          let names = unexplained.prefix(5).joined(separator: ", ")
          problems.append(
            .failedGate(gate: "description names every column", detail: "description.md never mentions \(names) of \(file.path)"))
        }
      }
      return problems
    } catch {
      return [error]
    }
  }
}

/// Small CSV reads for the gates, through the scoring engine's reader.
enum CSVColumn {
  /// The header's column names.
  static func header(of bytes: [UInt8]) -> [String] {
    guard var reader = try? CSVReader(.bytes(bytes)), (try? reader.nextRecord()) == true else { return [] }
    return reader.strings()
  }

  /// Every value of the named column, or nil when there is no such column or the file does not read.
  static func values(named name: String, in bytes: [UInt8]) -> [String]? {
    guard var reader = try? CSVReader(.bytes(bytes)), (try? reader.nextRecord()) == true,
      let position = reader.strings().firstIndex(of: name)
    else { return nil }
    var values: [String] = []
    while let more = try? reader.nextRecord(), more {
      guard position < reader.fieldCount else { return nil }
      values.append(reader.string(position))
    }
    return values
  }
}
