import Basics
import Foundation

/// Appends JSON lines to `trajectory.jsonl`: a start record, one record per step, an end record.
final class TrajectoryWriter: @unchecked Sendable {
  private var handle: FileHandle?
  private let encoder: JSONEncoder

  init(path: String) {
    // Close-on-exec (no step's code may hold it: it could forge records) and private to the user.
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0o600)
    handle = fd >= 0 ? FileHandle(fileDescriptor: fd, closeOnDealloc: true) : nil
    encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
  }

  func write(_ record: some Encodable) {
    guard let handle, var data = try? encoder.encode(record) else { return }
    data.append(UInt8(ascii: "\n"))
    handle.write(data)
  }

  func close() {
    try? handle?.close()
    handle = nil
  }
}

/// The first line: what the episode is.
struct StartRecord: Encodable {
  let type = "start"
  let runID: String
  let competition: String
  let agent: String
  let seed: Int
  let reward: RewardMode
  let sandbox: String
  let sandboxedAgent: Bool?
  let task: TaskInfo

  enum CodingKeys: String, CodingKey {
    case type, runID = "run_id", competition, agent, seed, reward, sandbox, sandboxedAgent = "sandboxed_agent", task
  }
}

/// One step: the action, what the agent sent, the feedback, the reward, timings and tokens.
struct StepRecord: Encodable {
  let type = "step"
  let step: Int
  let action: Action?
  let reply: String?
  let prompt: [ChatMessage]?
  let feedback: Feedback
  let reward: Double
  let timings: StepTimings
  let tokens: TokenUsage?

  enum CodingKeys: String, CodingKey { case type, step, action, reply, prompt, feedback, reward, timings, tokens }
}

/// The last line: the result (private score included) and the final reward.
struct EndRecord: Encodable {
  let type = "end"
  let result: EpisodeResult
  let reward: Double

  enum CodingKeys: String, CodingKey { case type, result, reward }
}

func writeJSON(_ value: some Encodable, to path: String) {
  let encoder = JSONEncoder()
  encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
  guard let data = try? encoder.encode(value) else { return }
  writeBytes(path, Array(data) + [UInt8(ascii: "\n")], mode: 0o600)
}
