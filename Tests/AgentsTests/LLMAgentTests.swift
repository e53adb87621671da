import Foundation
import TatamiTestSupport
import Testing

@testable import Agents
@testable import Arena

/// The loopback stub of tools/llm_stub_server.py, stopped at the end of the test.
final class StubServer {
  let process = Process()
  let port: Int
  let log: String

  init(fail: String = "429,500") throws {
    log = NSTemporaryDirectory() + "/tatami-stub-\(UUID().uuidString).jsonl"
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", TestRuntime.packageRoot.appendingPathComponent("tools/llm_stub_server.py").path,
                         "--fail", fail, "--log", log]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    var line = Data()
    while !line.contains(UInt8(ascii: "\n")) {
      let chunk = output.fileHandleForReading.availableData
      if chunk.isEmpty { break }
      line.append(chunk)
    }
    let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    port = try #require(Int(text.replacingOccurrences(of: "PORT ", with: "")), "stub said: \(text)")
  }

  deinit {
    // SIGKILL: the test runner's threads may block SIGTERM, and children inherit the mask.
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    try? FileManager.default.removeItem(atPath: log)
  }

  func requests() throws -> [[String: Any]] {
    let text = try String(contentsOfFile: log, encoding: .utf8)
    return try text.split(separator: "\n").map {
      try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
    }
  }
}

@Suite(.serialized)
struct SlowLLMAgentTests {
  @Test("the llm agent completes an episode against the loopback server, retrying 429 and 500")
  func episode() throws {
    let stub = try StubServer()
    let fixture = try AgentFixture("catsup-brand-choice", budget: Budget(steps: 6, seconds: 120, stepTimeoutSeconds: 60))
    let options = LLMOptions(
      baseURL: "http://127.0.0.1:\(stub.port)/v1", apiKey: "test-key", model: "stub", promptPricePerMillion: 1,
      completionPricePerMillion: 2, maxRetries: 3)
    let agent = try LLMAgent(options: options, retryBaseSeconds: 0.01)
    var actions: [ActionKind] = []
    let result = EpisodeDriver.run(agent, in: fixture.episode) { actions.append($0.feedback.action) }
    #expect(result.status == .finished, "\(result.note ?? "")")
    #expect(actions == [.run, .submit, .finish])
    #expect(result.validSubmissions == 1)
    let tokens = try #require(result.tokens)
    #expect(tokens.promptTokens > 100)
    #expect(tokens.costUSD > 0)
    let requests = try stub.requests()
    #expect(requests.count == 5)  // 429, 500, then three answers
    #expect(requests.first?["authorization"] as? String == "Bearer test-key")
    let last = try #require((requests.last?["body"] as? [String: Any])?["messages"] as? [[String: String]])
    #expect(last.first?["role"] == "system")
    #expect(last[1]["content"]?.contains("multiclass_log_loss") == true)
    #expect(last.last?["content"]?.contains("public score") == true)
    // The trajectory holds each observation once: the system and task messages on the first step, then only
    // the feedback message new at each later step, never the whole prompt again.
    let steps = try String(contentsOfFile: fixture.episode.workspace.trajectory, encoding: .utf8)
      .split(separator: "\n").compactMap { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
      .filter { $0["type"] as? String == "step" }
    let observations = steps.map { ($0["observation"] as? [[String: String]])?.map { $0["role"] ?? "" } ?? [] }
    #expect(observations == [["system", "user"], ["user"], ["user"]])
    #expect(steps.allSatisfy { $0["prompt"] == nil })
  }

  @Test("without retries left, the server's errors end the episode as agent_error")
  func exhaustedRetries() throws {
    let stub = try StubServer(fail: "500,500,500,500")
    let fixture = try AgentFixture("catsup-brand-choice", budget: Budget(steps: 3, seconds: 60, stepTimeoutSeconds: 30))
    let agent = try LLMAgent(
      options: LLMOptions(baseURL: "http://127.0.0.1:\(stub.port)/v1", maxRetries: 2), retryBaseSeconds: 0.01)
    let result = EpisodeDriver.run(agent, in: fixture.episode)
    #expect(result.status == .agentError)
    #expect(result.note?.contains("HTTP 500") == true)
  }
}

@Suite
struct CodeExtractionTests {
  @Test("actions from the shapes models reply in")
  func shapes() throws {
    #expect(try CodeExtraction.action(from: #"{"action": "finish"}"#) == .finish(submission: nil))
    #expect(try CodeExtraction.action(from: "Done.\n```json\n{\"action\": \"finish\", \"submission\": 4}\n```")
      == .finish(submission: 4))
    #expect(try CodeExtraction.action(from: "Let me look.\n{\"action\": \"run\"}\n```python\nprint(1)\n```\n")
      == .run(.python("print(1)")))
    #expect(try CodeExtraction.action(from: "```bash\nls -la\n```\n{\"action\":\"run\"}") == .run(.shell("ls -la")))
    #expect(try CodeExtraction.action(from: "```python\ndf.to_csv('/workspace/working/submission.csv')\n```")
      == .submit(.python("df.to_csv('/workspace/working/submission.csv')")))
    #expect(try CodeExtraction.action(from: #"text {"note": "{not an action}"} {"action": "run", "code": "x = {'a': 1}"}"#)
      == .run(.python("x = {'a': 1}")))
    #expect(throws: StepError.self) { try CodeExtraction.action(from: "I am not sure what to do.") }
  }

  @Test("a turn's observation is what is new since the model's last turn, or everything after a rewrite")
  func newMessages() {
    let system = ChatMessage(role: "system", content: "s")
    let task = ChatMessage(role: "user", content: "t")
    let reply = ChatMessage(role: "assistant", content: "a")
    let feedback = ChatMessage(role: "user", content: "f")
    #expect(LLMAgent.newMessages([system, task], after: []) == [system, task])
    #expect(LLMAgent.newMessages([system, task, reply, feedback], after: [system, task, reply]) == [feedback])
    let summary = ChatMessage(role: "user", content: "Summary of the earlier steps")
    #expect(LLMAgent.newMessages([system, task, summary], after: [system, task, reply]) == [system, task, summary])
  }

  @Test("old steps are summarised to fit the context window")
  func context() throws {
    let agent = try LLMAgent(options: LLMOptions(baseURL: "http://127.0.0.1:9/v1", maxTokens: 100, contextTokens: 1500))
    try agent.begin(TaskInfo.sample)
    #expect(agent.conversation().count == 2)
    for step in 1...10 {
      agent.turns.append((String(repeating: "r", count: 1000), String(repeating: "f", count: 1000), "step \(step): run → ok"))
    }
    let messages = agent.conversation()
    let summary = try #require(messages.first { $0.content.hasPrefix("Summary of the earlier steps") })
    #expect(summary.content.contains("step 1: run → ok"))
    #expect(messages.count < 2 + 20)
    #expect(messages.reduce(0) { $0 + $1.content.count } / 4 <= 1500)
    #expect(messages.last?.content.hasPrefix("fff") == true)
  }
}

extension TaskInfo {
  static var sample: TaskInfo {
    TaskInfo(
      competition: "x", title: "X", task: "regression", overview: "overview", metric: MetricInfo(
        name: "rmse", higherIsBetter: false, parameters: [:], definition: "root mean squared error"),
      submission: SubmissionFormat(idColumn: "id", targetColumns: ["y"], path: "/workspace/working/submission.csv"),
      files: [], sampleSubmissionHead: nil, budget: Budget(), paths: Paths(input: "/i", working: "/w", submission: "/s"),
      baselinePublicScore: nil, actions: [])
  }
}
