import Basics
import Catalog
import Foundation

/// Readable text of the task and of each step's feedback: what an LLM reads and what the SFT export stores.
public enum Rendering {
  /// The task: overview, files and columns, metric, submission format, budget, paths and actions.
  public static func task(_ info: TaskInfo, overviewLimit: Int = 6000) -> String {
    var lines: [String] = []
    lines.append("# Competition: \(info.title) (\(info.competition))")
    lines.append("Task type: \(info.task)")
    lines.append("")
    lines.append(String(info.overview.prefix(overviewLimit)))
    lines.append("")
    let direction = info.metric.higherIsBetter ? "higher is better" : "lower is better"
    let parameters = info.metric.parameters.isEmpty ? "" : " " + info.metric.parameters.sorted { $0.key < $1.key }
      .map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
    lines.append("## Metric: \(info.metric.name)\(parameters) (\(direction))")
    lines.append(info.metric.definition)
    if let baseline = info.baselinePublicScore { lines.append("Baseline public score: \(format(baseline))") }
    lines.append("")
    lines.append("## Files in \(info.paths.input) (read-only)")
    for file in info.files {
      lines.append("- \(file.name): \(file.bytes) bytes\(file.rows.map { ", \($0) rows" } ?? "")")
      for column in file.columns ?? [] {
        var text = "    \(column.name): \(column.type)"
        if column.type == "number", let low = column.min, let high = column.max, let mean = column.mean {
          text += " [\(format(low)) … \(format(high))], mean \(format(mean))"
        } else if let top = column.top, !top.isEmpty {
          text += ", \(column.distinct)\(column.distinct >= 1000 ? "+" : "") distinct, e.g. " + top.map { "\"\($0)\"" }
            .joined(separator: ", ")
        }
        if column.missing > 0 { text += ", \(column.missing) missing" }
        lines.append(text)
      }
    }
    lines.append("")
    lines.append("## Submission")
    lines.append("Write \(info.submission.path): column \(info.submission.idColumn) and "
      + info.submission.targetColumns.joined(separator: ", ") + ", one row per test id.")
    if let head = info.sampleSubmissionHead { lines.append("sample_submission.csv starts:\n\(head)") }
    lines.append("")
    lines.append("## Budget")
    lines.append("\(info.budget.steps) steps, \(info.budget.seconds) s in all, \(info.budget.stepTimeoutSeconds) s per step,"
      + " \(formatBytes(info.budget.sandbox.memoryBytes)) of memory per process, no network."
      + " Files in \(info.paths.working) persist between steps.")
    lines.append("")
    lines.append("## Actions (one JSON object per step)")
    lines += info.actions.map { "- " + $0 }
    return lines.joined(separator: "\n")
  }

  /// One step's feedback.
  public static func feedback(_ feedback: Feedback, tailLimit: Int = 2000) -> String {
    var lines = ["Step \(feedback.step) (\(feedback.action)): \(feedback.status). \(feedback.message)"]
    if let error = feedback.error {
      lines.append("Error \(error.type): \(error.message)")
      lines.append("  cause: \(error.cause)")
      lines.append("  hint: \(error.hint)")
      if let frame = error.frame {
        lines.append("  at \(frame.file):\(frame.line) in \(frame.function)\(frame.code.map { ": \($0)" } ?? "")")
      }
      if let row = error.row { lines.append("  row \(row)\(error.column.map { ", column \($0)" } ?? "")") }
    }
    if let execution = feedback.execution {
      let end = execution.exitCode.map { "exit code \($0)" } ?? "signal \(execution.signal ?? 0)"
      lines.append("Execution: \(end), \(String(format: "%.2f", execution.seconds)) s"
        + (execution.timedOut ? ", timed out" : "") + (execution.memoryExceeded ? ", out of memory" : ""))
      if !execution.stdoutTail.isEmpty { lines.append("stdout:\n" + String(execution.stdoutTail.suffix(tailLimit))) }
      if !execution.stderrTail.isEmpty { lines.append("stderr:\n" + String(execution.stderrTail.suffix(tailLimit))) }
    }
    if let submission = feedback.submission, submission.valid {
      var text = "Submission (step \(submission.submissionStep)): public score \(submission.publicScore.map(format) ?? "n/a")"
      if let best = submission.bestPublicScore { text += ", best so far \(format(best))" }
      if let baseline = submission.baselinePublicScore { text += ", baseline \(format(baseline))" }
      if let rank = submission.publicRank, let size = submission.leaderboardSize {
        text += ", public rank \(rank)/\(size)"
      }
      if let human = submission.humanRank { text += ", HumanRank \(format(human))" }
      lines.append(text + (submission.improved ? " (improved)" : ""))
    }
    if let history = feedback.history {
      for entry in history {
        lines.append("  step \(entry.step) \(entry.action): \(entry.status)"
          + (entry.publicScore.map { " public \(format($0))" } ?? "") + (entry.errorType.map { " \($0)" } ?? ""))
      }
    }
    if let info = feedback.info { lines.append(task(info)) }
    lines.append("Budget left: \(feedback.budget.stepsLeft) steps, \(feedback.budget.secondsLeft) s. Reward \(format(feedback.reward)).")
    return lines.joined(separator: "\n")
  }

