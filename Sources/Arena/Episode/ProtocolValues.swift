/// The closed sets of values the loop's JSON carries, as enums that encode to the documented strings
/// (docs/feedback.md, docs/feedback.schema.json). Each prints as its JSON string in messages too.

/// How a step went: `Feedback.status`, `HistoryEntry.status`.
public enum FeedbackStatus: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
  case ok
  /// The code failed, or the submission is missing or invalid.
  case error
  /// The reply was not an action, named an unknown step, or came after the end.
  case invalidAction = "invalid_action"
  case finished

  public var description: String { rawValue }
}

/// What a step was: `Feedback.action`, `HistoryEntry.action`; `invalid` for a reply that was no action.
public enum ActionKind: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
  case info, run, submit, history, finish, invalid

  public var description: String { rawValue }
}

/// The stable codes of `StepError.type`.
public enum StepErrorType: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
  case syntaxError = "syntax_error"
  case runtimeError = "runtime_error"
  case nonzeroExit = "nonzero_exit"
  case timeout
  case memoryExceeded = "memory_exceeded"
  case cpuTimeExceeded = "cpu_time_exceeded"
  case fileSizeExceeded = "file_size_exceeded"
  case processLimit = "process_limit"
  case killed
  case diskExceeded = "disk_exceeded"
  case missingSubmission = "missing_submission"
  case invalidSubmission = "invalid_submission"
  /// The submission file is not a regular file the harness may read (a link, a FIFO, a device).
  case unsafeSubmission = "unsafe_submission"
  case scoringFailed = "scoring_failed"
  case invalidAction = "invalid_action"
  case harnessError = "harness_error"

  public var description: String { rawValue }
}
