import Foundation
import Leaderboard
import Testing

@testable import TatamiUI

/// The browser's state changes and its rendering, as pure functions: no terminal involved.
struct BrowserTests {
  static let size = TerminalSize(rows: 12, columns: 80)

  static let competitions = [
    CompetitionSummary(
      id: "penguins-species", title: "Palmer penguins", metric: "multiclass_log_loss", higherIsBetter: false,
      referenceTeams: 41, localSubmissions: 2),
    CompetitionSummary(
      id: "email-spam", title: "Spam or not", metric: "roc_auc", higherIsBetter: true,
      referenceTeams: 0, localSubmissions: 0),
    CompetitionSummary(
      id: "tiny-board", title: "Tiny board", metric: "rmse", higherIsBetter: false,
      referenceTeams: 30, localSubmissions: 1),
  ]

  /// 30 reference teams (private score i/100, public order swapped in pairs), one local team and one sentinel.
  static let board: CompetitionBoard = {
    var rows = (1...30).map { index in
      ReferenceRow(
        team: "human-\(index)",
        publicScore: ReferenceScore(value: Double(index % 2 == 1 ? index + 1 : index - 1) / 100),
        privateScore: ReferenceScore(value: Double(index) / 100), line: index + 1)
    }
    rows.append(
      ReferenceRow(
        team: "sentinel", publicScore: ReferenceScore(value: 999_999, flag: .placeholder),
        privateScore: ReferenceScore(value: 999_999, flag: .placeholder), line: 40))
    let mine = Submission(
      competition: "tiny-board", team: "my-agent", submittedAt: "2026-01-01T00:00:00.000Z",
      sha256: String(repeating: "0", count: 64), metric: "rmse", publicScore: 0.015, privateScore: 0.045, valid: true)
    return BoardBuilder(
      competition: "tiny-board", title: "Tiny board", metric: "rmse", higherIsBetter: false, publicBaseline: 0.2,
      privateBaseline: 0.2, reference: ReferenceBoard(rows: rows), submissions: [mine]
    ).build()
  }()

  static func state() -> BrowserState { BrowserState(size: size, competitions: competitions) }

  static func boardState(view: BoardView = .private) -> BrowserState {
    var state = BrowserState(size: size, competitions: competitions, view: view)
    state.showBoard(board)
    return state
  }

  static func send(_ keys: [Key], to state: inout BrowserState) -> [BrowserState.Effect] {
    keys.map { state.handle($0) }
  }

  // MARK: - List

  @Test("the list shows every competition with its metric, direction and sizes, the cursor row reversed")
  func listRendering() {
    let lines = BrowserView.render(Self.state())
    #expect(lines.count == Self.size.rows)
    #expect(lines[0].text.contains("3 of 3 competitions"))
    #expect(lines[3].text.contains("penguins-species") && lines[3].text.contains("multiclass_log_loss ↓"))
    #expect(lines[3].text.contains("41"))
    #expect(lines[4].text.contains("roc_auc ↑"))
    #expect(lines[3].spans.allSatisfy { $0.style.reverse })
    #expect(!lines[4].spans.contains { $0.style.reverse })
    #expect(lines.last?.text.contains("1/3") == true)
  }

  @Test("search filters by id or title; Esc clears it; Enter opens the selected competition")
  func search() {
    var state = Self.state()
    _ = Self.send([.character("/"), .character("T"), .character("i"), .character("n")], to: &state)
    #expect(state.isSearching)
    #expect(state.visibleCompetitions.map(\.id) == ["tiny-board"])
    #expect(BrowserView.render(state)[1].text.contains("search: Tin"))
    #expect(Self.send([.enter, .enter], to: &state) == [.none, .openBoard("tiny-board")])
    _ = Self.send([.character("/"), .backspace, .backspace, .backspace, .character("s"), .character("p")], to: &state)
    #expect(state.visibleCompetitions.map(\.id) == ["penguins-species", "email-spam"])
    _ = Self.send([.escape], to: &state)
    #expect(state.visibleCompetitions.count == 3 && !state.isSearching)
    var empty = Self.state()
    _ = Self.send([.character("/"), .character("z"), .character("z")], to: &empty)
    #expect(BrowserView.render(empty)[3].text.contains("no competition matches 'zz'"))
  }

  @Test("q quits, Ctrl-C quits even while searching, Tab asks for the summary")
  func quitting() {
    var state = Self.state()
    #expect(state.handle(.character("q")) == .quit)
    _ = state.handle(.character("/"))
    #expect(state.handle(.control("c")) == .quit)
    var other = Self.state()
    #expect(other.handle(.tab) == .openSummary)
  }

  // MARK: - Leaderboard

