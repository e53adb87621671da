import Basics
import Catalog
import Foundation
import Leaderboard
import TatamiTestSupport
import Testing

@testable import Arena

/// An episode on the real ketchup bundle (the README's headline competition) in a scratch runs folder.
final class EpisodeFixture {
  let folder: TemporaryFolder
  let episode: Episode
  let bundle: CompetitionBundle

  init(
    budget: Budget = Budget(steps: 6, seconds: 120, stepTimeoutSeconds: 30, sandbox: SlowSandboxTests.smallLimits),
    reward: RewardMode = .humanRank, ranking: (any EpisodeRanking)? = nil, competition: String = "catsup-brand-choice"
  ) throws {
    folder = try TemporaryFolder("tatami-episode")
    bundle = try CompetitionBundle.open(TestRuntime.packageRoot.path + "/Competitions/\(competition).tar.gz")
    let sandbox = try Sandbox.make(
      runtime: TestRuntime.runtime(), limits: budget.sandbox, allowUnsafe: false,
      environment: ProcessInfo.processInfo.environment)
    let workspace = try Workspace.create(
      runsDirectory: folder.path + "/runs", competition: competition, agent: "test", bundle: bundle, sandbox: sandbox)
    episode = try Episode(
      config: EpisodeConfig(agent: "test", budget: budget, seed: 7, reward: reward), bundle: bundle,
      workspace: workspace, sandbox: sandbox,
      ranking: ranking ?? ReferenceBoardRanking(publicScores: [], privateScores: []))
  }

  /// Python that writes a valid ketchup submission with the given constant probabilities.
  ///
  /// On the bundle's Public rows (0.3, 0.55, 0.05, 0.1) scores better than the training shares (0.32, 0.5, 0.07,
  /// 0.11), and (0.85, 0.05, 0.05, 0.05) much worse.
  static func constantSubmission(_ heinz28: Double, _ heinz32: Double, _ heinz41: Double, _ hunts32: Double) -> String {
    """
    import csv
    rows = list(csv.DictReader(open('/workspace/input/sample_submission.csv')))
    with open('/workspace/working/submission.csv', 'w') as f:
        f.write('id,heinz28,heinz32,heinz41,hunts32\\n')
        for row in rows:
            f.write(f"{row['id']},\(heinz28),\(heinz32),\(heinz41),\(hunts32)\\n")
    """
  }

  func trajectoryLines() throws -> [[String: Any]] {
    let text = try String(contentsOfFile: episode.workspace.trajectory, encoding: .utf8)
    return try text.split(separator: "\n").map {
      try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
    }
  }
}

@Suite(.serialized)
struct SlowEpisodeTests {
  @Test("info, run, submit, history, finish: states, steps and the final private score")
  func fullEpisode() throws {
    let fixture = try EpisodeFixture()
    let episode = fixture.episode
    let info = episode.perform(.info)
    #expect(info.status == .ok)
    #expect(info.info?.submission.targetColumns == ["heinz28", "heinz32", "heinz41", "hunts32"])
    #expect(info.info?.files.contains { $0.name == "train.csv" && ($0.columns?.count ?? 0) == 14 } == true)
    #expect(info.info?.files.contains { $0.name.contains("answers") } == false)
    #expect(info.budget.stepsLeft == 5)

    let run = episode.perform(.run(.shell("echo hello; ls /workspace/input")))
    #expect(run.status == .ok)
    #expect(run.execution?.stdoutTail.contains("hello\nsample_submission.csv\ntest.csv\ntrain.csv") == true)

    let first = episode.perform(.submit(.python(EpisodeFixture.constantSubmission(0.32, 0.5, 0.07, 0.11))))
    #expect(first.status == .ok, "\(first)")
    #expect(first.submission?.valid == true)
    #expect(first.submission?.improved == true)
    let firstScore = try #require(first.submission?.publicScore)

    let better = episode.perform(.submit(.python(EpisodeFixture.constantSubmission(0.3, 0.55, 0.05, 0.1))))
    let worse = episode.perform(.submit(.python(EpisodeFixture.constantSubmission(0.85, 0.05, 0.05, 0.05))))
    #expect(worse.submission?.improved == false)
    #expect(worse.submission?.bestPublicScore == min(firstScore, better.submission?.publicScore ?? .infinity))
    #expect(worse.budget.stepsLeft == 1)

    let history = episode.perform(.history)
    #expect(history.history?.map(\.action) == [.info, .run, .submit, .submit, .submit])
    #expect(history.done)
    #expect(episode.isOver)
    #expect(episode.status == .budgetExhausted)
    let result = try #require(episode.result)
    #expect(result.finalSubmissionStep == 5)
    #expect(result.finalPrivateScore != nil)
    #expect(result.steps == 6)
    // After the end, nothing runs.
    let late = episode.perform(.run(.shell("echo late")))
    #expect(late.status == .invalidAction)
  }

