import Leaderboard

/// Everything the leaderboard browser shows; `BrowserView.render` draws it, `handle(_:)` changes it.
public struct BrowserState: Equatable, Sendable {
  public enum Screen: Equatable, Sendable { case list, board, summary }

  /// Orders of the leaderboard view; flagged entries always come last.
  public enum SortKey: String, CaseIterable, Sendable {
    case rank, team, move, submitted
  }

  /// Work the browser asks its host to do: the state itself never loads anything.
  public enum Effect: Equatable, Sendable {
    case none, quit
    case openBoard(String)
    case openSummary
  }

  public var size: TerminalSize
  public var screen: Screen = .list
  public var competitions: [CompetitionSummary]
  public var query = ""
  public var isSearching = false
  public var listCursor = 0
  public var listTop = 0
  public var board: CompetitionBoard?
  public var view: BoardView = .private
  public var sort: SortKey = .rank
  public var sortDescending = false
  public var boardCursor = 0
  public var boardTop = 0
  public var summary: [AgentSummary]?
  public var summaryCursor = 0
  public var summaryTop = 0
  public var showsHelp = false
  /// A one-line message in the footer (an error loading a board).
  public var message: String?

  public init(size: TerminalSize, competitions: [CompetitionSummary], view: BoardView = .private) {
    self.size = size
    self.competitions = competitions
    self.view = view
  }

  // MARK: - Derived

  /// The competitions matching the search (id or title containing the query, case-insensitively).
  public var visibleCompetitions: [CompetitionSummary] {
    let needle = query.lowercased()
    guard !needle.isEmpty else { return competitions }
    return competitions.filter { $0.id.lowercased().contains(needle) || $0.title.lowercased().contains(needle) }
  }

  /// The current view's rows in the chosen order: ranked entries, then flagged ones.
  public var boardRows: [RankedEntry] {
    guard let board = board?.board(view) else { return [] }
    // Entries come in rank order already; re-sorting thousands on every key press would be wasted work.
    let sorted = sort == .rank ? board.entries : board.entries.sorted(by: order)
    return (sortDescending ? sorted.reversed() : sorted) + board.flagged
  }

  /// Rows left for the scrolling body once the title, info, header and footer lines are drawn.
  public var bodyRows: Int { max(1, size.rows - 4) }

  private func order(_ first: RankedEntry, _ second: RankedEntry) -> Bool {
    switch sort {
    case .rank: return (first.rank ?? .max, first.team) < (second.rank ?? .max, second.team)
    case .team: return first.team.lowercased() < second.team.lowercased()
    case .move: return (-(first.move ?? .min), first.rank ?? .max) < (-(second.move ?? .min), second.rank ?? .max)
    case .submitted:
      return (first.entry.submittedAt ?? "~", first.team) < (second.entry.submittedAt ?? "~", second.team)
    }
  }

  private var rowCount: Int {
    switch screen {
    case .list: visibleCompetitions.count
    case .board: boardRows.count
    case .summary: summary?.count ?? 0
    }
  }

  // MARK: - Keys

  /// Applies one key and says what the host should do.
  public mutating func handle(_ key: Key) -> Effect {
    message = nil
    if key == .control("c") { return .quit }
    if isSearching { return handleSearch(key) }
    if showsHelp {
      showsHelp = false
      return key == .character("q") ? .quit : .none
    }
    switch key {
    case .character("q"): return .quit
    case .character("?"): showsHelp = true
    case .escape, .backspace, .left, .character("h"): back()
    case .tab, .character("a"):
      if screen == .summary { back() } else { return .openSummary }
    default:
      if move(key) { return .none }
      return handleScreenKey(key)
    }
    return .none
  }

  private mutating func handleScreenKey(_ key: Key) -> Effect {
    switch (screen, key) {
    case (.list, .character("/")):
      isSearching = true
    case (.list, .enter), (.list, .right), (.list, .character("l")):
      let visible = visibleCompetitions
      if listCursor < visible.count { return .openBoard(visible[listCursor].id) }
    case (.board, .character("p")), (.board, .character("v")):
      view = view.other
      clampCursor()
    case (.board, .character("s")):
      let keys = SortKey.allCases
      sort = keys[((keys.firstIndex(of: sort) ?? 0) + 1) % keys.count]
      sortDescending = false
      boardCursor = 0
      boardTop = 0
    case (.board, .character("r")):
      sortDescending.toggle()
    case (.board, .character("n")):
      jumpToNextLocalEntry()
    default: break
    }
    return .none
  }

  private mutating func handleSearch(_ key: Key) -> Effect {
    switch key {
    case .enter: isSearching = false
    case .escape:
      isSearching = false
      query = ""
    case .backspace: if !query.isEmpty { query.removeLast() }
    case .character(let character): query.append(character)
    default: return .none
    }
    listCursor = 0
    listTop = 0
    return .none
  }

  /// Moves the cursor for a navigation key; false when `key` is not one.
  private mutating func move(_ key: Key) -> Bool {
    let page = bodyRows
    let last = rowCount - 1
    let target: Int
    switch key {
    case .down, .character("j"): target = cursor + 1
    case .up, .character("k"): target = cursor - 1
    case .pageDown, .control("f"), .character(" "): target = cursor + page
    case .pageUp, .control("b"): target = cursor - page
    case .home, .character("g"): target = 0
    case .end, .character("G"): target = last
    default: return false
    }
    setCursor(min(max(0, target), max(0, last)))
    return true
  }

  private mutating func back() {
    switch screen {
    case .list:
      query = ""
    case .board, .summary:
      screen = .list
    }
  }

  private mutating func jumpToNextLocalEntry() {
    let rows = boardRows
    guard !rows.isEmpty else { return }
    for step in 1...rows.count {
      let index = (boardCursor + step) % rows.count
      if rows[index].source == .local {
        setCursor(index)
        return
      }
    }
    message = "no local entries on this board"
  }

  // MARK: - Cursor and scrolling

  private var cursor: Int {
    switch screen {
    case .list: listCursor
    case .board: boardCursor
    case .summary: summaryCursor
    }
  }

  /// Moves the cursor and scrolls just enough to keep it on screen.
  private mutating func setCursor(_ value: Int) {
    switch screen {
    case .list: (listCursor, listTop) = (value, Self.top(listTop, cursor: value, rows: bodyRows))
    case .board: (boardCursor, boardTop) = (value, Self.top(boardTop, cursor: value, rows: bodyRows))
    case .summary: (summaryCursor, summaryTop) = (value, Self.top(summaryTop, cursor: value, rows: bodyRows))
    }
  }

  private static func top(_ top: Int, cursor: Int, rows: Int) -> Int {
    min(cursor, max(top, cursor - rows + 1))
  }

  /// Keeps cursor and scroll position valid after the rows or the window size changed.
  public mutating func clampCursor() {
    setCursor(min(cursor, max(0, rowCount - 1)))
  }

  // MARK: - Host updates

  /// Shows a loaded leaderboard.
  public mutating func showBoard(_ board: CompetitionBoard) {
    if self.board?.competition != board.competition {
      (boardCursor, boardTop, sort, sortDescending) = (0, 0, .rank, false)
    }
    self.board = board
    screen = .board
    clampCursor()
  }

  /// Shows the per-agent summary.
  public mutating func showSummary(_ summary: [AgentSummary]) {
    self.summary = summary
    screen = .summary
    clampCursor()
  }

  /// Adapts to a new window size.
  public mutating func resize(_ size: TerminalSize) {
    self.size = size
    clampCursor()
  }
}