  @Test("the board shows rank, team, score, medal, move and source; your entry is highlighted; flagged rows last")
  func boardRendering() throws {
    let state = Self.boardState()
    let lines = BrowserView.render(state)
    #expect(lines[0].text.contains("tiny-board") && lines[0].text.contains("PRIVATE VIEW"))
    #expect(lines[1].text.contains("rmse ↓") && lines[1].text.contains("31 teams (30 ref)"))
    // A board of the model zoo says its reference teams are models, not people.
    var models = state.board?.privateBoard
    models?.referenceAreModels = true
    #expect(models.map { BrowserView.info($0).text.contains("(30 ref models, not people)") } == true)
    #expect(lines[1].text.contains("gold ≤0.03"))  // 30 teams: gold position 3
    #expect(lines[2].text.contains("RANK") && lines[2].text.contains("MEDAL") && lines[2].text.contains("MOVE"))
    #expect(lines[3].text.hasPrefix("     1 human-1") && lines[3].text.contains("gold"))
    let mine = try #require(lines.first { $0.text.contains("my-agent") })
    #expect(
      mine.text.contains("0.045") && mine.text.contains("silver") && mine.text.contains("▼")
        && mine.text.contains("local"))
    #expect(mine.spans.allSatisfy { $0.style.bold && $0.style.color != nil })
    var bottom = state
    _ = bottom.handle(.character("G"))
    let last = BrowserView.render(bottom).dropLast().last { !$0.text.trimmingCharacters(in: .whitespaces).isEmpty }
    #expect(last?.text.contains("sentinel") == true && last?.text.contains("placeholder") == true)
    #expect(last?.text.contains("—") == true)
  }

  @Test("p toggles public and private; the medal and the move follow the view")
  func toggleView() throws {
    var state = Self.boardState()
    _ = state.handle(.character("p"))
    #expect(state.view == .public)
    let lines = BrowserView.render(state)
    #expect(lines[0].text.contains("PUBLIC VIEW"))
    // Public 0.015: only 0.01 is better, rank 2; private 0.045: four better, rank 5; so it moved down 3.
    let mine = try #require(lines.first { $0.text.contains("my-agent") })
    #expect(mine.text.hasPrefix("     2 my-agent") && mine.text.contains("▼3"))
    _ = state.handle(.character("v"))
    #expect(state.view == .private)
  }

  @Test("scrolling: j/k, PgDn/PgUp, G/g keep the cursor on screen and stop at the ends")
  func scrolling() {
    var state = Self.boardState()
    let page = state.bodyRows  // 8 rows on a 12-line screen
    #expect(page == 8)
    _ = Self.send([.down, .character("j")], to: &state)
    #expect((state.boardCursor, state.boardTop) == (2, 0))
    _ = state.handle(.pageDown)
    #expect((state.boardCursor, state.boardTop) == (10, 3))
    #expect(BrowserView.render(state)[3].text.contains("human-4"))
    _ = state.handle(.character("G"))
    #expect(state.boardCursor == state.boardRows.count - 1)
    #expect(state.boardTop == state.boardRows.count - page)
    _ = Self.send([.down, .down], to: &state)
    #expect(state.boardCursor == state.boardRows.count - 1)
    _ = state.handle(.pageUp)
    #expect(state.boardCursor == state.boardRows.count - 1 - page)
    _ = Self.send([.character("g"), .up, .character("k")], to: &state)
    #expect((state.boardCursor, state.boardTop) == (0, 0))
    #expect(BrowserView.render(state).last?.text.contains("1/32") == true)
  }

  @Test("s cycles the sort, r reverses it, n jumps to your entry")
  func sortingAndJumping() {
    var state = Self.boardState()
    _ = state.handle(.character("s"))
    #expect(state.sort == .team)
    #expect(state.boardRows.first?.team == "human-1" && state.boardRows[1].team == "human-10")
    _ = state.handle(.character("r"))
    #expect(state.boardRows.first?.team == "my-agent")
    #expect(state.boardRows.last?.team == "sentinel")  // flagged rows stay last in every order
    _ = Self.send([.character("s"), .character("s"), .character("s")], to: &state)
    #expect(state.sort == .rank)
    _ = state.handle(.character("n"))
    #expect(state.boardRows[state.boardCursor].team == "my-agent")
  }

  @Test("Esc goes back to the list; a resize keeps the cursor valid")
  func backAndResize() {
    var state = Self.boardState()
    _ = state.handle(.character("G"))
    state.resize(TerminalSize(rows: 6, columns: 40))
    #expect(state.boardTop == state.boardCursor - state.bodyRows + 1)
    #expect(BrowserView.render(state).count == 6)
    #expect(Frame(BrowserView.render(state), size: state.size).lines.allSatisfy { $0.text.count == 40 })
    _ = state.handle(.escape)
    #expect(state.screen == .list)
  }

  // MARK: - Help and summary

  @Test("? draws the key reference over the screen; any key closes it")
  func help() {
    var state = Self.boardState()
    state.resize(TerminalSize(rows: 24, columns: 80))
    _ = state.handle(.character("?"))
    let text = BrowserView.render(state).map(\.text).joined(separator: "\n")
    #expect(text.contains("keys") && text.contains("toggle public / private view") && text.contains("quit"))
    #expect(state.handle(.character("x")) == .none)
    #expect(!state.showsHelp)
    #expect(!BrowserView.render(state).map(\.text).joined().contains("toggle public / private view"))
  }

  @Test("the summary view shows each agent's mean HumanRank, medals and beats-baseline count")
  func summary() {
    var state = Self.boardState()
    state.showSummary(AgentSummary.build([Self.board]))
    let lines = BrowserView.render(state)
    #expect(lines[0].text.contains("summary of 1 local teams"))
    #expect(lines[2].text.contains("HUMANRANK") && lines[2].text.contains("> BASELINE"))
    // Each board ranks its own score (docs/numbers.md): public 0.015, 1 of 30 better (1 − 1/30); private 0.045,
    // 4 of 30 better (1 − 4/30); HumanRank is the mean, 1 − 5/60 ≈ 0.917.
    let row = lines[3].text
    #expect(row.contains("my-agent") && row.contains(String(format: "%.3f", 1 - 5.0 / 60)) && row.contains("1/1"))
    #expect(state.handle(.tab) == .none && state.screen == .list)
  }
}
