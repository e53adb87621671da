import Bench
import Foundation
import Testing

@Suite struct BenchPlanTests {
  let plan = BenchPlan(
    name: "p", agents: ["a", "cmd:python3 x.py"], competitions: ["c1", "c2", "c3"], seeds: 2, runArguments: ["--steps", "3"])

  @Test("the plan lists every (agent, competition, seed) once, seed by seed")
  func episodes() {
    let keys = plan.allEpisodes
    #expect(keys.count == 12 && Set(keys).count == 12)
    #expect(keys.prefix(6).allSatisfy { $0.seed == 0 })
  }

  @Test("shards I/N partition the plan: disjoint, together every episode, sizes within one", arguments: [1, 2, 5, 12, 13])
  func shardsPartition(count: Int) throws {
    var seen: [EpisodeKey] = []
    var sizes: [Int] = []
    for index in 1...count {
      var sharded = plan
      sharded.shard = try #require(Shard(index: index, count: count))
      seen += sharded.episodes
      sizes.append(sharded.episodes.count)
    }
    #expect(seen.count == plan.allEpisodes.count && Set(seen) == Set(plan.allEpisodes))
    #expect((sizes.max() ?? 0) - (sizes.min() ?? 0) <= 1)
  }

  @Test("--shard reads I/N with 1 <= I <= N only")
  func shardParsing() {
    #expect(Shard("2/8") == Shard(index: 2, count: 8))
    for bad in ["0/3", "4/3", "3", "a/b", "1/0", "/2", "1/2/3"] { #expect(Shard(bad) == nil, "\(bad)") }
  }

  @Test("agent folders: plain names kept, commands slugged with a hash so two never collide")
  func agentFolders() {
    #expect(EpisodeKey.agentFolder("search") == "search")
    let one = EpisodeKey.agentFolder("cmd:python3 a.py")
    let two = EpisodeKey.agentFolder("cmd:python3 a-py")
    #expect(one != two && one.hasPrefix("cmd-python3-a-py-") && !one.contains("/") && !one.contains(" "))
    #expect(!EpisodeKey.agentFolder("../x").contains("/") && EpisodeKey.agentFolder(".hidden") != ".hidden")
  }

  @Test("a changed plan is described field by field")
  func differences() {
    var other = plan
    other.seeds = 3
    other.runArguments = []
    let found = plan.differences(from: other)
    #expect(found.count == 2 && found[0].hasPrefix("seeds 3") && found[1].hasPrefix("run flags"))
    #expect(plan.differences(from: plan).isEmpty)
  }

  @Test("the Slurm script: one array task per shard, each its own directory, arguments quoted for bash")
  func slurmScript() throws {
    let script = SlurmScript.render(
      plan: plan, shards: 4, root: "/shared/b p", executable: "/opt/tatami",
      resources: SlurmResources(jobs: 2, memoryMiB: 9216, minutes: 1500, partition: "cpu"))
    #expect(script.hasPrefix("#!/bin/bash\n"))
    for line in ["#SBATCH --array=1-4", "#SBATCH --cpus-per-task=2", "#SBATCH --mem=9216M",
                 "#SBATCH --time=1-01:00:00", "#SBATCH --partition=cpu"] {
      #expect(script.contains(line + "\n"), "\(line)")
    }
    #expect(script.contains("'cmd:python3 x.py'") && script.contains("--agent a "))
    #expect(script.contains("--shard \"${SLURM_ARRAY_TASK_ID}/4\" --dir '/shared/b p'/shards/\"${SLURM_ARRAY_TASK_ID}-of-4\""))
    // bash itself reads the quoting back: the arguments tatami bench would get, for task 3.
    let file = NSTemporaryDirectory() + "tatami-slurm-\(UUID()).sh"
    defer { try? FileManager.default.removeItem(atPath: file) }
    let probe = script.replacingOccurrences(of: "exec /opt/tatami", with: "printf '%s\\n'")
    try probe.write(toFile: file, atomically: true, encoding: .utf8)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/bash")
    process.arguments = [file]
    process.environment = ["SLURM_ARRAY_TASK_ID": "3", "PATH": "/usr/bin:/bin"]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let words = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      .split(separator: "\n").map(String.init)
    process.waitUntilExit()
    #expect(words.contains("cmd:python3 x.py"))
    #expect(Array(words.suffix(4)) == ["--shard", "3/4", "--dir", "/shared/b p/shards/3-of-4"])
    #expect(words.contains("--steps") && words.contains("c1,c2,c3"))
  }
}
