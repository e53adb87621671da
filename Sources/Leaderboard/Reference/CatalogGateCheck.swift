import Basics
import Catalog
import Foundation

extension ReferenceBoard {
  /// The board's rows as the catalog gates read them: rankable scores only, the `baseline` row marked.
  public var gateEntries: [GateBoardEntry] {
    rows.map { row in
      GateBoardEntry(
        team: row.team, isBaseline: row.kind?.lowercased() == "baseline", publicScore: row.publicScore?.rankable,
        privateScore: row.privateScore?.rankable)
    }
  }

  /// Whether the reference entries are models, not people: a board in Tatami's own layout whose rows are all
  /// of kind `reference` (the catalog's model zoo, tools/catalog/zoo.py) or `baseline`.
  ///
  /// HumanRank and ranks against such a board measure an agent against models, and every view that shows them
  /// says so (docs/leaderboards.md).
  public var isModelZoo: Bool {
    format == .tatami && rows.contains { $0.kind?.lowercased() == "reference" }
      && rows.allSatisfy { ["reference", "baseline"].contains($0.kind?.lowercased() ?? "") }
  }
}

/// The catalog gates of one bundle, with its reference board: what `tatami bundle check` and the whole-catalog
/// test run.
public struct CatalogGateReport: Sendable {
  /// The competition id, from the manifest.
  public var id: String
  /// The files the reference board was read from; empty when there is none.
  public var boardFiles: [String]
  /// One result per gate, in `CatalogGate.allCases` order.
  public var results: [GateResult]

  /// The gates that fail the bundle (report-only gates never do).
  public var failures: [GateResult] { results.filter(\.failsBundle) }
}

/// Finds a bundle's reference board and runs the catalog gates on it.
public enum CatalogGateCheck {
  /// The reference board of competition `id`: `boardFile` when given, else the first of `directories` holding
  /// `<id>.csv` (or an imported board folder), else the `Leaderboards/` folder beside the bundle's catalog folder.
  /// Nil when there is none.
  public static func board(
    competition id: String, bundleLocation: String, boardFile: String? = nil, directories: [String] = []
  ) throws(ReferenceBoardError) -> ReferenceBoard? {
    var board: ReferenceBoard
    if let boardFile {
      board = try ReferenceBoard.read(boardFile)
      board.flagOutliers()
    } else {
      // A relative bundle path (`Competitions/x.tar.gz`) has no parent folder of its own: resolve it first.
      let location = FileSystem.realPath(bundleLocation) ?? bundleLocation
      board = try ReferenceBoard.load(
        competition: id, searching: directories + [ReferenceBoard.directory(besideBundleAt: location)])
    }
    return board.rows.isEmpty ? nil : board
  }

  /// The gates of `bundle` against its reference board, found as `board(competition:…)` does.
  public static func run(
    _ bundle: CompetitionBundle, boardFile: String? = nil, directories: [String] = [],
    thresholds: GateThresholds = .standard
  ) throws(BoardError) -> CatalogGateReport {
    let id = bundle.manifest.id
    let reference: ReferenceBoard?
    do {
      reference = try board(
        competition: id, bundleLocation: bundle.location, boardFile: boardFile, directories: directories)
    } catch {
      throw .reference(error)
    }
    do {
      let results = try bundle.catalogGates(board: reference?.gateEntries, thresholds: thresholds)
      return CatalogGateReport(id: id, boardFiles: reference?.files ?? [], results: results)
    } catch {
      throw .competition(error)
    }
  }
}
