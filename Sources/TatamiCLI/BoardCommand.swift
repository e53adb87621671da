import Basics
import ArgumentParser
import Foundation
import Leaderboard
import TatamiUI

extension BoardView: ExpressibleByArgument {}

struct BoardCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "board",
    abstract: "Browse leaderboards: interactive in a terminal, a table or JSON otherwise.",
    discussion: """
      Without ID: every competition of the catalog and a summary per team or agent (mean HumanRank, medals,
      how often it beats the baseline). With ID: that competition's leaderboard, its reference teams
      (Leaderboards/<id>.csv beside the catalog folder) merged with the submissions recorded here.

      In a terminal the browser opens (press ? for its keys); with --plain, --json, TERM=dumb or when the
      output is not a terminal, a table or JSON is printed. The database is --db PATH, else TATAMI_DB,
      else $TATAMI_HOME/leaderboard.sqlite.

      Examples:
        tatami board catsup-brand-choice --plain
        tatami board catsup-brand-choice --view public --json
        tatami board --plain
      """)

  @Argument(help: "A competition id; omit it to list every competition.")
  var competition: String?

  @Option(help: "The leaderboard view: 'public' or 'private' (the final standing).")
  var view: BoardView = .private

  @Flag(help: "Print a table even in a terminal.")
  var plain = false

  @Flag(help: "Print JSON.")
  var json = false

  @OptionGroup var database: DatabaseOption

  @OptionGroup var catalog: CatalogOptions

  func validate() throws {
    if plain && json { throw ValidationError("--plain and --json exclude each other") }
  }

  func run() throws {
    let context = CommandContext(catalog: catalog, database: database)
    let environment = context.environment.values
    let boards = BoardCatalog(context)
    let interactive =
      !plain && !json && isatty(STDIN_FILENO) == 1
      && OutputKind.standardOutput(environment: environment) == .terminal
    let status: Int32
    do {
      status = interactive ? try browse(boards) : try printBoards(boards)
    } catch let error as BoardError {
      Output.printError("error: \(error.message)")
      Output.printError("hint: \(error.cliHint)")
      if json {
        try? Output.printJSON(["error": ErrorJSON(type: "board_error", message: error.message, hint: error.cliHint)])
      }
      throw ExitCode(3)
    }
    if status != 0 { throw ExitCode(status) }
  }

  /// Prints one leaderboard, or the competitions and the agents' summary, as a table or JSON.
  private func printBoards(_ boards: BoardCatalog) throws -> Int32 {
    if let competition {
      let board = try boards.board(competition).board(view)
      if json { try Output.printJSON(BoardJSON(board)) } else { Output.write(BoardText.board(board)) }
      return 0
    }
    let competitions = try boards.competitions()
    let summary = boards.summaries()
    for problem in summary.problems { Output.printError("warning: \(problem)") }
    if json {
      try Output.printJSON(CatalogBoardsJSON(competitions: competitions, agents: summary.agents))
    } else {
      Output.write(BoardText.catalog(competitions, agents: summary.agents))
    }
    return 0
  }

  /// Runs the terminal browser; returns its exit status.
  private func browse(_ boards: BoardCatalog) throws(BoardError) -> Int32 {
    var state = BrowserState(
      size: TerminalSize(rows: 24, columns: 80), competitions: try boards.competitions(), view: view)
    if let competition {
      state.listCursor = state.competitions.firstIndex { $0.id == competition } ?? 0
      state.showBoard(try boards.board(competition))
    }
    let app = BrowserApp(
      loadBoard: { id in Result { () throws(BoardError) in try boards.board(id) } },
      loadSummary: { boards.summaries().agents })
    do {
      return try app.run(state)
    } catch {
      Output.printError("error: \(error.message)")
      return 3
    }
  }
}
