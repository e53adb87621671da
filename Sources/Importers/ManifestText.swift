import Catalog

/// The `competition.yaml` of an imported bundle, written as text with every string double-quoted.
struct ManifestText {
  var id: String
  var title: String
  var task: TaskType
  var tags: [String]
  var metric: String
  var parameters: [String: String]
  var idColumn: String
  var targets: [String]
  var baselineScores: (public: Double?, private: Double?)?
  var source: AnchorSource
  var originalID: String


  var yaml: String {
    let params = parameters.sorted { $0.key < $1.key }.map { "\($0.key): \(quoted($0.value))" }
    var lines = [
      "format: 1",
      "id: \(id)",
      "title: \(quoted(title))",
      "version: 1",
      "task: \(task.rawValue)",
      "tags: [\(tags.map(quoted).joined(separator: ", "))]",
      "metric:",
      "  name: \(metric)",
      "  params: {\(params.joined(separator: ", "))}",
      "submission:",
      "  id_column: \(quoted(idColumn))",
      "  target_columns: [\(targets.map(quoted).joined(separator: ", "))]",
      "answers: private/answers.csv",
      "baseline:",
      "  script: baseline/solution.py",
    ]
    if let scores = baselineScores {
      let parts = [scores.public.map { "public: \($0)" }, scores.private.map { "private: \($0)" }].compactMap { $0 }
      lines.append("  scores: {\(parts.joined(separator: ", "))}")
    }
    lines += [
      "source:",
      "  name: \(source.rawValue)",
      "  dataset: \(quoted(originalID))",
      "  license: \(quoted("Kaggle competition rules of \(originalID); the data is the user's own download"))",
      "  url: \(quoted("https://www.kaggle.com/competitions/\(originalID)"))",
    ]
    return lines.joined(separator: "\n") + "\n"
  }

  private func quoted(_ text: String) -> String {
    var escaped = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": escaped += "\\\""
      case "\\": escaped += "\\\\"
      case "\n": escaped += "\\n"
      case "\t": escaped += "\\t"
      default: escaped.unicodeScalars.append(scalar)
      }
    }
    return "\"" + escaped + "\""
  }
}
