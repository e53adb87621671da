import Basics
import Foundation
import Yams

/// What the importer needs from one competition of an anchor, found in its definition folder and its data.
struct CompetitionDefinition {
  /// The anchor's own id (MLE-bench `id`, MLE-Dojo folder name, Kaggle folder name).
  var originalID: String
  var title: String
  var source: AnchorSource
  /// The anchor's description text (Markdown).
  var description: String
  /// The folder whose files an agent may see.
  var publicFolder: String
  /// Files of `publicFolder` not to copy (a Kaggle folder holds the solution beside the data).
  var excludedPublicFiles: Set<String> = []
  var sampleSubmission: String
  var answers: String
  /// Leaderboard files with the view each stands for (nil: the file's layout says).
  var leaderboards: [(path: String, view: String)] = []
  /// Why a board present in the definition could not be used (a Git LFS pointer), if so.
  var leaderboardProblem: String?

  /// Reads MLE-bench's `mlebench/competitions/<id>/` and its `prepared/` data.
  static func mleBench(_ folder: String, data: String) throws(ImportError) -> CompetitionDefinition {
    let configPath = folder + "/config.yaml"
    guard let text = try? String(contentsOfFile: configPath, encoding: .utf8) else {
      throw .notACompetition(path: folder, layout: .mleBench, expected: "it has no config.yaml")
    }
    let config: [String: Any]
    do {
      config = try Yams.load(yaml: text) as? [String: Any] ?? [:]
    } catch {
      throw .unreadable(path: configPath, detail: "\(error)")
    }
    guard let id = config["id"] as? String, let dataset = config["dataset"] as? [String: Any],
      let answers = dataset["answers"] as? String, let sample = dataset["sample_submission"] as? String
    else { throw .unreadable(path: configPath, detail: "id, dataset.answers or dataset.sample_submission is missing") }
    let prepared = try preparedFolder(data, id: id, candidates: ["", "/prepared", "/\(id)/prepared"])
    var definition = CompetitionDefinition(
      originalID: id, title: config["name"] as? String ?? id, source: .mleBench,
      description: (try? String(contentsOfFile: folder + "/description.md", encoding: .utf8)) ?? "",
      publicFolder: prepared + "/public", sampleSubmission: prepared + "/public/" + lastComponent(sample),
      answers: prepared + "/private/" + lastComponent(answers))
    let board = folder + "/leaderboard.csv"
    if FileManager.default.fileExists(atPath: board) {
      if isLFSPointer(board) {
        definition.leaderboardProblem = "leaderboard.csv is a Git LFS pointer; run `git lfs pull` in the mle-bench clone"
      } else {
        definition.leaderboards = [(board, "leaderboard.csv")]
      }
    }
    return definition
  }

  /// Reads MLE-Dojo's `mledojo/competitions/<slug>/` and its `data/` folder.
  static func mleDojo(_ folder: String, data: String) throws(ImportError) -> CompetitionDefinition {
    let descriptionPath = folder + "/info/description.txt"
    guard let description = try? String(contentsOfFile: descriptionPath, encoding: .utf8) else {
      throw .notACompetition(path: folder, layout: .mleDojo, expected: "it has no info/description.txt")
    }
    let slug = lastComponent(folder)
    let prepared = try preparedFolder(data, id: slug, candidates: ["", "/data", "/\(slug)/data"])
    var definition = CompetitionDefinition(
      originalID: slug, title: heading(of: description) ?? slug, source: .mleDojo, description: description,
      publicFolder: prepared + "/public", sampleSubmission: prepared + "/public/sample_submission.csv",
      answers: prepared + "/private/test_answer.csv")
    definition.excludedPublicFiles = ["description.txt"]
    for view in ["public", "private"] {
      let board = "\(folder)/info/\(view)_leaderboard.csv"
      if FileManager.default.fileExists(atPath: board) { definition.leaderboards.append((board, "\(view)_leaderboard.csv")) }
    }
    return definition
  }

  /// Reads a plain Kaggle folder: data files, `sample_submission.csv`, a solution file with `Usage`, and
  /// optionally `description.md` and Kaggle's leaderboard download (`*publicleaderboard*.csv`, `*privateleaderboard*.csv`).
  static func kaggle(_ folder: String, solution: String?) throws(ImportError) -> CompetitionDefinition {
    let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    guard files.contains("sample_submission.csv") else {
      throw .notACompetition(path: folder, layout: .kaggle, expected: "it has no sample_submission.csv")
    }
    let solutionName = solution ?? ["solution.csv", "test_solution.csv", "answers.csv"].first(where: files.contains)
    guard let solutionName, files.contains(solutionName) else {
      throw .missingSolution(path: folder, name: solution)
    }
    let slug = lastComponent(folder)
    var definition = CompetitionDefinition(
      originalID: slug, title: slug, source: .kaggle,
      description: (try? String(contentsOfFile: folder + "/description.md", encoding: .utf8)) ?? "",
      publicFolder: folder, sampleSubmission: folder + "/sample_submission.csv", answers: folder + "/" + solutionName)
    definition.title = heading(of: definition.description) ?? slug
    definition.excludedPublicFiles = [solutionName, "description.md"]
    for name in files.sorted() where name.lowercased().hasSuffix(".csv") && name.lowercased().contains("leaderboard") {
      let view = name.lowercased().contains("private") ? "private" : "public"
      definition.leaderboards.append((folder + "/" + name, "\(view)_leaderboard.csv"))
      definition.excludedPublicFiles.insert(name)
    }
    return definition
  }

  /// The first of `data` + each candidate that holds `public/` and `private/`.
  private static func preparedFolder(_ data: String, id: String, candidates: [String]) throws(ImportError) -> String {
    for candidate in candidates {
      let folder = data + candidate
      if FileSystem.isDirectory(folder + "/public") && FileSystem.isDirectory(folder + "/private") { return folder }
    }
    throw .missingData(path: data, detail: "no public/ and private/ folders for \(id)")
  }

  private static func lastComponent(_ path: String) -> String {
    (path as NSString).lastPathComponent
  }

  /// Git LFS leaves a small text file starting with its spec URL where the real file was not pulled.
  private static func isLFSPointer(_ path: String) -> Bool {
    guard let handle = FileHandle(forReadingAtPath: path) else { return false }
    defer { try? handle.close() }
    let head = (try? handle.read(upToCount: 64)) ?? Data()
    return String(decoding: head, as: UTF8.self).hasPrefix("version https://git-lfs.github.com/spec/")
  }

  /// The text of the first Markdown heading, for a title.
  private static func heading(of markdown: String) -> String? {
    for line in markdown.split(separator: "\n", maxSplits: 40) where line.hasPrefix("#") {
      let title = line.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces)
      if !title.isEmpty, title.lowercased() != "description", title.lowercased() != "overview" { return title }
    }
    return nil
  }
}
