import Foundation
import Leaderboard

/// Draws the browser: a pure function from state to the screen's lines, so it is tested without a terminal.
public enum BrowserView {
  static let titleStyle = Style(reverse: true)
  static let headerStyle = Style(bold: true, color: .cyan)
  static let footerStyle = Style(dim: true)
  static let cursorStyle = Style(reverse: true)
  static let localStyle = Style(bold: true, color: .green)

  /// Exactly `state.size.rows` lines (each fitted to the width when framed).
  public static func render(_ state: BrowserState) -> [Line] {
    var lines: [Line]
    switch state.screen {
    case .list: lines = list(state)
    case .board: lines = board(state)
    case .summary: lines = summary(state)
    }
    lines = Array(lines.prefix(state.size.rows - 1))
    lines += Array(repeating: Line(), count: max(0, state.size.rows - 1 - lines.count))
    lines.append(footer(state))
    return state.showsHelp ? HelpOverlay.draw(over: lines, size: state.size) : lines
  }

  // MARK: - Competition list

  static func list(_ state: BrowserState) -> [Line] {
    let visible = state.visibleCompetitions
    let idWidth = min(30, max(12, visible.map(\.id.count).max() ?? 12))
    let columns = [
      Column("COMPETITION", idWidth), Column("METRIC", 24), Column("TEAMS", 6, right: true),
      Column("LOCAL", 6, right: true), Column("TITLE", 0),
    ]
    let search =
      state.isSearching
      ? Line("search: \(state.query)▏", Style(bold: true))
      : Line(state.query.isEmpty ? "/ to search" : "search: \(state.query)  (Esc clears)", footerStyle)
    var lines = [
      Line(" tatami board — \(visible.count) of \(state.competitions.count) competitions", titleStyle), search,
      Column.header(columns),
    ]
    for (index, competition) in visible.enumerated().dropFirst(state.listTop).prefix(state.bodyRows) {
      let arrow = competition.higherIsBetter ? "↑" : "↓"
      var line = Column.row(
        columns,
        [
          competition.id, "\(competition.metric) \(arrow)", String(competition.referenceTeams),
          String(competition.localSubmissions), competition.problem.map { "⚠ \($0)" } ?? competition.title,
        ])
      if index == state.listCursor { line = line.styled(cursorStyle) }
      lines.append(line)
    }
    if visible.isEmpty { lines.append(Line("  no competition matches '\(state.query)'", footerStyle)) }
    return lines
  }

  // MARK: - Leaderboard

  static func board(_ state: BrowserState) -> [Line] {
    guard let competition = state.board else { return [Line(" no leaderboard loaded", titleStyle)] }
    let board = competition.board(state.view)
    let teamWidth = max(8, state.size.columns - 47)
    let columns = [
      Column("RANK", 5, right: true), Column("TEAM", teamWidth), Column("SCORE", 11, right: true),
      Column("MEDAL", 11), Column("MOVE", 5, right: true), Column("SOURCE", 9),
    ]
    let title = " \(competition.competition) — \(competition.title)"
    let viewLabel = " \(state.view.rawValue.uppercased()) VIEW "
    var lines = [
      Line(
        title.padding(toLength: max(0, state.size.columns - viewLabel.count), withPad: " ", startingAt: 0), titleStyle)
        + Line(viewLabel, Style(bold: true, reverse: true, color: state.view == .private ? .magenta : .blue)),
      info(board), Column.header(columns),
    ]
    let rows = state.boardRows
    for (index, entry) in rows.enumerated().dropFirst(state.boardTop).prefix(state.bodyRows) {
      var line = Column.row(
        columns,
        [
          entry.rank.map(String.init) ?? "—", entry.team, entry.score.map(format) ?? "",
          entry.flag?.rawValue ?? entry.medal?.rawValue ?? "", moveText(entry.move), entry.source.rawValue,
        ],
        styles: [
          nil, nil, nil, entry.medal.map(medalStyle) ?? (entry.flag == nil ? nil : Style(color: .red)),
          moveStyle(entry.move), nil,
        ])
      if entry.source == .local { line = line.styled(localStyle) }
      if index == state.boardCursor { line = line.styled(cursorStyle) }
      lines.append(line)
    }
    if rows.isEmpty { lines.append(Line("  no entries in the \(state.view.rawValue) view", footerStyle)) }
    return lines
  }

  /// Metric, direction, size, thresholds and shake-up in one line.
  static func info(_ board: Leaderboard) -> Line {
    var parts = [
      "\(board.metric) \(board.higherIsBetter ? "↑" : "↓")", "\(board.teams) teams (\(board.referenceTeams) ref\(board.referenceAreModels ? " models, not people" : ""))",
    ]
    if let thresholds = board.thresholds {
      let comparison = board.higherIsBetter ? "≥" : "≤"
      parts.append(
        "gold \(comparison)\(format(thresholds.gold)) silver \(comparison)\(format(thresholds.silver)) "
          + "bronze \(comparison)\(format(thresholds.bronze)) median \(format(thresholds.median))")
    }
    if let baseline = board.baseline { parts.append("baseline \(format(baseline))") }
    if let shakeUp = board.shakeUp { parts.append("shake-up \(format(shakeUp))") }
    if !board.flagged.isEmpty { parts.append("\(board.flagged.count) flagged") }
    return Line(" " + parts.joined(separator: " · "))
  }

