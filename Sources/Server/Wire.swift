import Arena
import Basics
import Catalog
import Foundation

/// What the caller sees after a reset or a step: the rendered text (one turn, never the whole conversation again)
/// and the structured task or feedback it was rendered from.
public struct Observation: Encodable, Sendable {
  /// The task (after a reset) or this step's feedback, as an LLM would read it.
  public var text: String
  public var episodeID: String
  public var runID: String
  public var competition: String
  /// The step the feedback belongs to; 0 after a reset.
  public var step: Int
  public var task: TaskInfo?
  public var feedback: Feedback?

  enum CodingKeys: String, CodingKey {
    case text, episodeID = "episode_id", runID = "run_id", competition, step, task, feedback
  }
}

/// OpenEnv's step and reset response: `{observation, reward, done}`.
public struct StepResult: Encodable, Sendable {
  public var observation: Observation
  /// Nil after a reset, as OpenEnv has it.
  public var reward: Double?
  public var done: Bool

  enum CodingKeys: String, CodingKey { case observation, reward, done }

  /// `reward` is always present: null after a reset.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(observation, forKey: .observation)
    try container.encode(reward, forKey: .reward)
    try container.encode(done, forKey: .done)
  }
}

/// OpenEnv's `State` (`episode_id`, `step_count`) with the episode's budget and, once it is over, its result.
public struct EpisodeState: Encodable, Sendable {
  public var episodeID: String?
  public var stepCount: Int
  public var runID: String?
  public var competition: String?
  public var stepsLeft: Int?
  public var secondsLeft: Int?
  public var bestPublicScore: Double?
  public var done: Bool
  /// The episode's status once it is over.
  public var status: EpisodeStatus?
  /// The result once it is over (the private score included: it is no longer hidden then).
  public var result: EpisodeResult?

  enum CodingKeys: String, CodingKey {
    case episodeID = "episode_id", stepCount = "step_count", runID = "run_id", competition
    case stepsLeft = "steps_left", secondsLeft = "seconds_left", bestPublicScore = "best_public_score", done, status
    case result
  }

  /// The state before any reset.
  static let empty = EpisodeState(
    episodeID: nil, stepCount: 0, runID: nil, competition: nil, stepsLeft: nil, secondsLeft: nil,
    bestPublicScore: nil, done: false, status: nil, result: nil)
}

/// A WebSocket reply: `{type: observation|state|error, data}`.
struct Envelope<Payload: Encodable & Sendable>: Encodable, Sendable {
  var type: String
  var data: Payload
}

/// An HTTP error reply, FastAPI's shape: `{"detail": {...}}`.
struct ErrorReply: Encodable, Sendable {
  var detail: ErrorBody
}

/// The JSON encoding of every reply: sorted keys, slashes as they are.
enum WireJSON {
  static func encode(_ value: some Encodable) -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return (try? encoder.encode(value)) ?? Data(#"{"type":"error","data":{"code":"EXECUTION_ERROR","message":"unencodable reply"}}"#.utf8)
  }

  /// A JSON object, or a typed error saying what it is instead.
  static func object(_ bytes: Data) throws(ServerError) -> [String: Any] {
    let parsed: Any
    do {
      parsed = try JSONSerialization.jsonObject(with: bytes, options: [.fragmentsAllowed])
    } catch {
      throw .invalidJSON(String(decoding: bytes.prefix(120), as: UTF8.self))
    }
    guard let object = parsed as? [String: Any] else { throw .validation("expected a JSON object") }
    return object
  }
}

/// The options of a reset: which competition, the seed, the caller's episode id and the budget.
public struct ResetOptions: Sendable, Equatable {
  public var competition: String
  public var seed: Int = 0
  public var episodeID: String?
  /// The name recorded for the run (`tatami runs` shows it): who drives the episode.
  public var agent: String = "remote"
  /// The budget asked for; what it leaves out comes from the bundle's limits, else `tatami run`'s defaults.
  public var budget = BudgetRequest()
  public var reward: RewardMode = .humanRank

  public init(competition: String) { self.competition = competition }