  @Test("finish with a chosen step scores that submission; private scores never reach the feedback")
  func chosenSubmission() throws {
    let fixture = try EpisodeFixture()
    let episode = fixture.episode
    let good = episode.perform(.submit(.python(EpisodeFixture.constantSubmission(0.32, 0.5, 0.07, 0.11))))
    _ = episode.perform(.submit(.python(EpisodeFixture.constantSubmission(0.85, 0.05, 0.05, 0.05))))
    let wrong = episode.perform(.finish(submission: 7))
    #expect(wrong.status == .invalidAction)
    #expect(!episode.isOver)
    let done = episode.perform(.finish(submission: good.step))
    #expect(done.done)
    #expect(episode.result?.finalSubmissionStep == 1)
    #expect(episode.result?.finalPublicScore == good.submission?.publicScore)
    let privateScore = try #require(episode.result?.finalPrivateScore)
    #expect(privateScore != good.submission?.publicScore)
    for line in try fixture.trajectoryLines() where line["type"] as? String == "step" {
      let feedback = try JSONSerialization.data(withJSONObject: line["feedback"] ?? [:])
      let text = String(decoding: feedback, as: UTF8.self)
      #expect(!text.contains("private"))
      #expect(!text.contains(String(privateScore)))
    }
  }

  @Test("missing and invalid submissions are typed errors naming the row and column")
  func submissionErrors() throws {
    let fixture = try EpisodeFixture()
    let episode = fixture.episode
    let missing = episode.perform(.submit(.python("print('no file')")))
    #expect(missing.error?.type == .missingSubmission)
    let invalid = episode.perform(.submit(.python(
      """
      import shutil
      shutil.copy('/workspace/input/sample_submission.csv', '/workspace/working/submission.csv')
      with open('/workspace/working/submission.csv', 'a') as f:
          f.write('9999,0.25,0.25,0.25,0.25\\n')
      """)))
    #expect(invalid.error?.type == .invalidSubmission)
    #expect(invalid.error?.message.contains("unknown_id") == true)
    #expect(invalid.error?.row == 1189)  // after the header and the sample's 1,187 rows
    #expect(invalid.submission?.valid == false)
    let asIs = episode.perform(.submit(nil))
    #expect(asIs.error?.type == .invalidSubmission)
    let crash = episode.perform(.submit(.python("import pandas as pd\npd.read_csv('/workspace/input/nope.csv')\n")))
    #expect(crash.error?.type == .runtimeError)
    #expect(crash.error?.message.hasPrefix("FileNotFoundError") == true)
    #expect(crash.error?.hint.contains("/workspace/input") == true)
    #expect(crash.reward == 0)
  }

