import Basics
import Catalog
import Foundation
import Leaderboard
import Scoring

/// One import: which layout, where the definition and the data are, and where the bundle goes.
public struct ImportRequest: Sendable {
  public var source: AnchorSource
  /// The competition's definition folder (for Kaggle, the data folder itself).
  public var competition: String
  /// The prepared data: the folder holding `public/` and `private/` (or a parent of it).
  public var data: String
  /// The bundle folder to write; default `Competitions/<id>` under the current directory.
  public var output: String?
  /// A metric instead of the grader map's (required for a Kaggle folder the map does not know).
  public var metric: String?
  public var parameters: [String: String] = [:]
  /// The Kaggle folder's solution file name, when it is not `solution.csv`.
  public var solution: String?
  /// The share of answer rows given Usage Public when the answers have no Usage column of their own.
  public var publicFraction = 0.3
  /// Replace an existing bundle at the output.
  public var force = false

  public init(source: AnchorSource, competition: String, data: String) {
    self.source = source
    self.competition = competition
    self.data = data
  }
}

/// What an import wrote.
public struct ImportResult: Sendable {
  public var id: String
  public var originalID: String
  public var bundle: String
  public var metric: String
  public var parameters: [String: String]
  public var answerRows: AnswerCounts
  public var baselinePublic: Double?
  public var baselinePrivate: Double?
  /// The reference leaderboard's folder, when the definition had one.
  public var leaderboard: String?
  public var teams: Int
  public var medals: MedalThresholds?
  /// What the user should know: a board that could not be copied, a grader deviation Tatami does not follow.
  public var notes: [String]
}

/// Writes one Tatami bundle (and its reference leaderboard) from an anchor's competition.
public enum Importer {
  public static func run(_ request: ImportRequest) throws(ImportError) -> ImportResult {
    let definition: CompetitionDefinition
    do {
      switch request.source {
      case .mleBench: definition = try .mleBench(request.competition, data: request.data)
      case .mleDojo: definition = try .mleDojo(request.competition, data: request.data)
      case .kaggle: definition = try .kaggle(request.competition, solution: request.solution)
      }
    } catch .missingData(let path, let detail) {
      // An unsupported grader is the more useful answer: preparing its data would not help.
      let folderName = (request.competition as NSString).lastPathComponent
      if request.metric == nil, let row = GraderMap.row(request.source, folderName), !row.isSupported {
        throw .unsupported(competition: row.competition, reason: row.note)
      }
      throw .missingData(path: path, detail: detail)
    }
    let row = GraderMap.row(request.source, definition.originalID)
    let (metric, parameters) = try chooseMetric(request, row: row, competition: definition.originalID)
    let id = bundleID(definition.originalID)
    let output = request.output ?? "Competitions/\(id)"
    try prepareOutput(output, force: request.force)
    let staging = output + ".importing"
    try? FileManager.default.removeItem(atPath: staging)
    do {
      var writer = BundleWriter(
        definition: definition, id: id, metric: metric, parameters: parameters, row: row, request: request,
        folder: staging)
      let written = try writer.write()
      try? FileManager.default.removeItem(atPath: output)
      try move(staging, to: output)
      var result = ImportResult(
        id: id, originalID: definition.originalID, bundle: output, metric: metric.name, parameters: parameters,
        answerRows: written.counts, baselinePublic: written.publicScore, baselinePrivate: written.privateScore,
        leaderboard: nil, teams: 0, medals: nil, notes: [])
      if let note = row?.note, !note.isEmpty { result.notes.append(note) }
      if let problem = definition.leaderboardProblem { result.notes.append(problem) }
      result.notes += written.notes
      try copyLeaderboards(definition, id: id, bundle: output, metric: metric, into: &result)
      return result
    } catch {
      try? FileManager.default.removeItem(atPath: staging)
      throw error
    }
  }

  /// Tatami ids are lower case: `AI4Code` becomes `ai4code`; other characters become hyphens.
  static func bundleID(_ original: String) -> String {
    let mapped = original.lowercased().map { ($0.isASCII && ($0.isLetter || $0.isNumber)) ? $0 : "-" }
    return String(String(mapped).prefix(64))
  }

  private static func chooseMetric(_ request: ImportRequest, row: GraderMapRow?, competition: String)
    throws(ImportError) -> (Metric, [String: String])
  {
    let name: String
    var given = request.parameters
    if let override = request.metric {
      name = override
    } else if let row {
      guard let mapped = row.metric else { throw .unsupported(competition: competition, reason: row.note) }
      name = mapped
      given = row.params.merging(request.parameters) { _, new in new }
    } else {
      throw .notInMap(competition: competition)
    }
    do {
      let metric = try Metrics.require(name)
      _ = try metric.resolve(given)
      return (metric, given)
    } catch {
      throw .badMetric(error.message)
    }
  }

  private static func prepareOutput(_ output: String, force: Bool) throws(ImportError) {
    guard FileManager.default.fileExists(atPath: output) else {
      let parent = FileSystem.parent(of: output)
      do throws(SystemError) { try FileSystem.makeDirectories(parent) } catch {
        throw .writeFailed(path: parent, reason: error.description)
      }
      return
    }
    guard force else { throw .outputExists(output) }
  }

  private static func move(_ from: String, to destination: String) throws(ImportError) {
    do { try FileManager.default.moveItem(atPath: from, toPath: destination) } catch {
      throw .writeFailed(path: destination, reason: "\(error)")
    }
  }

  /// Copies the anchor's boards beside the catalog folder, where `tatami board` reads them, and computes the medals.
  private static func copyLeaderboards(
    _ definition: CompetitionDefinition, id: String, bundle: String, metric: Metric, into result: inout ImportResult
  ) throws(ImportError) {
    guard !definition.leaderboards.isEmpty else { return }
    let directory = ReferenceBoard.directory(besideBundleAt: bundle)
    let folder = "\(directory)/\(id)"
    do {
      try? FileManager.default.removeItem(atPath: folder)
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      for (path, name) in definition.leaderboards {
        try FileManager.default.copyItem(atPath: path, toPath: "\(folder)/\(name)")
      }
    } catch {
      throw .writeFailed(path: folder, reason: "\(error)")
    }
    result.leaderboard = folder
    do {
      let board = try ReferenceBoard.load(competition: id, from: directory)
      let view: BoardView = board.rankableScores(.private).isEmpty ? .public : .private
      result.teams = board.rows.count { $0.score(view) != nil }
      result.medals = MedalThresholds(scores: board.rankableScores(view), higherIsBetter: metric.higherIsBetter)
    } catch {
      result.notes.append(error.message)
    }
  }
}
