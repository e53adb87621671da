import Foundation
import TatamiTestSupport
import Testing

@testable import Agents
@testable import Arena

@Suite(.serialized)
struct SlowSearchAgentTests {
  @Test("search iterates through the loop on the ketchup competition and beats the baseline on the private rows")
  func beatsBaseline() throws {
    let fixture = try AgentFixture("catsup-brand-choice", budget: Budget(steps: 10, seconds: 600, stepTimeoutSeconds: 120))
    var actions: [ActionKind] = []
    var improvements = 0
    let result = EpisodeDriver.run(SearchAgent(seed: 0), in: fixture.episode) {
      actions.append($0.feedback.action)
      if $0.feedback.submission?.improved == true { improvements += 1 }
    }
    #expect(result.status == .finished, "\(result.note ?? "")")
    #expect(actions.first == .run)
    #expect(actions.filter { $0 == .submit }.count >= 5)
    #expect(result.validSubmissions >= 5)
    #expect(improvements >= 1)
    #expect(result.beatsBaseline == true, "private \(result.finalPrivateScore ?? -1) vs \(result.baselinePrivateScore ?? -1)")
    // Its features and candidates' predictions are cached in working/ between steps.
    let cache = fixture.episode.workspace.working + "/search"
    #expect(FileManager.default.fileExists(atPath: cache + "/data.pkl"))
    #expect(FileManager.default.fileExists(atPath: cache + "/lgbm.npz"))
    // Step 1 is the program's readable source, as a trainer reads it in the trajectory; no encoded blob.
    let first = try String(contentsOfFile: fixture.episode.workspace.code + "/step-001.py", encoding: .utf8)
    #expect(first.hasPrefix(SearchProgram.source))
    #expect(first.contains("def candidate(") && !first.contains("b64decode"))
  }
}

@Suite
struct SearchProgramTests {
  @Test("the embedded program equals Sources/Agents/Python/tatami_search.py (run tools/embed_python.py)")
  func embedded() throws {
    let file = try String(
      contentsOf: TestRuntime.packageRoot.appendingPathComponent("Sources/Agents/Python/tatami_search.py"), encoding: .utf8)
    #expect(SearchProgram.source + "\n" == file)
  }

  @Test("the result line and Python literals")
  func helpers() {
    let line = SearchAgent.resultLine("noise\nTATAMI_RESULT {\"cv\": 0.5}\nmore\n")
    #expect(line?["cv"] as? Double == 0.5)
    #expect(SearchAgent.resultLine("nothing") == nil)
    #expect(SearchAgent.python("it's a \\ test\n") == "'it\\'s a \\\\ test\\n'")
  }

  @Test("the agent pins the requirements file it documents")
  func requirements() throws {
    let file = try String(
      contentsOf: TestRuntime.packageRoot.appendingPathComponent("tools/agent-requirements.txt"), encoding: .utf8)
    #expect(AgentRequirements.text == file)
  }
}
