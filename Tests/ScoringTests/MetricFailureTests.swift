import Scoring
import Testing

/// Whose fault an undefined score is, and which parameters `Metric.resolve` rejects.
struct MetricFailureTests {
  private func score(_ name: String, _ data: MetricData, _ parameters: [String: String] = [:]) throws -> Double {
    let metric = try #require(Metrics.named(name))
    return try metric(data, metric.resolve(parameters))
  }

  private func failure(_ name: String, _ data: MetricData, _ parameters: [String: String] = [:]) throws
    -> MetricFailure?
  {
    do {
      _ = try score(name, data, parameters)
      return nil
    } catch let failure as MetricFailure {
      return failure
    }
  }

  private func isUndefinedOnAnswers(_ failure: MetricFailure?) -> Bool {
    if case .undefinedOnAnswers = failure { return true }
    return false
  }

  @Test("one answer class makes the AUC family undefined on the answers")
  func oneClass() throws {
    let data = MetricData.numbers(truth: [[1, 1, 1]], predicted: [[0.2, 0.5, 0.9]])
    for name in ["roc_auc", "gini", "mean_columnwise_roc_auc"] {
      #expect(isUndefinedOnAnswers(try failure(name, data)), "\(name)")
    }
  }

  @Test("constant answers are the answers' fault, constant predictions the submission's")
  func constantColumns() throws {
    let constantTruth = MetricData.numbers(truth: [[2, 2, 2]], predicted: [[1, 2, 3]])
    let constantPrediction = MetricData.numbers(truth: [[1, 2, 3]], predicted: [[5, 5, 5]])
    for name in ["pearson", "spearman", "kendall_tau"] {
      #expect(isUndefinedOnAnswers(try failure(name, constantTruth)), "\(name)")
      guard case .invalidPrediction(let row, _, let hint) = try failure(name, constantPrediction) else {
        Issue.record("\(name): constant predictions should be an invalid prediction")
        continue
      }
      #expect(row == nil && !hint.isEmpty)
    }
    #expect(isUndefinedOnAnswers(try failure("r2", constantTruth)))
  }

  @Test("a zero actual is an error in the answers for MAPE, skipped by RMSPE")
  func zeroActuals() throws {
    let data = MetricData.numbers(truth: [[0, 2]], predicted: [[1, 1]])
    #expect(isUndefinedOnAnswers(try failure("mape", data)))
    #expect(try score("rmspe", data) == 0.5)
  }

  @Test("a malformed run-length mask names its row")
  func malformedMask() throws {
    let data = MetricData.text(truth: ["1 2", "3 4"], predicted: ["1 2", "5 1 2 1"])
    guard case .invalidPrediction(let row, let message, _) = try failure("dice", data) else {
      Issue.record("unsorted runs should be an invalid prediction")
      return
    }
    #expect(row == 1)
    #expect(message.contains("previous run"))
  }

  @Test("more than k guesses is an invalid prediction")
  func tooManyGuesses() throws {
    let data = MetricData.text(truth: ["cat"], predicted: ["dog cat bird"])
    guard case .invalidPrediction(let row, _, _) = try failure("top_k_accuracy", data, ["k": "2"]) else {
      Issue.record("three guesses with k = 2 should be an invalid prediction")
      return
    }
    #expect(row == 0)
    #expect(try score("top_k_accuracy", data, ["k": "3"]) == 1)
  }

  @Test("data of the wrong shape is a harness error, not a score")
  func wrongInput() throws {
    let labels = MetricData.labels(truth: [0], predicted: [0], names: ["a"])
    guard case .wrongInput = try failure("rmse", labels) else {
      Issue.record("rmse on labels should be wrong input")
      return
    }
    guard case .wrongInput = try failure("haversine", .numbers(truth: [[1]], predicted: [[1]])) else {
      Issue.record("haversine on one column should be wrong input")
      return
    }
  }

  @Test(
    "parameters are checked when resolved",
    arguments: [
      ("map_at_k", [:], "it is required"),
      ("map_at_k", ["k": "0"], "is not a positive integer"),
      ("map_at_k", ["k": "3", "alpha": "1"], "known parameters: k"),
      ("rmse", ["k": "3"], "this metric takes no parameters"),
      ("pinball", ["alpha": "1"], "is not in (0, 1)"),
      ("pinball", ["alpha": "nan"], "is not a finite number"),
      ("fbeta", ["beta": "0"], "is not > 0"),
    ] as [(String, [String: String], String)])
  func badParameters(name: String, given: [String: String], reason: String) throws {
    let metric = try #require(Metrics.named(name))
    do {
      _ = try metric.resolve(given)
      Issue.record("\(name) accepted \(given)")
    } catch {
      guard case .badParameter(let metricName, _, let actualReason) = error else {
        Issue.record("unexpected \(error)")
        return
      }
      #expect(metricName == name)
      #expect(actualReason.contains(reason), "\(actualReason)")
    }
  }

  @Test("defaults fill in, required parameters have none")
  func defaults() throws {
    let precision = try #require(Metrics.named("precision"))
    #expect(try precision.resolve([:]).text("positive") == "1")
    let fbeta = try #require(Metrics.named("fbeta"))
    #expect(try fbeta.resolve(["beta": "0.5"]).values == ["beta": "0.5", "positive": "1"])
    for metric in Metrics.all {
      for parameter in metric.parameters where ["k", "alpha", "beta"].contains(parameter.name) {
        #expect(parameter.defaultValue == nil, "\(metric.name).\(parameter.name) should be required")
      }
    }
  }
}
