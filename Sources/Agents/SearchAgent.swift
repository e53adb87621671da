import Arena
import Foundation

/// `search`: a built-in, non-LLM agent that iterates through the loop like a careful human would.
///
/// Step 1 (`run`) writes its Python program (SearchProgram) to `working/` and caches features there. Every
/// later step `submit`s one candidate: a model family with hyperparameters, cross-validated on the training
/// data (5 folds), its fold-averaged test predictions written as the submission and its predictions kept for
/// blending. The order adapts to the feedback: first one candidate per family (LightGBM, linear, random forest,
/// extra trees), then variants of the best family, then blends of the best candidates. At the end it finishes with
/// the candidate that has the best public score among the three best by cross-validation, so a lucky public
/// split of a few rows cannot pick a weak model. Tasks it does not model (text, ranking, …) get the bundle's
/// baseline.
public final class SearchAgent: Agent {
  public let name = "search"
  let seed: Int
  let baselineScript: String?
  private var task: TaskInfo?
  private var supported = false
  private var queue: [Candidate] = []
  private var results: [Result] = []
  private var inFlight: (step: Int?, candidate: Candidate)?
  private var prepared = false
  private var expandedFamilies = false
  private var blended = false
  private var slowest = 0.0
  private var baselineSubmitted = false

  /// One model to try: a unique name, a family and its parameters (JSON-compatible).
  struct Candidate: Equatable {
    var name: String
    var family: String
    var parameters: [String: Double]
    var members: [String] = []
  }

  struct Result {
    var candidate: Candidate
    var step: Int
    var cv: Double?
    var publicScore: Double?
  }

  static let supportedTasks: Set<String> = [
    "regression", "count_regression", "binary_classification", "multiclass_classification",
    "multilabel_classification",
  ]

  public init(seed: Int, baselineScript: String? = nil) {
    self.seed = seed
    self.baselineScript = baselineScript
  }

  public func begin(_ task: TaskInfo) throws(AgentError) {
    self.task = task
    supported = Self.supportedTasks.contains(task.task)
      && task.files.contains { $0.name == "train.csv" } && task.files.contains { $0.name == "test.csv" }
    queue = [
      Candidate(name: "lgbm", family: "lgbm", parameters: ["learning_rate": 0.05]),
      Candidate(name: "linear", family: "linear", parameters: [:]),
      Candidate(name: "rf", family: "rf", parameters: ["n_estimators": 300]),
      Candidate(name: "et", family: "et", parameters: ["n_estimators": 300]),
    ]
  }

  public func next(after feedback: Feedback?, secondsLeft: Double) throws(AgentError) -> AgentTurn {
    guard let task else { throw AgentError("not started") }
    if let feedback { absorb(feedback) }
    guard supported else { return fallback(feedback) }
    if !prepared {
      if feedback != nil { throw AgentError("the search program could not prepare the data: \(feedback?.error?.message ?? "")") }
      return AgentTurn(action: .run(.python(prepareCode(task))))
    }
    let stepsLeft = feedback?.budget.stepsLeft ?? task.budget.steps
    // The episode ends by itself (with the last valid submission) when the steps run out, so the agent
    // finishes with its own choice while one step is left; and while there is time for it.
    let timeIsShort = secondsLeft < max(30, slowest * 2 + 10)
    if stepsLeft <= 1 || timeIsShort || nextCandidate(stepsLeft: stepsLeft) == nil {
      return AgentTurn(action: .finish(submission: finalChoice()))
    }
    let candidate = queue.removeFirst()
    inFlight = (nil, candidate)
    return AgentTurn(action: .submit(.python(candidateCode(candidate))))
  }

  /// Reads the result of the step just done.
  private func absorb(_ feedback: Feedback) {
    let report = Self.resultLine(feedback.execution?.stdoutTail ?? "")
    if !prepared, feedback.action == .run, feedback.status == .ok { prepared = true }
    if let seconds = report?["seconds"] as? Double { slowest = max(slowest, seconds) }
    if let seconds = feedback.execution?.seconds { slowest = max(slowest, seconds) }
    guard feedback.action == .submit, let (_, candidate) = inFlight else { return }
    inFlight = nil
    guard feedback.submission?.valid == true else { return }
    results.append(Result(
      candidate: candidate, step: feedback.step, cv: report?["cv"] as? Double,
      publicScore: feedback.submission?.publicScore))
  }

  /// The queue's head after adapting it to the results: variants of the best family once every family has
  /// been tried, blends at the end.
  private func nextCandidate(stepsLeft: Int) -> Candidate? {
    if queue.isEmpty && !expandedFamilies {
      expandedFamilies = true
      queue = variants(of: rankedByCV().first?.candidate.family ?? "lgbm")
        + variants(of: rankedByCV().dropFirst().first?.candidate.family ?? "linear").prefix(2)
    }
    // Keep the last usable step for a blend when there are two candidates to blend.
    if (queue.isEmpty || stepsLeft <= 2) && !blended {
      blended = true
      let top = rankedByCV().prefix(3).map(\.candidate.name)
      if top.count >= 2 {
        queue.insert(Candidate(name: "blend", family: "blend", parameters: [:], members: Array(top)), at: 0)
      }
    }
    return queue.first
  }

