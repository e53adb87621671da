import Foundation
import Scoring

/// A reference leaderboard file that cannot be read.
public enum ReferenceBoardError: Error, Equatable, Sendable {
  case unreadable(path: String, reason: String)
  case malformed(path: String, line: Int, detail: String)
  case unknownLayout(path: String, header: [String])

  public var message: String {
    switch self {
    case .unreadable(let path, let reason): return "cannot read the reference leaderboard \(path): \(reason)"
    case .malformed(let path, let line, let detail): return "\(path), line \(line): \(detail)"
    case .unknownLayout(let path, let header):
      return "\(path) has columns \(header.joined(separator: ",")), not a leaderboard layout tatami reads"
    }
  }

  public var hint: String {
    "a reference leaderboard is Tatami's rank,team,score,public_score,private_score,submitted_at,kind, "
      + "MLE-bench's leaderboard.csv, MLE-Dojo's rank,score or Kaggle's download (docs/leaderboard.md)"
  }
}

extension ReferenceBoard {
  /// Reads one file in any of the known layouts; `singleView` is the view of a layout with one score column
  /// and no public/private distinction (MLE-Dojo, Kaggle). MLE-bench boards are final, hence private.
  public static func read(_ path: String, singleView: BoardView = .private) throws(ReferenceBoardError)
    -> ReferenceBoard
  {
    var reader: CSVReader
    do { reader = try CSVReader(.file(path), sizeCap: 256 << 20) } catch {
      throw .unreadable(path: path, reason: "\(error)")
    }
    guard let header = try nextRecord(&reader, path) else { return ReferenceBoard(format: nil, files: [path]) }
    let columns = Columns(header)
    guard let format = columns.format else { throw .unknownLayout(path: path, header: header) }
    var rows: [ReferenceRow] = []
    while let cells = try nextRecord(&reader, path) {
      rows.append(columns.row(cells, format: format, singleView: singleView, line: reader.line))
    }
    return ReferenceBoard(rows: rows, format: format, files: [path])
  }

  /// The reference board of competition `id` in `directory` (a `Leaderboards/` folder), flagged; empty when absent.
  ///
  /// Looks for `<id>.csv`, else a folder `<id>/` holding MLE-bench's `leaderboard.csv` or MLE-Dojo's
  /// `public_leaderboard.csv` and `private_leaderboard.csv`.
  public static func load(competition id: String, from directory: String) throws(ReferenceBoardError) -> ReferenceBoard
  {
    let exists = { (path: String) in FileManager.default.fileExists(atPath: path) }
    var board = ReferenceBoard.empty
    if exists("\(directory)/\(id).csv") {
      board = try read("\(directory)/\(id).csv")
    } else if exists("\(directory)/\(id)/leaderboard.csv") {
      board = try read("\(directory)/\(id)/leaderboard.csv")
    } else {
      for view in BoardView.allCases where exists("\(directory)/\(id)/\(view.rawValue)_leaderboard.csv") {
        let part = try read("\(directory)/\(id)/\(view.rawValue)_leaderboard.csv", singleView: view)
        board.rows += part.rows
        board.files += part.files
        board.format = part.format
      }
    }
    board.flagOutliers()
    return board
  }

  /// The board of competition `id` in the first of `directories` that has one; an empty board when none does.
  public static func load(competition id: String, searching directories: [String]) throws(ReferenceBoardError)
    -> ReferenceBoard
  {
    for directory in directories {
      let board = try load(competition: id, from: directory)
      if !board.rows.isEmpty { return board }
    }
    return .empty
  }

  /// The `Leaderboards/` folder beside the catalog folder that holds the bundle at `bundleLocation`.
  public static func directory(besideBundleAt bundleLocation: String) -> String {
    let catalogFolder = (bundleLocation as NSString).deletingLastPathComponent
    return (catalogFolder as NSString).deletingLastPathComponent + "/Leaderboards"
  }

  private static func nextRecord(_ reader: inout CSVReader, _ path: String) throws(ReferenceBoardError) -> [String]? {
    do {
      guard try reader.nextRecord() else { return nil }
    } catch {
      throw .malformed(path: path, line: reader.line, detail: "\(error)")
    }
    return (0..<reader.fieldCount).map { String(decoding: reader.field($0), as: UTF8.self) }
  }
}

/// Where each known column sits in a header, matched case-insensitively; resolved once per file.
private struct Columns {
  let format: ReferenceFormat?
  let rank, team, teamName, teamID, score, publicScore, privateScore, submittedAt, kind, hasScore: Int?

  init(_ header: [String]) {
    var positions: [String: Int] = [:]
    for (index, name) in header.enumerated() {
      let key = name.trimmingCharacters(in: .whitespaces).lowercased()
      if positions[key] == nil { positions[key] = index }
    }
    (rank, team, teamName, teamID) = (positions["rank"], positions["team"], positions["teamname"], positions["teamid"])
    (score, publicScore, privateScore) = (positions["score"], positions["public_score"], positions["private_score"])
    submittedAt = positions["submitted_at"] ?? positions["lastsubmissiondate"] ?? positions["submissiondate"]
    (kind, hasScore) = (positions["kind"], positions["hasscore"])
    format =
      if hasScore != nil || positions["scorenullable"] != nil {
        .mleBench
      } else if team != nil && (score != nil || publicScore != nil || privateScore != nil) {
        .tatami
      } else if teamName != nil && score != nil { .kaggle } else if rank != nil && score != nil { .mleDojo } else {
        nil
      }
  }

  func row(_ cells: [String], format: ReferenceFormat, singleView: BoardView, line: Int) -> ReferenceRow {
    let cell = { (index: Int?) -> String? in index.flatMap { $0 < cells.count ? cells[$0] : nil } }
    var row = ReferenceRow(team: "", rank: cell(rank).flatMap(Self.integer), line: line)
    row.submittedAt = cell(submittedAt).flatMap { $0.isEmpty ? nil : $0 }
    switch format {
    case .tatami:
      row.team = cell(team) ?? ""
      row.publicScore = Self.score(cell(publicScore ?? score))
      row.privateScore = Self.score(cell(privateScore ?? score))
      row.kind = cell(kind)
    case .mleBench:
      row.team = cell(teamID).map { "team \($0)" } ?? "line \(line)"
      let scored = cell(hasScore).map { $0.lowercased() != "false" } ?? true
      row.privateScore = scored ? Self.score(cell(score)) : ReferenceScore(value: nil, flag: .missing)
    case .kaggle, .mleDojo:
      row.team = cell(teamName) ?? "#\(row.rank.map(String.init) ?? "line \(line)")"
      row.setScore(Self.score(cell(score)), for: singleView)
    }
    return row
  }

  private static func integer(_ text: String) -> Int? {
    Int(text) ?? Int(text.filter { $0 != " " })
  }

  /// A score cell, read with the scoring engine's exact number parser.
  private static func score(_ text: String?) -> ReferenceScore {
    guard let text else { return ReferenceScore(value: nil, flag: .missing) }
    let parsed = Array(text.utf8).withUnsafeBufferPointer { NumberParser.parse($0) }
    switch parsed {
    case .value(let value): return ReferenceScore(value: value)
    case .empty: return ReferenceScore(value: nil, flag: .missing)
    case .nonFinite, .overflow: return ReferenceScore(value: nil, flag: .nonFinite)
    case .notANumber: return ReferenceScore(value: nil, flag: .unreadable)
    }
  }
}
