import Testing

@testable import Scoring

/// Submitted values chosen to break the engine (issue 9, findings B1, B2 and A7): integers at the edge of
/// `Int`, predictions near the largest double, values of many megabytes. Each must come back as a score or an
/// invalid submission; a trap kills this test process, and a harness error fails the test.
struct HostileValueTests {
  private func score(_ submission: String, answers: String, metric: Metric, parameters: [String: String] = [:])
    throws -> ScoreReport
  {
    let resolved = try metric.resolve(parameters)
    let key = try AnswerKey.read(.bytes(Array(answers.utf8)), metric: metric, parameters: resolved)
    return Scorer(key: key, parameters: resolved).score(.bytes(Array(submission.utf8)))
  }

  private func metric(_ name: String) throws -> Metric { try #require(Metrics.named(name)) }

  // MARK: B1, integers at the edge of Int

  @Test("B1: RLE runs of length 2^63 - 1, or ending near it, are invalid values for dice and iou, not a trap")
  func longestRun() throws {
    let answers = "id,mask\na,1 2\nb,\n"
    for name in ["dice", "iou"] {
      for mask in ["1 9223372036854775807", "9223372036854775807 1", "3 9223372036854775805"] {
        let report = try score("id,mask\na,\(mask)\nb,\n", answers: answers, metric: metric(name))
        #expect(report.failure?.type == "invalid_value", "\(name) '\(mask)': \(String(describing: report.failure))")
        #expect(report.failure?.message.contains("row 2") == true, "\(report.failure?.message ?? "")")
      }
      // A run ending exactly at the last pixel allowed is a valid, scored mask.
      let edge = try score("id,mask\na,1 9007199254740992\nb,\n", answers: answers, metric: metric(name))
      #expect(edge.failure == nil && edge.score?.isFinite == true, "\(name): \(String(describing: edge.failure))")
    }
  }

  /// Hostile tokens: the edges of Int and Int32, signs, exponents, zero, huge counts, non-ASCII digits.
  private static let hostileTokens = [
    "9223372036854775807", "9223372036854775806", "-9223372036854775808", "9223372036854775808",
    "18446744073709551615", "2147483647", "-2147483648", "4294967296", "0", "-1", "1", "+1", "1e400", "-0",
    "00000000000000000000000000001", "٣", "1_000", "0x10", "", "NaN", "inf",
  ]

  @Test("fuzz: mask, ranking and token metrics never trap on hostile tokens")
  func fuzzTokenParsers() throws {
    var generator = SplitMix64(seed: 9)
    let textMetrics = ["dice", "iou", "map_at_k", "ndcg_at_k", "top_k_accuracy", "levenshtein", "jaccard_word"]
    for name in textMetrics {
      let metric = try metric(name)
      let parameters = try metric.resolve(metric.parameters.contains { $0.name == "k" } ? ["k": "3"] : [:])
      for _ in 0..<400 {
        let row = { (count: Int) in
          (0..<count).map { _ in Self.hostileTokens[Int(generator.next() % UInt64(Self.hostileTokens.count))] }
            .joined(separator: " ")
        }
        let truth = (0..<3).map { _ in row(Int(generator.next() % 3) * 2) }
        let predicted = (0..<3).map { _ in row(Int(generator.next() % 5)) }
        do {
          let value = try metric(.text(truth: truth, predicted: predicted), parameters)
          #expect(value.isFinite, "\(name) \(truth) \(predicted): \(value)")
        } catch .invalidPrediction, .undefinedOnAnswers {
          // The rejection hostile values deserve.
        } catch {
          Issue.record("\(name) \(truth) \(predicted): \(error)")
        }
      }
    }
  }

  @Test("fuzz: box lists and span lists of hostile tokens give a score or a clear rejection, never a trap")
  func fuzzStructuredLists() throws {
    var generator = SplitMix64(seed: 11)
    let ordinary = ["0", "1", "5", "10", "0.5", "a", "none"]
    let token = { (generator: inout SplitMix64) -> String in
      let pool = generator.next() % 2 == 0 ? Self.hostileTokens : ordinary
      return pool[Int(generator.next() % UInt64(pool.count))]
    }
    let settings: [(metric: String, parameters: [String: String], fields: Int, separator: String)] = [
      ("detection_map", [:], 6, " "), ("detection_map", ["average": "image", "box": "xywh", "iou_steps": "6"], 5, " "),
      ("span_f1", [:], 2, ";"), ("point_in_box_f1", [:], 3, " "), ("order_kendall_tau", [:], 1, " "),
      ("mean_rowwise_spearman", [:], 1, " "),
    ]
    for setting in settings {
      let metric = try metric(setting.metric)
      let parameters = try metric.resolve(setting.parameters)
      for _ in 0..<400 {
        let cell = { (generator: inout SplitMix64) -> String in
          (0..<Int(generator.next() % 3)).map { _ in
            (0..<setting.fields).map { _ in token(&generator) }.joined(separator: " ")
          }.joined(separator: setting.separator)
        }
        let truth = (0..<3).map { _ in cell(&generator) }
        let predicted = (0..<3).map { _ in cell(&generator) }
        do {
          let value = try metric(.text(truth: truth, predicted: predicted), parameters)
          #expect(value.isFinite && abs(value) <= 1 + 1e-12, "\(setting.metric) \(truth) \(predicted): \(value)")
        } catch .invalidPrediction(_, let message, _), .undefinedOnAnswers(let message) {
          #expect(!message.isEmpty)
        } catch {
          Issue.record("\(setting.metric) \(truth) \(predicted): \(error)")
        }
      }
    }
  }

  @Test("a count of IoU thresholds beyond 100 is a bad parameter, not billions of thresholds to allocate")
  func iouStepsAreBounded() throws {
    let detection = try metric("detection_map")
    #expect(try detection.resolve(["iou_steps": "100"]).integer("iou_steps") == 100)
    for steps in ["101", "1000000000"] {
      #expect(throws: HarnessError.self) { try detection.resolve(["iou_steps": steps]) }
    }
  }

  @Test("a malformed box list is invalid_value naming the submission's row and column")
  func malformedBoxListNamesRowAndColumn() throws {
    let answers = "image_id,PredictionString\na,opacity 1 0 0 5 5\nb,none 1 0 0 1 1\n"
    for cell in ["opacity 0.5 0 0 5", "opacity 0.5 5 0 4 5", "opacity 0.5 0 0 1e300 5", "opacity nan 0 0 5 5"] {
      let report = try score(
        "image_id,PredictionString\nb,none 1 0 0 1 1\na,\(cell)\n", answers: answers, metric: metric("detection_map"))
      guard case .submission(.invalidValue(let row, let column, _, let hint)) = report.failure else {
        Issue.record("'\(cell)': expected invalid_value, got \(String(describing: report.failure))")
        continue
      }
      #expect(row == 3 && column == "PredictionString" && hint.contains("label confidence x_min"), "'\(cell)'")
    }
  }

  @Test("fuzz: the RLE parser accepts exactly the sorted disjoint runs that fit in Int")
  func fuzzRunParser() {
    var generator = SplitMix64(seed: 63)
    for _ in 0..<2000 {
      let pairs = (0..<Int(generator.next() % 4)).map { _ in
        (Self.hostileTokens[Int(generator.next() % UInt64(Self.hostileTokens.count))],
         Self.hostileTokens[Int(generator.next() % UInt64(Self.hostileTokens.count))])
      }
      let text = pairs.map { "\($0) \($1)" }.joined(separator: " ")
      do throws(Metrics.RunLengthError) {
        let runs = try Metrics.runs(of: text)
        for (index, run) in runs.enumerated() {
          #expect(run.lowerBound >= 0 && run.upperBound > run.lowerBound, "\(text)")
          #expect(run.upperBound <= Metrics.lastPixel, "\(text)")
          if index > 0 { #expect(runs[index - 1].upperBound <= run.lowerBound, "\(text)") }
        }
      } catch {
        #expect(!error.message.isEmpty)
      }
    }
  }

  // MARK: B2, predictions near the largest double

  /// Every metric that reads submitted numbers on an unbounded or half-bounded scale.
  /// bias_auc is left out: it only ranks the predictions, and its identity subgroups need both classes in both
  /// sets, which these six rows cannot give.
  private static let numericMetrics = Metrics.all.filter { metric in
    guard metric.name != "bias_auc" else { return false }
    switch metric.input {
    case .numbers(let domain), .binaryScores(let domain): return domain != .unitInterval
    default: return false
    }
  }

  private static let hugeValues = [
    "1e154", "-1e154", "1e200", "-1e200", "1e300", "-1e300", "1.7976931348623157e308", "-1.7976931348623157e308",
    "4.9e-324",
  ]

  @Test("B2: huge finite predictions give a score or invalid_value, never a harness error", arguments: hugeValues)
  func hugePredictions(value: String) throws {
    #expect(!Self.numericMetrics.isEmpty)
    for metric in Self.numericMetrics {
      let twoColumns = ["haversine", "mean_angular_error", "laplace_log_likelihood"].contains(metric.name)  // two target columns each
      let header = twoColumns ? "id,a,b" : "id,target"
      let binary = if case .binaryScores = metric.input { true } else { false }
      // Answer-only columns (weights, groups) for the metrics whose parameters name some, under the parameter's name.
      let answerOnly = metric.parameters.filter { $0.kind == .numberColumns || $0.kind == .groupColumn }
      let answerRows = (binary ? [0, 1, 1, 0, 1, 0] : [3, 7, 1, 12, 5, 2]).enumerated().map { index, number in
        "r\(index),\(number)" + (twoColumns ? ",\(number * 2)" : "")
          + answerOnly.map { $0.kind == .numberColumns ? ",\(index + 1)" : ",g\(index % 2)" }.joined()
          + ",\(index % 2 == 0 ? "Public" : "Private")"
      }
      let answers = "\(header)\(answerOnly.map { ",\($0.name)" }.joined()),Usage\n" + answerRows.joined(separator: "\n") + "\n"
      // Alternate the hostile value with ordinary ones, and its sign, so sums and differences overflow.
      let predictedRows = [3, 7, 1, 12, 5, 2].enumerated().map { index, number in
        let opposite = index % 3 == 1 && value.hasPrefix("-")
        let cell = index % 3 == 0 ? value : opposite ? String(value.dropFirst()) : "\(number)"
        return "r\(index),\(cell)" + (twoColumns ? ",\(cell)" : "")
      }
      let submission = "\(header)\n" + predictedRows.joined(separator: "\n") + "\n"
      var parameters = metric.name == "pinball" ? ["alpha": "0.9"] : [:]
      for parameter in answerOnly { parameters[parameter.name] = parameter.name }
      let report = try score(submission, answers: answers, metric: metric, parameters: parameters)
      switch report.failure {
      case nil:
        #expect(report.score?.isFinite == true, "\(metric.name) \(value)")
      case .submission(let error):
        #expect(["invalid_value", "out_of_range"].contains(error.type), "\(metric.name) \(value): \(error.message)")
      case .harness(let error):
        Issue.record("\(metric.name) with \(value): harness error \(error.type): \(error.message)")
      }
    }
  }

  @Test("B2: huge values in a column scored_columns leaves out change nothing; in a scored one, score or invalid_value",
    arguments: hugeValues)
  func hugeValuesAndScoredColumns(value: String) throws {
    let rmse = try metric("mean_columnwise_rmse")
    let answers = "id,a,b,c\nr0,1,2,3\nr1,4,5,6\nr2,7,8,9\n"
    let submission = { (a: String, b: String) in "id,a,b,c\nr0,\(a),2.5,3\nr1,4,\(b),6.5\nr2,7.5,8,9\n" }
    let scored = ["scored_columns": "a,c"]
    let ordinary = try #require(
      try score(submission("1", "5"), answers: answers, metric: rmse, parameters: scored).score)
    let hostileUnscored = try score(submission("1", value), answers: answers, metric: rmse, parameters: scored)
    #expect(hostileUnscored.score == ordinary, "\(value) in the unscored column")
    let hostileScored = try score(submission(value, "5"), answers: answers, metric: rmse, parameters: scored)
    switch hostileScored.failure {
    case nil: #expect(hostileScored.score?.isFinite == true, "\(value)")
    case .submission(let error): #expect(error.type == "invalid_value", "\(value): \(error.message)")
    case .harness(let error): Issue.record("\(value): harness error \(error.type): \(error.message)")
    }
  }

  @Test("scored_columns naming a column the submission lacks is invalid_answers, not a score over fewer columns")
  func scoredColumnsOutsideTheTargets() throws {
    let report = try score(
      "id,a,b\nr0,1,2\nr1,3,4\n", answers: "id,a,b\nr0,1,2\nr1,3,5\n", metric: metric("mean_columnwise_rmse"),
      parameters: ["scored_columns": "a,deg_50C"])
    guard case .harness(.invalidAnswers(let message)) = report.failure else {
      Issue.record("expected invalid_answers, got \(String(describing: report.failure))")
      return
    }
    #expect(message.contains("deg_50C") && message.contains("a, b"), "\(message)")
  }

  @Test("game_of_life_mae: a hostile delta in the answers is a harness error, a hostile cell an invalid submission",
    arguments: hugeValues + ["1001", "-1", "2.5"])
  func hostileLifeValues(value: String) throws {
    let life = try metric("game_of_life_mae")
    let board = "id,c0,c1,c2,c3"
    let submission = "\(board)\nr0,0,1,1,0\nr1,1,1,0,0\n"
    let hostileDelta = try score(
      submission, answers: "\(board),delta\nr0,0,1,1,0,1\nr1,1,1,0,1,\(value)\n", metric: life)
    guard case .harness(.undefinedScore(_, let reason)) = hostileDelta.failure else {
      Issue.record("delta \(value): expected undefined_score, got \(String(describing: hostileDelta.failure))")
      return
    }
    #expect(reason.contains("row 2") && reason.contains("delta"), "\(reason)")
    let hostileCell = try score(
      "\(board)\nr0,0,1,1,0\nr1,1,\(value),0,0\n", answers: "\(board),delta\nr0,0,1,1,0,1\nr1,1,1,0,1,3\n",
      metric: life)
    guard case .submission(let error) = hostileCell.failure else {
      Issue.record("cell \(value): expected an invalid submission, got \(String(describing: hostileCell.failure))")
      return
    }
    #expect(["invalid_value", "out_of_range"].contains(error.type), "cell \(value): \(error.message)")
  }

  @Test("B2: a score beyond the range of a double makes the submission invalid, by the documented rule")
  func scoreBeyondDouble() throws {
    let report = try score(
      "id,target\na,1e200\nb,-1e200\n", answers: "id,target\na,1\nb,2\n", metric: metric("mse"))
    guard case .submission(.invalidValue(nil, nil, let message, let hint)) = report.failure else {
      Issue.record("expected invalid_value, got \(String(describing: report.failure))")
      return
    }
    #expect(message.contains("beyond the range of a double") && !hint.isEmpty)
    #expect(report.validSubmission == false)
    // Its square root fits, so the same predictions have a finite RMSE: sqrt((1e400 + 1e400) / 2) = 1e200.
    let rmse = try score("id,target\na,1e200\nb,-1e200\n", answers: "id,target\na,1\nb,2\n", metric: metric("rmse"))
    let value = try #require(rmse.score)
    #expect(abs(value - 1e200) <= 1e-12 * 1e200)
  }

  // MARK: A7, values of many megabytes

  @Test("A7: errors quote a short prefix of a huge id, header name or value, with its full length")
  func hugeValuesAreQuotedShort() throws {
    // Cells may be megabytes; a header stays under the reader's 1 MiB header limit (past it: row_too_large).
    let huge = String(repeating: "x", count: 4 << 20)
    let wideName = String(repeating: "x", count: 1 << 19)
    let answers = "id,target\na,1\nb,2\n"
    let rmse = try metric("rmse")
    let cases = [
      ("id,target\na,1\n\(huge),2\n", "unknown_id", huge.utf8.count),
      ("id,target,\(wideName)\na,1,1\nb,2,2\n", "extra_column", wideName.utf8.count),
      ("id,target\na,1\nb,\(huge)\n", "not_a_number", huge.utf8.count),
    ]
    for (submission, type, length) in cases {
      let failure = try #require(try score(submission, answers: answers, metric: rmse).failure)
      #expect(failure.type == type)
      #expect(failure.message.utf8.count < 300, "\(type): \(failure.message.utf8.count) bytes")
      // Numbers are cut shorter by the numeric reader, which does not give the length.
      if type != "not_a_number" { #expect(failure.message.contains("…' (\(length) bytes)"), "\(failure.message)") }
      if case .submission(let error) = failure { #expect((error.column?.utf8.count ?? 0) < 100) }
    }
  }

  @Test("A7: Excerpt keeps short text whole and cuts long text at a scalar boundary")
  func excerpt() {
    #expect(Excerpt.quoted("abc") == "'abc'")
    #expect(Excerpt.of(String(repeating: "é", count: 64)) == String(repeating: "é", count: 64))
    let long = String(repeating: "é", count: 65)
    #expect(Excerpt.of(long) == String(repeating: "é", count: 64) + "… (130 bytes)")
    #expect(Excerpt.quoted(long, limit: 2) == "'éé…' (130 bytes)")
  }
}

/// A small deterministic generator, so a fuzz failure can be replayed.
struct SplitMix64: RandomNumberGenerator {
  private var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