  @Test("human_rank rewards on a scripted episode: only improvements of the best pay; the same file again pays 0")
  func humanRankRewards() throws {
    let dense = Array(stride(from: 0.0, through: 3.0, by: 0.001))
    let board = ReferenceBoardRanking(publicScores: dense, privateScores: dense)
    let fixture = try EpisodeFixture(
      budget: Budget(steps: 8, seconds: 300, stepTimeoutSeconds: 30, sandbox: SlowSandboxTests.smallLimits),
      ranking: board)
    let episode = fixture.episode
    let script = [
      episode.perform(.submit(.python(EpisodeFixture.constantSubmission(0.85, 0.05, 0.05, 0.05)))),
      episode.perform(.submit(.python(EpisodeFixture.constantSubmission(0.32, 0.5, 0.07, 0.11)))),
      episode.perform(.submit(nil)),  // the same file again
      episode.perform(.submit(.python(EpisodeFixture.constantSubmission(0.85, 0.05, 0.05, 0.05)))),  // a worse one again
      episode.perform(.submit(.python(EpisodeFixture.constantSubmission(0.3, 0.55, 0.05, 0.1)))),
    ]
    let positions = try script.map { try #require($0.submission?.humanRank, "\($0)") }
    #expect(script[1].submission?.publicRank == 1 + dense.count { $0 < (script[1].submission?.publicScore ?? 0) })
    #expect(positions[1] > positions[0] && positions[4] >= positions[1], "\(positions)")
    var best = 0.0
    for (feedback, position) in zip(script, positions) {
      #expect(isClose(feedback.reward, max(0, position - best)), "step \(feedback.step)")
      best = max(best, position)
    }
    #expect(script[2].reward == 0)
    #expect(script[3].reward == 0)
    #expect(isClose(script.map(\.reward).reduce(0, +), positions.max() ?? -1))
    episode.perform(.finish(submission: nil))
    let result = try #require(episode.result)
    #expect(result.publicPositionScore == positions[4])
    #expect(result.humanRank == HumanRank.mean([result.publicPositionScore, result.privatePositionScore]))
  }

  @Test("improvement rewards on a scripted episode: normalised, from the baseline's 0; final pays at the end only")
  func improvementAndFinalRewards() throws {
    // Lower is better; baseline 1.0, board median 0.7 and best 0.2: the unit is 0.8.
    let yardstick = Yardstick(
      direction: ScoreDirection(higherIsBetter: false), publicReference: [0.2, 0.5, 0.9, 1.5],
      privateReference: [0.2, 0.5, 0.9, 1.5], publicBaseline: 1.0, privateBaseline: 1.0)
    var ledger = RewardLedger(mode: .improvement, yardstick: yardstick)
    let rewards = [1.2, 0.8, 0.8, 0.9, 0.2, 0.1].map { ledger.pay(publicScore: $0) }
    let expected = [0, 0.25, 0, 0, 0.75, 0.125]  // worse than the baseline, then each gain of the best
    for (reward, value) in zip(rewards, expected) { #expect(isClose(reward, value), "\(rewards)") }
    #expect(isClose(rewards.reduce(0, +), 1.125))  // the best normalised score reached: (1.0 − 0.1) / 0.8

    var human = RewardLedger(mode: .humanRank, yardstick: yardstick)
    let humanRewards = [0.8, 0.8, 0.4, 0.4].map { human.pay(publicScore: $0) }
    #expect(humanRewards == [0.5, 0, 0.25, 0])

    let board = Array(stride(from: 0.0, through: 3.0, by: 0.01))
    let finalFixture = try EpisodeFixture(
      reward: .final, ranking: ReferenceBoardRanking(publicScores: board, privateScores: board))
    let final = finalFixture.episode
    let step = final.perform(.submit(.python(EpisodeFixture.constantSubmission(0.32, 0.5, 0.07, 0.11))))
    #expect(step.submission?.valid == true)
    #expect(step.reward == 0)
    final.perform(.finish(submission: nil))
    let end = try #require(try finalFixture.trajectoryLines().last)
    #expect(end["type"] as? String == "end")
    #expect((final.result?.humanRank ?? 0) > 0)
    // Both read back the same way (Foundation's JSONSerialization rounds some doubles on Linux).
    let result = try #require(end["result"] as? [String: Any])
    #expect(end["reward"] as? Double == result["human_rank"] as? Double)
  }

  @Test("the trajectory has a start line, one line per step with timings, and an end line; summary.json matches")
  func trajectory() throws {
    let fixture = try EpisodeFixture()
    fixture.episode.perform(.run(.python("print(1)")), turn: AgentTurn(action: nil, reply: "raw reply", agentSeconds: 0.5))
    fixture.episode.perform(.finish(submission: nil))
    let lines = try fixture.trajectoryLines()
    #expect(lines.map { $0["type"] as? String } == ["start", "step", "step", "end"])
    let step = lines[1]
    #expect(step["reply"] as? String == "raw reply")
    let timings = try #require(step["timings"] as? [String: Double])
    #expect(timings["agent"] == 0.5)
    #expect((timings["execution"] ?? 0) > 0)
    #expect((timings["total"] ?? 0) >= (timings["execution"] ?? 0))
    let summary = try #require(FileManager.default.contents(atPath: fixture.episode.workspace.summary))
    let result = try JSONDecoder().decode(EpisodeResult.self, from: summary)
    #expect(result.status == .finished)
    #expect(result.finalSubmissionStep == nil)
    #expect(!FileManager.default.fileExists(atPath: fixture.episode.workspace.input))
    #expect(RunIndex.list(fixture.folder.path + "/runs").first?.result?.runID == result.runID)
  }

  @Test("a step's code cannot reach the leaderboard database or the runs folder, which stay untouched")
  func leaderboardUntouched() throws {
    let fixture = try EpisodeFixture()
    let database = fixture.folder.path + "/leaderboard.sqlite"
    try fixture.folder.file("leaderboard.sqlite", "SQLite format 3\0 reference rows")
    let before = try Data(contentsOf: URL(fileURLWithPath: database))
    let feedback = fixture.episode.perform(.run(.python(
      """
      import os
      for path in ['\(database)', '\(fixture.episode.workspace.trajectory)', '\(fixture.folder.path)']:
          try:
              with open(path, 'r+b') as f:
                  f.write(b'OWNED')
              print('WROTE', path)
          except OSError as e:
              print('blocked', type(e).__name__)
      """)))
    #expect(feedback.status == .ok)
    #expect(feedback.execution?.stdoutTail.contains("WROTE") == false)
    #expect(try Data(contentsOf: URL(fileURLWithPath: database)) == before)
  }

  @Test("filling working/ past the disk budget removes what the step wrote")
  func diskBudget() throws {
    var budget = Budget(steps: 4, seconds: 60, stepTimeoutSeconds: 20, sandbox: SlowSandboxTests.smallLimits)
    budget.diskBytes = 24 << 20
    let fixture = try EpisodeFixture(budget: budget)
    let feedback = fixture.episode.perform(.run(.python(
      """
      for i in range(4):
          with open(f'/workspace/working/part{i}.bin', 'wb') as f:
              f.write(b'1' * (10 << 20))
      """)))
    #expect(feedback.error?.type == .diskExceeded)
    let usage = fixture.episode.workspace.workingUsage()
    #expect(usage.bytes <= budget.diskBytes)
  }
}

@Suite
struct EpisodeUnitTests {
  @Test("actions parse from JSON; mistakes get invalid_action with an example")
  func parsing() throws {
    #expect(try Action.parse(Array(#"{"action":"info"}"#.utf8)) == .info)
    #expect(try Action.parse(Array(#"{"action":"run","code":"print(1)"}"#.utf8)) == .run(.python("print(1)")))
    #expect(try Action.parse(Array(#"{"action":"run","command":"ls"}"#.utf8)) == .run(.shell("ls")))
    #expect(try Action.parse(Array(#"{"action":"submit"}"#.utf8)) == .submit(nil))
    #expect(try Action.parse(Array(#"{"action":"finish","submission":3}"#.utf8)) == .finish(submission: 3))
    for bad in [#"{"action":"run"}"#, #"{"action":"jump"}"#, "not json", "[1]", #"{"action":"run","code":"a","command":"b"}"#] {
      #expect(throws: StepError.self) { try Action.parse(Array(bad.utf8)) }
      do {
        _ = try Action.parse(Array(bad.utf8))
      } catch {
        #expect(error.type == .invalidAction)
        #expect(error.hint.contains(#"{"action": "run""#))
      }
    }
  }

  @Test("the budget meter counts steps and cuts the step timeout to the time left")
  func budget() {
    var meter = BudgetMeter(budget: Budget(steps: 2, seconds: 10, stepTimeoutSeconds: 60))
    #expect(meter.nextStepTimeout <= .seconds(10))
    #expect(meter.nextStepTimeout > .seconds(9))
    meter.countStep()
    #expect(meter.stepsLeft == 1)
    #expect(!meter.exhausted)
    meter.countStep()
    #expect(meter.exhausted)
    let past = BudgetMeter(budget: Budget(steps: 5, seconds: 1), started: ContinuousClock().now - .seconds(2))
    #expect(past.exhausted)
    #expect(past.left.secondsLeft == 0)
  }

  @Test("HumanRank, rank and medals follow MLE-Dojo and MLE-bench")
  func ranking() {
    let yardstick = ReferenceBoardRanking(
      publicScores: [0.9, 0.8, 0.7, 0.6], privateScores: Array(stride(from: 1.0, to: 0.0, by: -0.05))
    ).yardstick(higherIsBetter: true, baseline: nil)
    #expect(yardstick.rank(0.8, in: .public) == 2)
    #expect(yardstick.positionScore(0.8, in: .public) == 0.75)
    #expect(yardstick.positionScore(0.95, in: .public) == 1)
    #expect(yardstick.positionScore(0.1, in: .public) == 0)
    // 20 teams: gold = position 2, silver = 4, bronze = 8.
    #expect(yardstick.numbers(publicScore: nil, privateScore: 0.95).medal == .gold)
    #expect(yardstick.numbers(publicScore: nil, privateScore: 0.86).medal == .silver)
    #expect(yardstick.numbers(publicScore: nil, privateScore: 0.65).medal == .bronze)
    #expect(yardstick.numbers(publicScore: nil, privateScore: 0.6).medal == nil)
    let empty = ReferenceBoardRanking(publicScores: [], privateScores: []).yardstick(higherIsBetter: true, baseline: nil)
    #expect(empty.positionScore(1, in: .public) == nil)
    #expect(empty.numbers(publicScore: 1, privateScore: 1).humanRank == nil)
  }

  @Test("feedback JSON has every field of docs/feedback.schema.json, nulls included")
  func feedbackJSON() throws {
    let feedback = Feedback(
      step: 3, action: .submit, status: .ok,
      execution: ExecutionReport(
        exitCode: 0, signal: nil, seconds: 1.5, timedOut: false, memoryExceeded: false, cpuTimeExceeded: false,
        fileSizeExceeded: false, outputTruncated: false, stdoutTail: "", stderrTail: "", stdoutBytes: 0,
        stderrBytes: 0, maxRSSBytes: 1024),
      error: nil,
      submission: SubmissionFeedback(
        valid: true, submissionStep: 3, publicScore: 0.5, publicRank: nil, leaderboardSize: nil, humanRank: nil,
        baselinePublicScore: 0.6, bestPublicScore: 0.5, improved: true, higherIsBetter: false, rows: 10),
      info: nil, history: nil, budget: BudgetLeft(stepsLeft: 2, secondsLeft: 100), reward: 0.1, done: false,
      message: "m")
    let object = try #require(
      JSONSerialization.jsonObject(with: JSONEncoder().encode(feedback)) as? [String: Any])
    let schemaData = try Data(contentsOf: TestRuntime.packageRoot.appendingPathComponent("docs/feedback.schema.json"))
    let schema = try #require(JSONSerialization.jsonObject(with: schemaData) as? [String: Any])
    try SchemaCheck.check(object, against: schema, definitions: schema["$defs"] as? [String: Any] ?? [:], path: "$")
    let submission = try #require(object["submission"] as? [String: Any])
    #expect(submission["public_rank"] is NSNull)
    #expect(object["error"] is NSNull)
  }
}

/// Checks the JSON Schema subset docs/feedback.schema.json uses: type, required, properties, $ref, enum.
enum SchemaCheck {
  struct Failure: Error, CustomStringConvertible {
    let description: String
  }

