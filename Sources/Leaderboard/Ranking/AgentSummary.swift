/// One local team's (or agent's) final standing on one competition: its entry on the private board.
public struct AgentResult: Sendable, Equatable {
  public var competition: String
  public var rank: Int?
  public var teams: Int
  public var score: Double?
  public var humanRank: Double?
  public var publicPositionScore: Double?
  public var privatePositionScore: Double?
  public var medal: Medal?
  public var beatsBaseline: Bool?
  public var normalizedScore: Double?
}

/// A local team's results across competitions: what the summary view and `tatami board --json` show.
public struct AgentSummary: Sendable, Equatable {
  public var team: String
  /// One result per competition the team has a ranked entry on, in competition order.
  public var results: [AgentResult]

  public var competitions: Int { results.count }

  /// The mean HumanRank over the competitions that have a reference board; nil when none has.
  public var meanHumanRank: Double? {
    let values = results.compactMap(\.humanRank)
    return values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
  }

  public func medals(_ medal: Medal) -> Int { results.count { $0.medal == medal } }
  public var beatsBaselineCount: Int { results.count { $0.beatsBaseline == true } }

  /// The summaries of every local team on `boards`, sorted by mean HumanRank (best first), then name.
  public static func build(_ boards: [CompetitionBoard]) -> [AgentSummary] {
    var byTeam: [String: [AgentResult]] = [:]
    for board in boards {
      let privateBoard = board.privateBoard
      for line in privateBoard.entries where line.source == .local {
        byTeam[line.team, default: []].append(
          AgentResult(
            competition: board.competition, rank: line.rank, teams: privateBoard.teams, score: line.score,
            humanRank: line.humanRank, publicPositionScore: line.publicPositionScore,
            privatePositionScore: line.privatePositionScore, medal: line.medal, beatsBaseline: line.beatsBaseline,
            normalizedScore: line.normalizedScore))
      }
    }
    return byTeam.map { AgentSummary(team: $0.key, results: $0.value) }.sorted { first, second in
      let a = first.meanHumanRank ?? -1
      let b = second.meanHumanRank ?? -1
      return a != b ? a > b : first.team < second.team
    }
  }
}
