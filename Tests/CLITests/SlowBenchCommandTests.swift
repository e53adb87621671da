import Foundation
import Testing

/// The bench fixtures: three tiny competitions (two in `lite`, one in `train`) with reference boards.
private let benchFixtures = TatamiBinary.fixture("bench")
private let catalogFolder = benchFixtures + "/Competitions"
private let agentScript = benchFixtures + "/agent.py"
/// Submits the exact answers: a gold medal everywhere.
private let perfectAgent = "cmd:python3 \(agentScript) 2 0.5"

private func environment(home: String, extra: [String: String] = [:]) -> [String: String] {
  var environment = ["TATAMI_HOME": home]
  if ProcessInfo.processInfo.environment["TATAMI_PYTHON_RUNTIME"] == nil {
    environment["TATAMI_PYTHON_RUNTIME"] = TatamiBinary.fixtures.deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent(".venv").path
  }
  return environment.merging(extra) { _, new in new }
}

/// The result.json files under a bench directory, by episode folder, with their run ids.
private func runIDs(in directory: String) throws -> [String: String] {
  var found: [String: String] = [:]
  guard let walker = FileManager.default.enumerator(atPath: directory + "/episodes") else { return [:] }
  while let relative = walker.nextObject() as? String {
    guard relative.hasSuffix("/result.json") else { continue }
    let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/episodes/" + relative))
    let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    found[relative] = object["run_id"] as? String
  }
  return found
}

/// Processes whose command line mentions `text` (the episodes of one bench directory).
private func processes(mentioning text: String) -> [Int32] {
  let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
  return names.compactMap(Int32.init).filter { pid in
    guard pid != getpid(), let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
    return String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\0", with: " ").contains(text)
  }
}

private func waitUntil(seconds: Double, _ condition: () throws -> Bool) rethrows -> Bool {
  let deadline = Date().addingTimeInterval(seconds)
  while Date() < deadline {
    if try condition() { return true }
    usleep(50_000)
  }
  return try condition()
}

/// Starts `tatami` in the background (for kill -9 and Ctrl-C).
private func start(_ arguments: [String], environment: [String: String]) throws -> Process {
  let process = Process()
  process.executableURL = TatamiBinary.url
  process.arguments = arguments
  process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
  process.standardOutput = FileHandle.nullDevice
  process.standardError = FileHandle.nullDevice
  try process.run()
  return process
}

@Suite(.serialized)
struct SlowBenchCommandTests {
  let home = NSTemporaryDirectory() + "tatami-bench-" + UUID().uuidString

