import Foundation
import Scoring

/// One thing an agent asks the harness to do; JSON like `{"action": "run", "code": "print(1)"}`.
public enum Action: Sendable, Equatable {
  /// The task overview, data listing with column summaries, metric, submission format and budget.
  case info
  /// Executes Python code or a shell command in the sandbox; nothing is scored.
  case run(Code)
  /// Executes code that writes `working/submission.csv` (or, with no code, takes the file as it is), then
  /// validates it and scores it on the Public rows.
  case submit(Code?)
  /// The steps so far, one line each.
  case history
  /// Ends the episode; the chosen submission (by step number) or the last valid one is scored on the Private rows.
  case finish(submission: Int?)

  /// Python source or a shell command line.
  public enum Code: Sendable, Equatable {
    case python(String)
    case shell(String)

    public var language: String {
      switch self {
      case .python: return "python"
      case .shell: return "shell"
      }
    }

    public var text: String {
      switch self {
      case .python(let text), .shell(let text): return text
      }
    }
  }

  /// The action's name as it appears in JSON and feedback.
  public var name: ActionKind {
    switch self {
    case .info: return .info
    case .run: return .run
    case .submit: return .submit
    case .history: return .history
    case .finish: return .finish
    }
  }

  /// Parses one action object; the error says what is wrong and shows a valid example.
  public static func parse(_ bytes: some Collection<UInt8>) throws(StepError) -> Action {
    let object: [String: Any]
    do {
      guard let parsed = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
        throw StepError.invalidAction("the action must be a JSON object")
      }
      object = parsed
    } catch let error as StepError {
      throw error
    } catch {
      throw .invalidAction("not valid JSON: \(String(decoding: bytes.prefix(200), as: UTF8.self))")
    }
    return try parse(object)
  }

  /// Parses an already-decoded action object.
  public static func parse(_ object: [String: Any]) throws(StepError) -> Action {
    guard let name = object["action"] as? String else {
      throw .invalidAction("missing \"action\" (one of info, run, submit, history, finish)")
    }
    let code = object["code"] as? String
    let command = object["command"] as? String
    func body(required: Bool) throws(StepError) -> Code? {
      if code != nil && command != nil { throw .invalidAction("give \"code\" or \"command\", not both") }
      if let code { return .python(code) }
      if let command { return .shell(command) }
      if required { throw .invalidAction("\"\(name)\" needs \"code\" (Python) or \"command\" (shell)") }
      return nil
    }
    switch name {
    case "info": return .info
    case "history": return .history
    case "run":
      guard let code = try body(required: true) else { throw .invalidAction("run needs code") }
      return .run(code)
    case "submit": return .submit(try body(required: false))
    case "finish":
      if let value = object["submission"], !(value is NSNull) {
        guard let step = (value as? NSNumber)?.intValue else {
          throw .invalidAction("\"submission\" is the step number of a valid submission")
        }
        return .finish(submission: step)
      }
      return .finish(submission: nil)
    default:
      throw .invalidAction("unknown action \(Excerpt.quoted(name)) (one of info, run, submit, history, finish)")
    }
  }

  /// The action as a JSON-compatible object (what trajectories record).
  public var jsonObject: [String: Any] {
    var object: [String: Any] = ["action": name]
    switch self {
    case .run(let code), .submit(.some(let code)):
      switch code {
      case .python(let text): object["code"] = text
      case .shell(let text): object["command"] = text
      }
    case .finish(let step): if let step { object["submission"] = step }
    default: break
    }
    return object
  }
}

extension StepError {
  public static func invalidAction(_ detail: String) -> StepError {
    StepError(
      type: .invalidAction, message: detail, cause: "the harness could not read the action",
      hint: #"send one JSON object per step, e.g. {"action": "run", "code": "print(1)"} or {"action": "finish"}"#)
  }
}

extension Action: Encodable {
  enum CodingKeys: String, CodingKey { case action, code, command, submission }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(name, forKey: .action)
    switch self {
    case .run(let code), .submit(.some(let code)):
      switch code {
      case .python(let text): try container.encode(text, forKey: .code)
      case .shell(let text): try container.encode(text, forKey: .command)
      }
    case .finish(let step): try container.encodeIfPresent(step, forKey: .submission)
    default: break
    }
  }
}