  static func format(_ value: Double) -> String { String(format: "%.6g", value) }
}

/// Past runs in a runs folder.
public enum RunIndex {
  public struct Entry: Sendable, Encodable {
    public var runID: String
    public var directory: String
    /// Nil while the run is going on, or when it crashed before the end.
    public var result: EpisodeResult?

    enum CodingKeys: String, CodingKey { case runID = "run_id", directory, result }
  }

  /// Every run folder (one holding `trajectory.jsonl`), newest first.
  public static func list(_ folder: String) -> [Entry] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    return names.sorted(by: >).compactMap { name in
      let directory = folder + "/" + name
      guard FileManager.default.fileExists(atPath: directory + "/trajectory.jsonl") else { return nil }
      let result = FileManager.default.contents(atPath: directory + "/summary.json")
        .flatMap { try? EpisodeResult.read($0) }
      return Entry(runID: name, directory: directory, result: result)
    }
  }
}

/// Turns a trajectory into one chat conversation for supervised fine-tuning.
public enum TrajectoryExport {
  /// `{"messages": [...], "metadata": {...}}` for one `trajectory.jsonl`, or nil when it has no steps.
  ///
  /// The system message states the protocol; the first user message is the task; each step adds the agent's
  /// reply (its raw text, else the action as JSON) and the feedback as the next user message. The metadata holds
  /// the result, private scores included; the messages never do.
  public static func chatLine(trajectory path: String) -> String? {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
    var messages: [[String: String]] = [["role": "system", "content": systemPrompt]]
    var metadata: [String: Any] = [:]
    var steps = 0
    let decoder = JSONDecoder()
    for line in text.split(separator: "\n") {
      guard let data = line.data(using: .utf8),
        let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let type = object["type"] as? String
      else { continue }
      switch type {
      case "start":
        if let taskObject = object["task"], let taskData = try? JSONSerialization.data(withJSONObject: taskObject),
          let task = try? decoder.decode(TaskInfo.self, from: taskData)
        {
          messages.append(["role": "user", "content": Rendering.task(task)])
        }
        metadata["run_id"] = object["run_id"]
        metadata["competition"] = object["competition"]
        metadata["agent"] = object["agent"]
      case "step":
        var reply = object["reply"] as? String
        if reply == nil, let action = object["action"],
          let actionData = try? JSONSerialization.data(withJSONObject: action, options: [.sortedKeys])
        {
          reply = String(decoding: actionData, as: UTF8.self)
        }
        messages.append(["role": "assistant", "content": reply ?? "{}"])
        if let feedbackObject = object["feedback"],
          let feedbackData = try? JSONSerialization.data(withJSONObject: feedbackObject),
          let feedback = try? decoder.decode(Feedback.self, from: feedbackData)
        {
          if !feedback.done { messages.append(["role": "user", "content": Rendering.feedback(feedback)]) }
        }
        steps += 1
      case "end":
        metadata["result"] = object["result"]
        metadata["final_reward"] = object["reward"]
      default: continue
      }
    }
    guard steps > 0 else { return nil }
    let line: [String: Any] = ["messages": messages, "metadata": metadata]
    guard let data = try? JSONSerialization.data(withJSONObject: line, options: [.sortedKeys, .withoutEscapingSlashes])
    else { return nil }
    return String(decoding: data, as: UTF8.self)
  }

  /// The system message of exported conversations (and of the llm agent).
  public static let systemPrompt = """
    You are a machine-learning engineer competing in a Kaggle-style competition inside a sandbox without \
    network. Each turn, reply with exactly one action as a JSON object (you may think briefly first). Put Python \
    code for "run" and "submit" in the "code" field, or in a ```python fenced block right after the JSON. Data is \
    in /workspace/input (read-only); /workspace/working persists between steps; a submission is the file \
    /workspace/working/submission.csv. Feedback shows public scores only; the final score uses hidden rows.
    """
}
