import Foundation
import Scoring
import Testing

/// Checks every native metric against `tools/metric_reference.py`, which computes the expected values with
/// scikit-learn, scipy, python-Levenshtein or numpy ports of Kaggle's published metric code.
struct MetricReferenceTests {
  @Test("every reference case matches the reference implementation")
  func referenceCases() throws {
    let cases = try ReferenceCases.load()
    for referenceCase in cases {
      if let problem = referenceCase.check() { Issue.record(Comment(rawValue: problem)) }
    }
  }

  @Test("every registered metric has reference cases")
  func everyMetricIsChecked() throws {
    let checked = Set(try ReferenceCases.load().map(\.metric))
    for metric in Metrics.all where !checked.contains(metric.name) {
      Issue.record("metric '\(metric.name)' has no case in tools/metric_reference.py")
    }
    for name in checked where Metrics.named(name) == nil {
      Issue.record("tools/metric_reference.py checks '\(name)', which is not a registered metric")
    }
  }

  @Test("metric names are unique snake_case")
  func metricNames() {
    let names = Metrics.all.map(\.name)
    #expect(Set(names).count == names.count, "duplicate metric names")
    for name in names {
      let snakeCase = name.first?.isLowercase == true
        && name.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "_" }
        && !name.hasSuffix("_") && !name.contains("__")
      #expect(snakeCase, "'\(name)' is not snake_case")
    }
  }
}

/// One case written by the reference script.
struct ReferenceCase: Decodable {
  let id: String
  let metric: String
  let params: [String: String]
  let kind: String
  let truth: Cells
  let predicted: Cells
  let expected: Double?
  let expectFailure: String?
  /// Answer columns the submission does not have (weights, groups), for the metrics whose parameters name them.
  let answerColumns: AnswerColumns
  /// The submission's target column names, for the metrics whose parameters pick columns by name.
  let targetColumns: [String]

  enum Cells {
    case columns([[Double]])
    case strings([String])
  }

  enum CodingKeys: String, CodingKey {
    case id, metric, params, kind, truth, predicted, expected
    case expectFailure = "expect_failure"
    case answerColumns = "answer_columns"
    case targetColumns = "target_columns"
  }

  /// `answer_columns` as the reference script writes them: numbers, and groups as their labels.
  struct AnswerColumnCells: Decodable {
    let numbers: [String: [Double]]
    let groups: [String: [String]]

    /// Groups interned as the answer key interns them: codes in order of first appearance.
    var columns: AnswerColumns {
      var codes: [String: [Int32]] = [:]
      var names: [String: [String]] = [:]
      for (name, labels) in groups {
        var seen: [String] = []
        codes[name] = labels.map { label in
          if let code = seen.firstIndex(of: label) { return Int32(code) }
          seen.append(label)
          return Int32(seen.count - 1)
        }
        names[name] = seen
      }
      return AnswerColumns(numbers: numbers, groups: codes, groupNames: names)
    }
  }

  init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    id = try container.decode(String.self, forKey: .id)
    metric = try container.decode(String.self, forKey: .metric)
    params = try container.decode([String: String].self, forKey: .params)
    kind = try container.decode(String.self, forKey: .kind)
    expected = try container.decodeIfPresent(Double.self, forKey: .expected)
    expectFailure = try container.decodeIfPresent(String.self, forKey: .expectFailure)
    answerColumns = try container.decodeIfPresent(AnswerColumnCells.self, forKey: .answerColumns)?.columns ?? AnswerColumns()
    targetColumns = try container.decodeIfPresent([String].self, forKey: .targetColumns) ?? []
    if kind == "numbers" {
      truth = .columns(try container.decode([[Double]].self, forKey: .truth))
      predicted = .columns(try container.decode([[Double]].self, forKey: .predicted))
    } else {
      truth = .strings(try container.decode([String].self, forKey: .truth))
      predicted = .strings(try container.decode([String].self, forKey: .predicted))
    }
  }

  /// The data as the engine hands it over: labels are interned, with an unused label first so that
  /// codes differ from positions and metrics must ignore labels absent from the row set.
  var data: MetricData {
    switch (truth, predicted) {
    case (.columns(let truth), .columns(let predicted)):
      return .numbers(truth: truth, predicted: predicted, answerColumns: answerColumns, targetColumns: targetColumns)
    case (.strings(let truth), .strings(let predicted)) where kind == "labels":
      var names = ["(label of other rows)"]
      var codes: [String: Int32] = [:]
      let intern = { (label: String) -> Int32 in
        if let code = codes[label] { return code }
        names.append(label)
        codes[label] = Int32(names.count - 1)
        return Int32(names.count - 1)
      }
      let truthCodes = truth.map(intern)
      let predictedCodes = predicted.map(intern)
      return .labels(truth: truthCodes, predicted: predictedCodes, names: names)
    case (.strings(let truth), .strings(let predicted)):
      return .text(truth: truth, predicted: predicted)
    default:
      return .text(truth: [], predicted: [])
    }
  }

  /// Nil when the metric agrees with the reference, else a message naming the case.
  func check() -> String? {
    guard let metric = Metrics.named(metric) else { return "\(id): no metric '\(self.metric)'" }
    let parameters: MetricParameters
    do {
      parameters = try metric.resolve(params)
    } catch {
      return "\(id): parameters \(params) rejected: \(error.message)"
    }
    do {
      let value = try metric(data, parameters)
      // A true score beyond a double comes out infinite, which the engine reports as an invalid submission.
      if expectFailure == "beyond_double" {
        return value.isInfinite ? nil : "\(id): expected a score beyond a double, got \(value)"
      }
      guard let expected else { return "\(id): expected \(expectFailure ?? "a failure"), got the score \(value)" }
      let tolerance = max(1e-12, 1e-9 * abs(expected))
      return abs(value - expected) <= tolerance ? nil : "\(id): expected \(expected), got \(value)"
    } catch {
      let kind: String
      switch error {
      case .invalidPrediction: kind = "invalid_prediction"
      case .undefinedOnAnswers: kind = "undefined_on_answers"
      case .wrongInput: kind = "wrong_input"
      }
      guard kind == expectFailure else {
        return "\(id): expected \(expected.map { "\($0)" } ?? expectFailure ?? "?"), got the failure \(error)"
      }
      return nil
    }
  }
}

/// Runs the reference script once per test process and decodes its cases.
enum ReferenceCases {
  private static let loaded: Result<[ReferenceCase], ReferencePython.SetupError> = Result {
    () throws(ReferencePython.SetupError) in
    try ReferencePython.run("tools/metric_reference.py", output: "cases.json", as: [ReferenceCase].self)
  }

  static func load() throws(ReferencePython.SetupError) -> [ReferenceCase] { try loaded.get() }
}