  static func check(_ value: Any, against schema: [String: Any], definitions: [String: Any], path: String) throws {
    if value is NSNull, let types = schema["type"] as? [String], types.contains("null") { return }
    var schema = schema
    if let reference = schema["$ref"] as? String, let name = reference.split(separator: "/").last,
      let resolved = definitions[String(name)] as? [String: Any]
    {
      schema = resolved
    }
    if let types = schema["type"] {
      let allowed = (types as? [String]) ?? [(types as? String) ?? ""]
      guard allowed.contains(where: { matches(value, type: $0) }) else {
        throw Failure(description: "\(path): \(value) is not \(allowed)")
      }
    }
    if let options = schema["enum"] as? [Any] {
      guard options.contains(where: { "\($0)" == "\(value)" }) else { throw Failure(description: "\(path): \(value) not in enum") }
    }
    if let object = value as? [String: Any] {
      for key in schema["required"] as? [String] ?? [] where object[key] == nil {
        throw Failure(description: "\(path): missing required \(key)")
      }
      let properties = schema["properties"] as? [String: Any] ?? [:]
      if schema["additionalProperties"] as? Bool == false {
        for key in object.keys where properties[key] == nil {
          throw Failure(description: "\(path): unexpected \(key)")
        }
      }
      for (key, sub) in properties {
        if let child = object[key], let subschema = sub as? [String: Any] {
          try check(child, against: subschema, definitions: definitions, path: path + "." + key)
        }
      }
    }
    if let array = value as? [Any], let items = schema["items"] as? [String: Any] {
      for (index, item) in array.enumerated() {
        try check(item, against: items, definitions: definitions, path: "\(path)[\(index)]")
      }
    }
  }

