import Basics
import Leaderboard

/// One episode of a bench: an agent on a competition with a seed.
public struct EpisodeKey: Sendable, Hashable, Codable, Comparable {
  public var agent: String
  public var competition: String
  public var seed: Int

  public init(agent: String, competition: String, seed: Int) {
    self.agent = agent
    self.competition = competition
    self.seed = seed
  }

  /// The episode's folder inside the bench directory: `<agent>/<competition>/seed-<n>`.
  public var folder: String { "\(Self.agentFolder(agent))/\(competition)/seed-\(seed)" }

  /// The agent's name as a folder: kept when it is a plain name, else a slug and a short hash of the name
  /// (`cmd:python3 a.py` → `cmd-python3-a-py-1f2e3d4c`), so two commands never share a folder.
  public static func agentFolder(_ agent: String) -> String {
    let plain = !agent.isEmpty && agent.count <= 48 && agent.utf8.allSatisfy { byte in
      (byte >= 0x61 && byte <= 0x7a) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x30 && byte <= 0x39)
        || byte == 0x2d || byte == 0x5f || byte == 0x2e
    } && agent.first != "."
    if plain { return agent }
    let slug = String(agent.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }.prefix(32))
    var hash = SHA256()
    hash.update(Array(agent.utf8))
    return slug + "-" + String(hash.hexDigest().prefix(8))
  }

  public static func < (left: EpisodeKey, right: EpisodeKey) -> Bool {
    (left.seed, left.competition, left.agent) < (right.seed, right.competition, right.agent)
  }
}

/// A slice `I/N` of a plan: the episodes whose position in the plan is I−1 modulo N.
public struct Shard: Sendable, Equatable, Codable, CustomStringConvertible {
  /// 1-based.
  public var index: Int
  public var count: Int

  public init?(index: Int, count: Int) {
    guard count >= 1, (1...count).contains(index) else { return nil }
    self.index = index
    self.count = count
  }

  /// Reads `I/N`, e.g. `3/8`.
  public init?(_ text: String) {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else { return nil }
    self.init(index: index, count: count)
  }

  public var description: String { "\(index)/\(count)" }
  /// The shard's folder name under a bench's `shards/`.
  public var folder: String { "\(index)-of-\(count)" }
}

/// What a bench runs: every agent on every competition with every seed, each episode one `tatami run` with
/// the same flags. Stored as `plan.json` in the bench directory; a resumed bench must have the same plan.
public struct BenchPlan: Sendable, Equatable, Codable {
  public var format = 1
  public var name: String
  public var agents: [String]
  public var competitions: [String]
  /// Seeds `0..<seeds`; seed s is `tatami run --seed s`.
  public var seeds: Int
  /// The flags every `tatami run` of the bench gets (budget, sandbox, LLM, catalog), in order.
  public var runArguments: [String]
  /// The slice of the plan this directory runs; nil for the whole plan.
  public var shard: Shard?

  public init(
    name: String, agents: [String], competitions: [String], seeds: Int, runArguments: [String], shard: Shard? = nil
  ) {
    self.name = name
    self.agents = agents
    self.competitions = competitions
    self.seeds = seeds
    self.runArguments = runArguments
    self.shard = shard
  }

  /// Every episode of the whole plan, seed by seed, so the first finished seed compares all agents everywhere.
  public var allEpisodes: [EpisodeKey] {
    var keys: [EpisodeKey] = []
    for seed in 0..<seeds {
      for competition in competitions {
        for agent in agents { keys.append(EpisodeKey(agent: agent, competition: competition, seed: seed)) }
      }
    }
    return keys
  }

  /// The episodes this directory runs: all of them, or every N-th from the shard's position.
  public var episodes: [EpisodeKey] {
    guard let shard else { return allEpisodes }
    return allEpisodes.enumerated().filter { $0.offset % shard.count == shard.index - 1 }.map(\.element)
  }

  /// What differs between a stored plan and this one, in words; empty when they are the same.
  public func differences(from stored: BenchPlan) -> [String] {
    var found: [String] = []
    if stored.agents != agents { found.append("agents \(stored.agents) (now \(agents))") }
    if stored.competitions != competitions {
      found.append("competitions \(stored.competitions.joined(separator: ",")) (now \(competitions.joined(separator: ",")))")
    }
    if stored.seeds != seeds { found.append("seeds \(stored.seeds) (now \(seeds))") }
    if stored.runArguments != runArguments {
      found.append("run flags '\(stored.runArguments.joined(separator: " "))' (now '\(runArguments.joined(separator: " "))')")
    }
    if stored.shard != shard {
      found.append("shard \(stored.shard?.description ?? "none") (now \(shard?.description ?? "none"))")
    }
    return found
  }

  enum CodingKeys: String, CodingKey {
    case format, name, agents, competitions, seeds, runArguments = "run_arguments", shard
  }
}
