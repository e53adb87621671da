import Testing

@testable import Leaderboard

/// Reading reference leaderboards in Tatami's, MLE-bench's, MLE-Dojo's and Kaggle's layouts.
struct ReferenceBoardTests {
  @Test("Tatami's layout: both scores, dates and kinds; an empty cell is flagged missing")
  func tatamiLayout() throws {
    let folder = try TemporaryDirectory()
    let path = try folder.write(
      """
      rank,team,score,public_score,private_score,submitted_at,kind
      1,alpha,0.91,0.90,0.91,2025-01-01T00:00:00Z,human
      2,"beta, inc",0.85,,0.85,2025-01-02T00:00:00Z,baseline
      3,gamma,nan,0.5,nan,,human
      """, to: "Leaderboards/comp.csv")
    let board = try ReferenceBoard.read(path)
    #expect(board.format == .tatami)
    #expect(board.rows.map(\.team) == ["alpha", "beta, inc", "gamma"])
    #expect(board.rows[0].publicScore == ReferenceScore(value: 0.90))
    #expect(board.rows[0].privateScore == ReferenceScore(value: 0.91))
    #expect(board.rows[1].publicScore == ReferenceScore(value: nil, flag: .missing))
    #expect(board.rows[1].kind == "baseline")
    #expect(board.rows[2].privateScore == ReferenceScore(value: nil, flag: .nonFinite))
    #expect(board.rows[2].submittedAt == nil)
    #expect(board.rankableScores(.private) == [0.91, 0.85])
  }

  @Test("MLE-bench's leaderboard.csv: only score is read, as the private (final) board; hasScore False is missing")
  func mleBenchLayout() throws {
    let folder = try TemporaryDirectory()
    try folder.write(
      """
      scoreNullable,teamId,hasTeamName,submissionDate,score,hasScore
      0.98765,101,True,2019-05-01 10:00:00,0.98765,True
      0.95,102,True,2019-05-02 10:00:00,0.95,True
      ,103,False,2019-05-03 10:00:00,,False
      """, to: "Leaderboards/comp/leaderboard.csv")
    let board = try ReferenceBoard.load(competition: "comp", from: folder.path + "/Leaderboards")
    #expect(board.format == .mleBench)
    #expect(board.rows.map(\.team) == ["team 101", "team 102", "team 103"])
    #expect(board.rows.allSatisfy { $0.publicScore == nil })
    #expect(board.rankableScores(.private) == [0.98765, 0.95])
    #expect(board.rows[2].privateScore?.flag == .missing)
  }

  @Test("MLE-Dojo's public_ and private_leaderboard.csv: rank,score lists, one view each")
  func mleDojoLayout() throws {
    let folder = try TemporaryDirectory()
    try folder.write("rank,score\n1,0.5\n2,0.6\n3,0.7\n", to: "Leaderboards/comp/public_leaderboard.csv")
    try folder.write("rank,score\n1,0.55\n2,0.65\n", to: "Leaderboards/comp/private_leaderboard.csv")
    let board = try ReferenceBoard.load(competition: "comp", from: folder.path + "/Leaderboards")
    #expect(board.format == .mleDojo)
    #expect(board.rankableScores(.public) == [0.5, 0.6, 0.7])
    #expect(board.rankableScores(.private) == [0.55, 0.65])
    #expect(board.rows.map(\.team) == ["#1", "#2", "#3", "#1", "#2"])
    #expect(board.files.count == 2)
  }

  @Test("Kaggle's download, with a byte-order mark and team names")
  func kaggleLayout() throws {
    let folder = try TemporaryDirectory()
    let path = try folder.write(
      "\u{FEFF}Rank,TeamId,TeamName,LastSubmissionDate,Score,SubmissionCount,TeamMemberUserNames\n"
        + "1,7,Zoo,2020-01-01 00:00:00,0.12,3,a b\n2,8,Yak,2020-01-02 00:00:00,0.15,1,c\n", to: "board.csv")
    let board = try ReferenceBoard.read(path, singleView: .public)
    #expect(board.format == .kaggle)
    #expect(board.rows.map(\.team) == ["Zoo", "Yak"])
    #expect(board.rankableScores(.public) == [0.12, 0.15])
    #expect(board.rows[0].submittedAt == "2020-01-01 00:00:00")
  }

  @Test("an unknown layout is an error that names the columns; a missing file gives an empty board")
  func unknownAndMissing() throws {
    let folder = try TemporaryDirectory()
    let path = try folder.write("name,value\na,1\n", to: "Leaderboards/comp.csv")
    #expect(throws: ReferenceBoardError.unknownLayout(path: path, header: ["name", "value"])) {
      try ReferenceBoard.read(path)
    }
    #expect(try ReferenceBoard.load(competition: "other", from: folder.path + "/Leaderboards") == .empty)
    #expect(ReferenceBoard.directory(besideBundleAt: "/repo/Competitions/comp.tar.gz") == "/repo/Leaderboards")
  }

  @Test("loading flags placeholders and outliers per view")
  func loadFlags() throws {
    let folder = try TemporaryDirectory()
    var text = "rank,team,public_score,private_score\n"
    for index in 0..<20 {
      text += "\(index + 1),t\(index),\(0.5 + Double(index) * 0.01),\(0.4 + Double(index) * 0.01)\n"
    }
    text += "21,sentinel,999999,0.7\n22,huge,0.6,1.3e16\n"
    try folder.write(text, to: "Leaderboards/comp.csv")
    let board = try ReferenceBoard.load(competition: "comp", from: folder.path + "/Leaderboards")
    #expect(board.flaggedRows(.public).map(\.team) == ["sentinel"])
    #expect(board.flaggedRows(.private).map(\.team) == ["huge"])
    #expect(board.rows[20].publicScore == ReferenceScore(value: 999_999, flag: .placeholder))
    #expect(board.rankableScores(.public).count == 21)
  }
}
