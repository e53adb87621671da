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

  /// A YAML double-quoted scalar of any text: what YAML may not hold raw (control characters, from a folder name or
  /// a downloaded definition) is written as a `\u` escape, so the manifest parses back to the same text.
  private func quoted(_ text: String) -> String {
    var escaped = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": escaped += "\\\""
      case "\\": escaped += "\\\\"
      case "\n": escaped += "\\n"
      case "\t": escaped += "\\t"
      case _ where !Self.isPrintableInYAML(scalar):
        let hex = String(scalar.value, radix: 16, uppercase: true)
        escaped += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: escaped.unicodeScalars.append(scalar)
      }
    }
    return "\"" + escaped + "\""
  }

  /// YAML 1.1's printable set, without the byte-order mark; every scalar outside it is below U+10000.
  private static func isPrintableInYAML(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x20...0x7E, 0x85, 0xA0...0xD7FF, 0xE000...0xFEFE, 0xFF00...0xFFFD, 0x10000...0x10FFFF: return true
    default: return false
    }
  }
}