  /// Reads `{competition, seed, episode_id, agent, steps, time_s, step_timeout_s, memory, reward}`; unknown keys
  /// are ignored (OpenEnv clients may send their own); a known key of the wrong type is an error.
  public static func parse(_ object: [String: Any], defaultCompetition: String?) throws(ServerError) -> ResetOptions {
    guard let competition = try string(object, "competition") ?? defaultCompetition else {
      throw .validation("reset needs \"competition\" (the id of a competition in the server's catalog)")
    }
    var options = ResetOptions(competition: competition)
    if let seed = try integer(object, "seed") {
      guard seed >= 0 else { throw .validation("\"seed\" must be 0 or more") }
      options.seed = seed
    }
    if let id = try string(object, "episode_id") {
      guard !id.isEmpty, id.count <= 255 else { throw .validation("\"episode_id\" takes 1 to 255 characters") }
      options.episodeID = id
    }
    if let agent = try string(object, "agent"), !agent.isEmpty { options.agent = agent }
    options.budget.steps = try positive(object, "steps")
    options.budget.seconds = try duration(object, "time_s", "time")
    options.budget.stepTimeoutSeconds = try duration(object, "step_timeout_s", "step_timeout")
    if let memory = object["memory"], !(memory is NSNull) {
      if let text = memory as? String, let bytes = Quantities.bytes(text) {
        options.budget.memoryBytes = bytes
      } else if let number = memory as? NSNumber, number.intValue > 0 {
        options.budget.memoryBytes = number.intValue
      } else {
        throw .validation("\"memory\" takes a size like \"4G\" or a number of bytes")
      }
    }
    if let reward = try string(object, "reward") {
      guard let mode = RewardMode(rawValue: reward) else {
        throw .validation("\"reward\" takes human_rank, improvement or final, not \"\(reward)\"")
      }
      options.reward = mode
    }
    return options
  }

  private static func string(_ object: [String: Any], _ key: String) throws(ServerError) -> String? {
    guard let value = object[key], !(value is NSNull) else { return nil }
    guard let text = value as? String else { throw .validation("\"\(key)\" must be a string") }
    return text
  }

  private static func integer(_ object: [String: Any], _ key: String) throws(ServerError) -> Int? {
    guard let value = object[key], !(value is NSNull) else { return nil }
    guard let number = value as? NSNumber, number.doubleValue == number.doubleValue.rounded() else {
      throw .validation("\"\(key)\" must be an integer")
    }
    return number.intValue
  }

  private static func positive(_ object: [String: Any], _ key: String) throws(ServerError) -> Int? {
    guard let value = try integer(object, key) else { return nil }
    guard value > 0 else { throw .validation("\"\(key)\" must be at least 1") }
    return value
  }

  /// Seconds as a number (`time_s`) or a duration text (`time`: "90s", "15m").
  private static func duration(_ object: [String: Any], _ seconds: String, _ text: String) throws(ServerError) -> Int? {
    if let value = try positive(object, seconds) { return value }
    guard let raw = try string(object, text) else { return nil }
    guard let value = Quantities.seconds(raw), value > 0 else {
      throw .validation("\"\(text)\" takes a duration like \"90s\", \"15m\" or \"2h\"")
    }
    return value
  }
}

/// One step's request, read from a WebSocket message's `data` or an HTTP body's `action`.
public struct StepRequest: Sendable {
  public var turn: AgentTurn
  /// OpenEnv's `timeout_s`: a limit on this step's code, under the budget's.
  public var timeout: Duration?

  /// The action object (`{"action": "run", "code": ...}`), or `{"text": ...}`: a raw reply, read as an agent's
  /// would be. An unreadable action still makes a step (an `invalid_action` feedback), as in `tatami run`.
  static func parse(action object: [String: Any], timeout: Any?) throws(ServerError) -> StepRequest {
    var seconds: Duration?
    if let timeout, !(timeout is NSNull) {
      guard let number = timeout as? NSNumber, number.doubleValue > 0 else {
        throw .validation("\"timeout_s\" must be a number of seconds above 0")
      }
      seconds = .milliseconds(Int(min(number.doubleValue, 1e7) * 1000))
    }
    let reply: String
    if let text = object["text"] as? String, object["action"] == nil {
      reply = text
      do {
        return StepRequest(turn: AgentTurn(action: try Action.parse(Array(text.utf8)), reply: text), timeout: seconds)
      } catch {
        return StepRequest(turn: AgentTurn(action: nil, reply: text, parseError: error), timeout: seconds)
      }
    }
    reply = String(decoding: (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data(), as: UTF8.self)
    do {
      return StepRequest(turn: AgentTurn(action: try Action.parse(object)), timeout: seconds)
    } catch {
      return StepRequest(turn: AgentTurn(action: nil, reply: reply, parseError: error), timeout: seconds)
    }
  }
}
