import Basics
import Arena
import Bench

/// The episodes of one or more bench directories, merged: the input of every report.
///
/// A directory is a bench (`plan.json`), a folder of shards (`shards/*/plan.json`), or both. The planned
/// episodes are the union of every plan's whole plan, so a shard that never ran shows as missing episodes.
/// An episode found in two directories is taken from the first and named in `warnings`.
public struct BenchResults: Sendable {
  public var names: [String]
  public var agents: [String]
  public var competitions: [String]
  public var seeds: [Int]
  public var contexts: [String: CompetitionContext]
  public var records: [EpisodeKey: EpisodeResult]
  public var failures: [EpisodeKey: EpisodeFailure]
  public var warnings: [String]

  public init(
    names: [String] = [], agents: [String], competitions: [String], seeds: [Int],
    contexts: [String: CompetitionContext], records: [EpisodeKey: EpisodeResult],
    failures: [EpisodeKey: EpisodeFailure] = [:], warnings: [String] = []
  ) {
    self.names = names
    self.agents = agents
    self.competitions = competitions
    self.seeds = seeds
    self.contexts = contexts
    self.records = records
    self.failures = failures
    self.warnings = warnings
  }

  /// Every planned episode, in plan order.
  public var planned: [EpisodeKey] {
    seeds.flatMap { seed in
      competitions.flatMap { competition in
        agents.map { EpisodeKey(agent: $0, competition: competition, seed: seed) }
      }
    }
  }

  /// Planned episodes without a result.
  public var missing: [EpisodeKey] { planned.filter { records[$0] == nil } }

  /// Reads and merges the directories.
  public static func load(_ directories: [BenchDirectory]) throws(BenchError) -> BenchResults {
    var merged = BenchResults(agents: [], competitions: [], seeds: [], contexts: [:], records: [:])
    var seedCount = 0
    var sources: [EpisodeKey: String] = [:]
    for directory in try expand(directories) {
      guard let plan = try directory.readPlan() else { throw .notABench(path: directory.path) }
      if !merged.names.contains(plan.name) { merged.names.append(plan.name) }
      merged.agents += plan.agents.filter { !merged.agents.contains($0) }
      merged.competitions += plan.competitions.filter { !merged.competitions.contains($0) }
      seedCount = max(seedCount, plan.seeds)
      for context in try directory.readContexts() where merged.contexts[context.id] == nil {
        merged.contexts[context.id] = context
      }
      for key in plan.episodes {
        switch directory.state(of: key) {
        case .done(let result):
          if let first = sources[key] {
            merged.warnings.append("\(key.agent) on \(key.competition) seed \(key.seed) is in \(first) and "
              + "\(directory.path); the first is used")
            continue
          }
          sources[key] = directory.path
          merged.records[key] = result
          merged.failures[key] = nil
        case .failed(let failure):
          if merged.records[key] == nil { merged.failures[key] = failure }
        case .pending:
          break
        }
      }
    }
    merged.seeds = Array(0..<seedCount)
    return merged
  }

  /// Each directory, then its shards.
  private static func expand(_ directories: [BenchDirectory]) throws(BenchError) -> [BenchDirectory] {
    var expanded: [BenchDirectory] = []
    for directory in directories {
      let shards = directory.shardDirectories
      guard directory.exists || !shards.isEmpty else { throw .notABench(path: directory.path) }
      if directory.exists { expanded.append(directory) }
      expanded += shards
    }
    return expanded
  }
}