  static func moveText(_ move: Int?) -> String {
    guard let move else { return "" }
    return move > 0 ? "▲\(move)" : move < 0 ? "▼\(-move)" : "="
  }

  private static func moveStyle(_ move: Int?) -> Style? {
    guard let move, move != 0 else { return nil }
    return Style(color: move > 0 ? .green : .red)
  }

  static func medalStyle(_ medal: Medal) -> Style {
    switch medal {
    case .gold: Style(bold: true, color: .yellow)
    case .silver: Style(bold: true, color: .white)
    case .bronze: Style(color: .red)
    }
  }

  // MARK: - Summary

  static func summary(_ state: BrowserState) -> [Line] {
    let agents = state.summary ?? []
    let teamWidth = max(8, state.size.columns - 60)
    let columns = [
      Column("TEAM / AGENT", teamWidth), Column("COMPS", 6, right: true), Column("HUMANRANK", 10, right: true),
      Column("GOLD", 5, right: true), Column("SILVER", 7, right: true), Column("BRONZE", 7, right: true),
      Column("> BASELINE", 11, right: true),
    ]
    var lines = [
      Line(" tatami board — summary of \(agents.count) local teams and agents (private view)", titleStyle),
      Line(
        " HumanRank = 1 − share of reference teams strictly better, averaged over boards and competitions",
        footerStyle),
      Column.header(columns),
    ]
    for (index, agent) in agents.enumerated().dropFirst(state.summaryTop).prefix(state.bodyRows) {
      var line = Column.row(
        columns,
        [
          agent.team, String(agent.competitions), agent.meanHumanRank.map { String(format: "%.3f", $0) } ?? "—",
          String(agent.medals(.gold)), String(agent.medals(.silver)), String(agent.medals(.bronze)),
          "\(agent.beatsBaselineCount)/\(agent.competitions)",
        ])
      if index == state.summaryCursor { line = line.styled(cursorStyle) }
      lines.append(line)
    }
    if agents.isEmpty {
      lines.append(Line("  nothing recorded yet: tatami score ID FILE --submit --team NAME", footerStyle))
    }
    return lines
  }

  // MARK: - Footer

  static func footer(_ state: BrowserState) -> Line {
    if let message = state.message { return Line(" " + message, Style(bold: true, color: .yellow)) }
    let keys: String
    let position: String
    switch state.screen {
    case .list:
      keys =
        state.isSearching
        ? "type to filter · Enter keep · Esc clear"
        : "↑↓ move · Enter open · / search · Tab agents · ? help · q quit"
      position = "\(min(state.listCursor + 1, state.visibleCompetitions.count))/\(state.visibleCompetitions.count)"
    case .board:
      keys =
        "↑↓ PgUp PgDn g G scroll · p public/private · s sort:\(state.sort.rawValue) · n yours · Esc back"
        + " · ? help · q quit"
      position = "\(min(state.boardCursor + 1, state.boardRows.count))/\(state.boardRows.count)"
    case .summary:
      keys = "↑↓ scroll · Esc back · ? help · q quit"
      position = "\(min(state.summaryCursor + 1, state.summary?.count ?? 0))/\(state.summary?.count ?? 0)"
    }
    let room = max(0, state.size.columns - position.count - 3)
    return Line(
      " " + keys.prefix(room).padding(toLength: room, withPad: " ", startingAt: 0) + " " + position + " ", footerStyle)
  }

  /// Six significant digits, as `%g`.
  static func format(_ value: Double) -> String { String(format: "%.6g", value) }
}

/// A table column: a header, a width (0 = the rest of the line) and an alignment.
struct Column {
  var title: String
  var width: Int
  var right = false

  init(_ title: String, _ width: Int, right: Bool = false) {
    self.title = title
    self.width = width
    self.right = right
  }

  func cell(_ text: String) -> String {
    guard width > 0 else { return text }
    let cut = text.count > width ? String(text.prefix(width - 1)) + "…" : text
    let padding = String(repeating: " ", count: width - cut.count)
    return right ? padding + cut : cut + padding
  }

  static func header(_ columns: [Column]) -> Line {
    row(columns, columns.map(\.title)).styled(BrowserView.headerStyle)
  }

  static func row(_ columns: [Column], _ cells: [String], styles: [Style?] = []) -> Line {
    var spans = [Span(" ")]
    for (index, column) in columns.enumerated() {
      if index > 0 { spans.append(Span(" ")) }
      let style = index < styles.count ? styles[index] ?? .plain : .plain
      spans.append(Span(column.cell(index < cells.count ? cells[index] : ""), style))
    }
    return Line(spans)
  }
}
