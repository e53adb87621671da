import Catalog
import Foundation
import Scoring

/// A problem loading a leaderboard.
public enum BoardError: Error, Sendable {
  case competition(BundleError)
  case store(StoreError)
  case reference(ReferenceBoardError)

  public var message: String {
    switch self {
    case .competition(let error): error.message
    case .store(let error): error.message
    case .reference(let error): error.message
    }
  }

  public var hint: String {
    switch self {
    case .competition(let error): error.hint
    case .store(let error): error.hint
    case .reference(let error): error.hint
    }
  }
}

/// A line of the competition list: enough to choose a leaderboard to open.
public struct CompetitionSummary: Sendable, Equatable {
  public var id: String
  public var title: String
  public var metric: String
  public var higherIsBetter: Bool
  /// Rows of the reference leaderboard (0 when there is none).
  public var referenceTeams: Int
  /// Submissions recorded here, valid or not.
  public var localSubmissions: Int
  /// Why the reference leaderboard could not be read, if it could not.
  public var problem: String?

  public init(
    id: String, title: String, metric: String, higherIsBetter: Bool, referenceTeams: Int, localSubmissions: Int,
    problem: String? = nil
  ) {
    self.id = id
    self.title = title
    self.metric = metric
    self.higherIsBetter = higherIsBetter
    self.referenceTeams = referenceTeams
    self.localSubmissions = localSubmissions
    self.problem = problem
  }
}

/// The leaderboards of a catalog: its competitions, their reference boards and the submissions in the store.
public final class BoardCatalog {
  private let catalog: Catalog
  private let storePath: String
  private let leaderboardDirectories: [String]
  private var openedStore: SubmissionStore?
  private var listing: [CatalogEntry]?
  private var references: [String: ReferenceBoard] = [:]

  /// - Parameters:
  ///   - storePath: the database; a missing file means no local submissions and is not created.
  ///   - leaderboardDirectories: reference-board folders searched before the `Leaderboards/` beside each bundle.
  public init(catalog: Catalog, storePath: String, leaderboardDirectories: [String] = []) {
    self.catalog = catalog
    self.storePath = storePath
    self.leaderboardDirectories = leaderboardDirectories
  }

  /// Every competition of the catalog, sorted by id.
  public func competitions() throws(BoardError) -> [CompetitionSummary] {
    let counts = try storeCall { (store) throws(StoreError) in try store.countsByCompetition() } ?? [:]
    return entries().map { entry in
      var summary = CompetitionSummary(
        id: entry.id, title: entry.manifest.title, metric: entry.manifest.metric.name,
        higherIsBetter: entry.higherIsBetter ?? true, referenceTeams: 0, localSubmissions: counts[entry.id] ?? 0)
      do throws(BoardError) {
        summary.referenceTeams = try reference(for: entry).rows.count
      } catch {
        summary.problem = error.message
      }
      return summary
    }
  }

  /// Both views of the leaderboard of competition `id`.
  public func board(_ id: String) throws(BoardError) -> CompetitionBoard {
    guard let entry = entries().first(where: { $0.id == id }) else {
      do { _ = try catalog.find(id) } catch { throw .competition(error) }
      throw .competition(.unknownCompetition(id: id, searched: catalog.directories))
    }
    let baseline = entry.manifest.baseline
    let builder = BoardBuilder(
      competition: id, title: entry.manifest.title, metric: entry.manifest.metric.name,
      higherIsBetter: entry.higherIsBetter ?? true, publicBaseline: baseline?.publicScore,
      privateBaseline: baseline?.privateScore, reference: try reference(for: entry),
      submissions: try storeCall { (store) throws(StoreError) in try store.submissions(competition: id) } ?? [])
    return builder.build()
  }

  /// Every competition's board; those that fail to load are left out of the summary and reported.
  public func summaries() -> (agents: [AgentSummary], problems: [String]) {
    var boards: [CompetitionBoard] = []
    var problems: [String] = []
    for entry in entries() {
      do throws(BoardError) { boards.append(try board(entry.id)) } catch {
        problems.append("\(entry.id): \(error.message)")
      }
    }
    return (AgentSummary.build(boards), problems)
  }

  private func entries() -> [CatalogEntry] {
    if let listing { return listing }
    let entries = catalog.list().entries
    listing = entries
    return entries
  }

  /// The flagged reference board of a competition, read once.
  private func reference(for entry: CatalogEntry) throws(BoardError) -> ReferenceBoard {
    if let cached = references[entry.id] { return cached }
    do {
      let board = try ReferenceBoard.load(
        competition: entry.id,
        searching: leaderboardDirectories + [ReferenceBoard.directory(besideBundleAt: entry.location)])
      references[entry.id] = board
      return board
    } catch {
      throw .reference(error)
    }
  }

  /// Runs `body` on the store, or returns nil when the database file does not exist yet.
  private func storeCall<Value>(_ body: (SubmissionStore) throws(StoreError) -> Value) throws(BoardError) -> Value? {
    do {
      if openedStore == nil {
        guard FileManager.default.fileExists(atPath: storePath) else { return nil }
        openedStore = try SubmissionStore(path: storePath)
      }
      guard let openedStore else { return nil }
      return try body(openedStore)
    } catch {
      throw .store(error)
    }
  }
}