  private func variants(of family: String) -> [Candidate] {
    switch family {
    case "lgbm":
      return [
        Candidate(name: "lgbm_small", family: "lgbm", parameters: ["num_leaves": 15, "min_child_samples": 10, "learning_rate": 0.05]),
        Candidate(name: "lgbm_large", family: "lgbm", parameters: ["num_leaves": 63, "learning_rate": 0.03, "min_child_samples": 20]),
        Candidate(name: "lgbm_bagged", family: "lgbm", parameters: ["feature_fraction": 0.7, "bagging_fraction": 0.8, "learning_rate": 0.03]),
        Candidate(name: "lgbm_regular", family: "lgbm", parameters: ["lambda_l2": 5, "min_child_samples": 40, "learning_rate": 0.03]),
      ]
    case "linear":
      return [
        Candidate(name: "linear_strong", family: "linear", parameters: ["C": 10, "alpha": 0.1]),
        Candidate(name: "linear_weak", family: "linear", parameters: ["C": 0.1, "alpha": 10]),
        Candidate(name: "linear_strongest", family: "linear", parameters: ["C": 100, "alpha": 0.01]),
      ]
    default:
      return [
        Candidate(name: "\(family)_leaf3", family: family, parameters: ["n_estimators": 500, "min_samples_leaf": 3]),
        Candidate(name: "\(family)_wide", family: family, parameters: ["n_estimators": 500, "max_features": 0.8]),
      ]
    }
  }

  private func rankedByCV() -> [Result] {
    let higher = task?.metric.higherIsBetter ?? true
    return results.filter { $0.cv != nil }.sorted {
      higher ? $0.cv! > $1.cv! : $0.cv! < $1.cv!
    }
  }

  /// The best public score among the three best by cross-validation (or the best public score when no
  /// cross-validation score was read).
  func finalChoice() -> Int? {
    let higher = task?.metric.higherIsBetter ?? true
    let pool = rankedByCV().prefix(3)
    let candidates = pool.isEmpty ? results[...] : Array(pool)[...]
    let best = candidates.filter { $0.publicScore != nil }.max {
      higher ? $0.publicScore! < $1.publicScore! : $0.publicScore! > $1.publicScore!
    }
    return best?.step ?? results.last?.step
  }

  private func fallback(_ feedback: Feedback?) -> AgentTurn {
    if !baselineSubmitted, let baselineScript {
      baselineSubmitted = true
      return AgentTurn(action: .submit(.python(baselineScript)))
    }
    return AgentTurn(action: .finish(submission: nil))
  }

  // MARK: - Code sent to the sandbox

  private func prepareCode(_ task: TaskInfo) -> String {
    let program = Data(SearchProgram.source.utf8 + [UInt8(ascii: "\n")]).base64EncodedString()
    return """
      import base64, os, sys
      os.makedirs('/workspace/working', exist_ok=True)
      with open('/workspace/working/tatami_search.py', 'wb') as f:
          f.write(base64.b64decode('\(program)'))
      sys.path.insert(0, '/workspace/working')
      import tatami_search
      tatami_search.prepare(\(Self.python(task.task)), \(Self.python(task.submission.idColumn)), \
      [\(task.submission.targetColumns.map(Self.python).joined(separator: ", "))])
      """
  }

  private func candidateCode(_ candidate: Candidate) -> String {
    var parameters = candidate.parameters.sorted { $0.key < $1.key }.map { key, value in
      let number = value == value.rounded() && abs(value) < 1e9 ? String(Int(value)) : String(value)
      return "\(Self.python(key)): \(number)"
    }
    if !candidate.members.isEmpty {
      parameters.append("'members': [\(candidate.members.map(Self.python).joined(separator: ", "))]")
    }
    return """
      import sys
      sys.path.insert(0, '/workspace/working')
      import tatami_search
      tatami_search.candidate(\(Self.python(candidate.name)), \(Self.python(candidate.family)), {\(parameters.joined(separator: ", "))})
      """
  }

  /// A Python string literal.
  static func python(_ text: String) -> String {
    var escaped = "'"
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\\": escaped += "\\\\"
      case "'": escaped += "\\'"
      case "\n": escaped += "\\n"
      default: escaped.unicodeScalars.append(scalar)
      }
    }
    return escaped + "'"
  }

  /// The JSON object after `TATAMI_RESULT ` in the last such line of the output.
  static func resultLine(_ output: String) -> [String: Any]? {
    guard let line = output.split(separator: "\n").last(where: { $0.hasPrefix("TATAMI_RESULT ") }) else { return nil }
    let json = line.dropFirst("TATAMI_RESULT ".count)
    return (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any]
  }
}
