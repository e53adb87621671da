import Arena
@testable import Catalog
import Foundation
import Testing

@testable import Server

@Suite struct ResetOptionsTests {
  @Test func readsEveryOptionAndIgnoresUnknownKeys() throws {
    let options = try ResetOptions.parse(
      [
        "competition": "catsup-brand-choice", "seed": 7, "episode_id": "e-1", "agent": "grpo", "steps": 5, "time": "15m",
        "step_timeout_s": 30, "memory": "2G", "reward": "improvement", "render": true,
      ], defaultCompetition: nil)
    #expect(options.competition == "catsup-brand-choice")
    #expect(options.seed == 7 && options.episodeID == "e-1" && options.agent == "grpo")
    #expect(options.budget.steps == 5 && options.budget.seconds == 900 && options.budget.stepTimeoutSeconds == 30)
    #expect(options.budget.memoryBytes == 2 << 30 && options.reward == .improvement)
  }

  @Test func theServersCompetitionFillsIn() throws {
    #expect(try ResetOptions.parse([:], defaultCompetition: "x").competition == "x")
    #expect(throws: ServerError.self) { try ResetOptions.parse([:], defaultCompetition: nil) }
  }

  @Test(arguments: [
    ["competition": "c", "seed": "1"], ["competition": "c", "seed": -1], ["competition": 3],
    ["competition": "c", "reward": "money"], ["competition": "c", "steps": 0], ["competition": "c", "time": "soon"],
    ["competition": "c", "memory": "lots"], ["competition": "c", "episode_id": ""],
  ] as [[String: any Sendable]])
  func rejectsWrongValuesWithAValidationError(_ object: [String: any Sendable]) {
    do {
      _ = try ResetOptions.parse(object, defaultCompetition: nil)
      Issue.record("accepted \(object)")
    } catch {
      #expect(error.code == "VALIDATION_ERROR")
    }
  }

  @Test func budgetTakesTheOptionsThenTheBundlesLimits() throws {
    var options = ResetOptions(competition: "c")
    options.budget.steps = 3
    let limits = Manifest.Limits(steps: 9, timeSeconds: 120, stepTimeoutSeconds: 600, memoryBytes: 1 << 30)
    let budget = try Budget.resolve(options.budget, limits: limits, processors: 2)
    #expect(budget.steps == 3 && budget.seconds == 120)
    // A step never outlasts the episode.
    #expect(budget.stepTimeoutSeconds == 120)
    #expect(budget.sandbox.memoryBytes == 1 << 30)
  }
}

@Suite struct StepRequestTests {
  @Test func anActionObjectBecomesItsAction() throws {
    let request = try StepRequest.parse(action: ["action": "run", "code": "print(1)"], timeout: 2.5)
    #expect(request.turn.action == .run(.python("print(1)")))
    #expect(request.timeout == .milliseconds(2500))
  }

  @Test func rawTextIsReadAsAnAgentsReply() throws {
    let request = try StepRequest.parse(action: ["text": #"{"action": "finish"}"#], timeout: nil)
    #expect(request.turn.action == .finish(submission: nil))
    #expect(request.turn.reply == #"{"action": "finish"}"#)
  }

  @Test func anUnreadableActionStillMakesAStepWithItsError() throws {
    for object: [String: Any] in [["action": "explode"], ["text": "hello"], ["code": "print(1)"]] {
      let request = try StepRequest.parse(action: object, timeout: nil)
      #expect(request.turn.action == nil)
      #expect(request.turn.parseError?.type == .invalidAction)
    }
  }

  @Test func aBadTimeoutIsAValidationError() {
    for timeout: Any in [0, -1, "soon"] {
      #expect(throws: ServerError.self) { try StepRequest.parse(action: ["action": "info"], timeout: timeout) }
    }
  }
}

@Suite struct WireTests {
  @Test func errorsCarryOpenEnvsCodes() {
    #expect(ServerError.invalidJSON("x").code == "INVALID_JSON")
    #expect(ServerError.capacityReached(active: 2, max: 2).body.maxSessions == 2)
  }

  @Test func schemasAreJSONWithTheThreeParts() throws {
    let object = try #require(try JSONSerialization.jsonObject(with: Data(Schemas.all.utf8)) as? [String: Any])
    #expect(Set(object.keys) == ["action", "observation", "state"])
  }

  @Test func aResetAnswerHasANullRewardAndNoEscapedSlashes() throws {
    let observation = Observation(
      text: "a/b", episodeID: "e", runID: "r", competition: "c", step: 0, task: nil, feedback: nil)
    let text = String(decoding: WireJSON.encode(StepResult(observation: observation, reward: nil, done: false)), as: UTF8.self)
    #expect(text.contains(#""reward":null"#))
    #expect(text.contains("a/b"))
  }

  @Test func onlyLoopbackListensWithoutAToken() {
    #expect(TatamiServer.isLoopback("127.0.0.1") && TatamiServer.isLoopback("localhost") && TatamiServer.isLoopback("::1"))
    #expect(!TatamiServer.isLoopback("0.0.0.0") && !TatamiServer.isLoopback("10.0.0.1"))
  }
}