  init() throws { try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true) }

  private func tatami(_ arguments: [String], extra: [String: String] = [:]) throws -> TatamiBinary.Outcome {
    try TatamiBinary.run(arguments, environment: environment(home: home, extra: extra))
  }

  /// `tatami` that sees only the fixture catalog (the repository's own has a lite split of 20 competitions).
  private func tatamiOnFixtures(_ arguments: [String]) throws -> TatamiBinary.Outcome {
    try TatamiBinary.run(
      arguments, environment: environment(home: home), directory: home, executable: TatamiBinary.outsideRepository)
  }

  @Test("list --split lite shows the lite fixtures only, and list --json carries split")
  func listSplit() throws {
    defer { try? FileManager.default.removeItem(atPath: home) }
    let lite = try tatami(["list", "--split", "lite", "--json", "--catalog", catalogFolder])
    #expect(lite.status == 0, "\(lite.stderr)")
    let items = try #require(try JSONSerialization.jsonObject(with: Data(lite.stdout.utf8)) as? [[String: Any]])
    #expect(Set(items.compactMap { $0["id"] as? String }).isSuperset(of: ["bench-lite-a", "bench-lite-b"]))
    #expect(items.allSatisfy { $0["split"] as? String == "lite" })
    let all = try tatami(["list", "--json", "--catalog", catalogFolder])
    let every = try #require(try JSONSerialization.jsonObject(with: Data(all.stdout.utf8)) as? [[String: Any]])
    #expect(every.allSatisfy { $0.keys.contains("split") })
    #expect(every.first { $0["id"] as? String == "bench-train-c" }?["split"] as? String == "train")
    #expect(try tatami(["list", "--split", "nope"]).status == 3)
  }

  @Test("a bench over --split runs every episode, resumes without redoing any, and reports")
  func benchResumeReport() throws {
    defer { try? FileManager.default.removeItem(atPath: home) }
    let directory = home + "/b"
    let arguments = [
      "bench", "t", "--agent", "baseline", "--agent", perfectAgent, "--split", "lite", "--seeds", "2",
      "--jobs", "2", "--dir", directory, "--catalog", catalogFolder,
    ]
    let first = try tatamiOnFixtures(arguments)
    #expect(first.status == 0, "\(first.stderr)")
    let ids = try runIDs(in: directory)
    #expect(ids.count == 8)
    let again = try tatamiOnFixtures(arguments)
    #expect(again.status == 0, "\(again.stderr)")
    #expect(try runIDs(in: directory) == ids, "finished episodes are kept, not rerun")
    #expect(again.stderr.contains("8/8 episodes have a result"))

    let changed = try tatamiOnFixtures(arguments.map { $0 == "2" ? "3" : $0 })
    #expect(changed.status == 3 && changed.stderr.contains("planned with other settings"))

    let report = try tatamiOnFixtures(["report", directory, "--json"])
    #expect(report.status == 0, "\(report.stderr)")
    let json = try report.json()
    #expect(json["planned"] as? Int == 8 && json["missing"] as? Int == 0)
    let summary = try #require(json["agents_summary"] as? [[String: Any]])
    let perfect = try #require(summary.first { $0["agent"] as? String == perfectAgent })
    #expect((perfect["gold_percent"] as? [String: Any])?["mean"] as? Double == 100)
    let baseline = try #require(summary.first { $0["agent"] as? String == "baseline" })
    #expect((baseline["any_medal_percent"] as? [String: Any])?["mean"] as? Double == 0)
    let elo = try #require((json["elo"] as? [String: Any])?["ratings"] as? [String: Double])
    #expect((elo[perfectAgent] ?? 0) > (elo["baseline"] ?? 0))

    let csv = try tatamiOnFixtures(["report", directory, "--csv"])
    #expect(csv.stdout.split(separator: "\n").count == 9)
    let mle = try tatamiOnFixtures(["report", directory, "--format", "mle-bench"])
    let reports = try #require(try JSONSerialization.jsonObject(with: Data(mle.stdout.utf8)) as? [[String: Any]])
    #expect(reports.count == 4 && reports.allSatisfy { $0["competition_reports"] != nil })
    let page = home + "/r.html"
    let html = try tatamiOnFixtures(["report", directory, "--html", page])
    #expect(html.status == 0)
    let text = try String(contentsOfFile: page, encoding: .utf8)
    for id in ["performance-profile", "medal-rates", "heatmap"] { #expect(text.contains("id=\"\(id)\"")) }
    // The episodes' final submissions are on the bench's own board.
    let board = try tatamiOnFixtures(["board", "bench-lite-a", "--json", "--db", directory + "/leaderboard.sqlite",
                            "--catalog", catalogFolder])
    #expect(board.stdout.contains("\"source\" : \"local\""), "\(board.stdout.prefix(300))")
  }

  @Test("after kill -9 of the bench no episode is left running, and a rerun keeps what finished")
  func killNineAndResume() throws {
    defer { try? FileManager.default.removeItem(atPath: home) }
    let directory = home + "/k"
    let arguments = [
      "bench", "k", "--agent", "cmd:python3 \(agentScript)", "--competitions", "bench-lite-a,bench-lite-b",
      "--seeds", "3", "--jobs", "1", "--dir", directory, "--catalog", catalogFolder,
    ]
    let hold = home + "/hold"
    let held = ["BENCH_AGENT_HOLD": hold]
    let bench = try start(arguments, environment: environment(home: home, extra: held))
    #expect(try waitUntil(seconds: 60) { try runIDs(in: directory).count >= 2 })
    // From now on an episode waits as long as the file exists (a minute): one that outlived the bench would show.
    FileManager.default.createFile(atPath: hold, contents: Data())
    usleep(1_500_000)
    #expect(!processes(mentioning: directory + "/episodes").isEmpty, "an episode is running")
    kill(bench.processIdentifier, SIGKILL)
    // Not waitUntilExit: Foundation waits there for descriptors an external agent's process still holds
    // (tatami run's cmd: agents do not die with it; docs/reports.md). The bench's own command line names the
    // directory too, so this also waits for the bench to be gone.
    let finished = try runIDs(in: directory)
    #expect(waitUntil(seconds: 3) { processes(mentioning: directory).isEmpty }, "episodes die with the bench")
    try FileManager.default.removeItem(atPath: hold)
    let rerun = try tatami(arguments, extra: held)
    #expect(rerun.status == 0, "\(rerun.stderr)")
    let after = try runIDs(in: directory)
    #expect(after.count == 6)
    for (episode, runID) in finished { #expect(after[episode] == runID, "\(episode) was redone") }
  }

  @Test("Ctrl-C stops the bench cleanly (exit 130), leaves no episode running, and it resumes")
  func interruptAndResume() throws {
    defer { try? FileManager.default.removeItem(atPath: home) }
    let directory = home + "/c"
    let arguments = [
      "bench", "c", "--agent", "cmd:python3 \(agentScript)", "--competitions", "bench-lite-a",
      "--seeds", "4", "--jobs", "2", "--dir", directory, "--catalog", catalogFolder,
    ]
    let slow = ["BENCH_AGENT_SLEEP": "3"]
    let bench = try start(arguments, environment: environment(home: home, extra: slow))
    // Two episodes running (their command lines name their runs folders inside the bench directory).
    #expect(waitUntil(seconds: 30) { processes(mentioning: directory + "/episodes").count >= 2 })
    kill(bench.processIdentifier, SIGINT)
    #expect(waitUntil(seconds: 30) { !bench.isRunning }, "the bench stops")
    bench.waitUntilExit()
    #expect(bench.terminationStatus == 130)
    #expect(processes(mentioning: directory).isEmpty)
    #expect(try runIDs(in: directory).count < 4)
    let rerun = try tatami(arguments, extra: ["BENCH_AGENT_SLEEP": "0"])
    #expect(rerun.status == 0, "\(rerun.stderr)")
    #expect(try runIDs(in: directory).count == 4)
  }

  @Test("a harness failure exits 1 and is rerun; an agent's own crash is a result (exit 0)")
  func failures() throws {
    defer { try? FileManager.default.removeItem(atPath: home) }
    let broken = try tatami([
      "bench", "f", "--agent", "baseline", "--competitions", "bench-lite-a", "--reward", "nope",
      "--dir", home + "/f", "--catalog", catalogFolder,
    ])
    #expect(broken.status == 1 && broken.stderr.contains("failed: baseline on bench-lite-a seed 0: exit code 3"))
    let failure = home + "/f/episodes/baseline/bench-lite-a/seed-0/failure.json"
    #expect(try String(contentsOfFile: failure, encoding: .utf8).contains("--reward"))
    let report = try tatami(["report", home + "/f", "--json"])
    #expect(try report.json()["failed"] as? Int == 1)

    let crashing = try tatami([
      "bench", "g", "--agent", "cmd:python3 -c 'import sys; sys.exit(1)'", "--competitions", "bench-lite-a",
      "--dir", home + "/g", "--catalog", catalogFolder,
    ])
    #expect(crashing.status == 0, "\(crashing.stderr)")
    let lines = try tatami(["report", home + "/g", "--json"]).json()["episodes"] as? [[String: Any]]
    // Exiting before its first action, the program is an agent that could not start: its episode's own result.
    #expect(lines?.first?["status"] as? String == "agent_unavailable")
    #expect(try tatami(["bench", "h", "--agent", "nobody", "--competitions", "bench-lite-a"]).status == 3)
    #expect(try tatami(["bench", "h", "--agent", "baseline"]).status == 3)  // neither --split nor --competitions
  }

  @Test("--shard I/N runs slices into their own directories; report merges them; --emit slurm writes the array")
  func shards() throws {
    defer { try? FileManager.default.removeItem(atPath: home) }
    let root = home + "/s"
    let plan = [
      "bench", "s", "--agent", "baseline", "--agent", perfectAgent, "--competitions", "bench-lite-a,bench-lite-b",
      "--seeds", "1", "--catalog", catalogFolder,
    ]
    for index in 1...2 {
      let shard = try tatami(plan + ["--shard", "\(index)/2", "--dir", root + "/shards/\(index)-of-2"])
      #expect(shard.status == 0, "\(shard.stderr)")
      #expect(try runIDs(in: root + "/shards/\(index)-of-2").count == 2)
    }
    let merged = try tatami(["report", root, "--json"]).json()
    #expect(merged["planned"] as? Int == 4 && merged["missing"] as? Int == 0)
    let half = try tatami(["report", root + "/shards/1-of-2", "--json"]).json()
    #expect(half["missing"] as? Int == 2, "one shard alone misses the other's episodes")

    let script = try tatami(plan + ["--emit", "slurm", "--shards", "2", "--dir", root])
    #expect(script.status == 0, "\(script.stderr)")
    #expect(script.stdout.contains("#SBATCH --array=1-2"))
    #expect(script.stdout.contains("--shard \"${SLURM_ARRAY_TASK_ID}/2\""))
    #expect(script.stdout.contains("'cmd:python3 \(agentScript) 2 0.5'"))
    let file = home + "/s.sbatch"
    try Data(script.stdout.utf8).write(to: URL(fileURLWithPath: file))
    let syntax = Process()
    syntax.executableURL = URL(fileURLWithPath: "/bin/bash")
    syntax.arguments = ["-n", file]
    try syntax.run()
    syntax.waitUntilExit()
    #expect(syntax.terminationStatus == 0)
  }
}
