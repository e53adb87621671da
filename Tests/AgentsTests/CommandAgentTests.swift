import Catalog
import Foundation
import TatamiTestSupport
import Testing

@testable import Agents
@testable import Arena

@Suite(.serialized)
struct SlowCommandAgentTests {
  @Test("the example agent speaks the JSON-lines protocol through a whole episode")
  func exampleAgent() throws {
    let fixture = try AgentFixture("catsup-brand-choice", budget: Budget(steps: 8, seconds: 300, stepTimeoutSeconds: 120))
    let script = TestRuntime.packageRoot.appendingPathComponent("examples/agent.py").path
    let agent = CommandAgent(command: "python3 '\(script)'", logPath: fixture.root + "/agent.log")
    var steps: [Feedback] = []
    let result = EpisodeDriver.run(agent, in: fixture.episode) { steps.append($0.feedback) }
    #expect(result.status == .finished, "\(result.note ?? "")")
    #expect(steps.map(\.action) == [.run, .submit, .submit, .finish])
    #expect(steps[1].submission?.valid == true)
    #expect(result.validSubmissions == 2)
    #expect(result.finalPrivateScore != nil)
    let log = (try? String(contentsOfFile: fixture.root + "/agent.log", encoding: .utf8)) ?? ""
    #expect(log.contains("step 1:"))
  }

  @Test("garbage lines are invalid actions that count; an agent that exits ends the episode with agent_error")
  func brokenAgents() throws {
    let fixture = try AgentFixture("catsup-brand-choice", budget: Budget(steps: 3, seconds: 60, stepTimeoutSeconds: 20))
    let chatty = CommandAgent(command: "while read line; do echo 'not json'; done", logPath: nil)
    var statuses: [FeedbackStatus] = []
    let result = EpisodeDriver.run(chatty, in: fixture.episode) { statuses.append($0.feedback.status) }
    #expect(statuses == [.invalidAction, .invalidAction, .invalidAction])
    #expect(result.status == .budgetExhausted)

    let other = try AgentFixture("catsup-brand-choice", budget: Budget(steps: 3, seconds: 60, stepTimeoutSeconds: 20))
    let quitter = CommandAgent(command: "read line; exit 0", logPath: nil)
    let ended = EpisodeDriver.run(quitter, in: other.episode)
    #expect(ended.status == .agentError)
    #expect(ended.note?.contains("exited with status 0 before sending an action") == true, "\(ended.note ?? "")")
  }

  @Test("an agent that never answers is stopped when the episode's time runs out")
  func silentAgent() throws {
    let fixture = try AgentFixture("catsup-brand-choice", budget: Budget(steps: 3, seconds: 2, stepTimeoutSeconds: 2))
    let silent = CommandAgent(command: "sleep 100", logPath: nil)
    let start = Date()
    let result = EpisodeDriver.run(silent, in: fixture.episode)
    #expect(result.status == .agentError)
    #expect(Date().timeIntervalSince(start) < 8)
  }

  @Test("the baseline agent reproduces the bundle's recorded baseline scores")
  func baseline() throws {
    let fixture = try AgentFixture("catsup-brand-choice", budget: Budget(steps: 3, seconds: 120, stepTimeoutSeconds: 60))
    let script = try fixture.bundle.read(try #require(fixture.bundle.manifest.baseline?.script))
    let result = EpisodeDriver.run(BaselineAgent(script: String(decoding: script, as: UTF8.self)), in: fixture.episode)
    #expect(result.status == .finished)
    let expected = try #require(fixture.bundle.manifest.baseline?.privateScore)
    let actual = try #require(result.finalPrivateScore)
    #expect(abs(actual - expected) < 1e-5)
    #expect(result.beatsBaseline == false)
  }
}

@Suite
struct MissingProgramTests {
  @Test("a path to an executable file is found without a shell; missing programs and paths are still named")
  func missingProgram() throws {
    let folder = NSTemporaryDirectory() + "/tatami-missing-\(UInt32.random(in: 0...UInt32.max))"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let script = folder + "/agent.sh"
    try Data("#!/bin/sh\n".utf8).write(to: URL(fileURLWithPath: script))
    #expect(chmod(script, 0o755) == 0)
    let path = ProcessInfo.processInfo.environment["PATH"]
    #expect(CommandAgent.missingProgram(in: script, path: path) == nil)
    #expect(CommandAgent.missingProgram(in: "'\(script)' --flag", path: path) == nil)
    #expect(CommandAgent.missingProgram(in: folder + "/absent.sh", path: path) == folder + "/absent.sh")
    #expect(CommandAgent.missingProgram(in: "sh -c true", path: path) == nil)
    #expect(CommandAgent.missingProgram(in: "no-such-program-tatami x", path: path) == "no-such-program-tatami")
  }
}