  static func matches(_ value: Any, type: String) -> Bool {
    switch type {
    case "null": return value is NSNull
    case "object": return value is [String: Any]
    case "array": return value is [Any]
    case "string": return value is String
    case "boolean": return (value as? NSNumber).map(isBool) ?? false
    case "integer": return (value as? NSNumber).map { !isBool($0) && $0.doubleValue == $0.doubleValue.rounded() } ?? false
    case "number": return (value as? NSNumber).map { !isBool($0) } ?? false
    default: return false
    }
  }

  static func isBool(_ number: NSNumber) -> Bool { String(cString: number.objCType) == "c" }
}

private func isClose(_ value: Double, _ expected: Double) -> Bool { abs(value - expected) <= 1e-12 }

@Suite
struct EpisodeMaterialTests {
  @Test("the workspace's one pass gathers what separate reads of the bundle do, and fills the same task overview")
  func onePassMatchesReads() throws {
    let folder = try TemporaryFolder("tatami-material")
    let bundle = try CompetitionBundle.open(TestRuntime.packageRoot.path + "/Competitions/catsup-brand-choice.tar.gz")
    let sandbox = try Sandbox.make(
      runtime: TestRuntime.runtime(), limits: SlowSandboxTests.smallLimits, allowUnsafe: true, unsafeRequested: true,
      environment: ProcessInfo.processInfo.environment)
    let (workspace, pass) = try Workspace.prepare(
      runsDirectory: folder.path + "/runs", competition: "catsup-brand-choice", agent: "test", bundle: bundle,
      sandbox: sandbox, reading: EpisodeMaterial.reading(bundle.manifest))
    let gathered = EpisodeMaterial(pass, manifest: bundle.manifest)
    let read = EpisodeMaterial(reading: bundle)
    #expect(try gathered.answers.get() == read.answers.get())
    #expect(gathered.description != nil && gathered.description == read.description)
    #expect(!gathered.heads.isEmpty && gathered.heads == read.heads)
    #expect(FileManager.default.fileExists(atPath: workspace.input + "/train.csv"))
    let scorer = try bundle.scorer()
    let budget = Budget.defaults
    #expect(
      Episode.describe(bundle: bundle, material: gathered, scorer: scorer, budget: budget)
        == Episode.describe(bundle: bundle, material: read, scorer: scorer, budget: budget))
  }
}
