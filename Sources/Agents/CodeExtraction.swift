import Arena
import Foundation

/// Reads an action out of a model's reply, tolerating the usual shapes: a bare JSON object, JSON in a fenced
/// block, JSON whose code is in a separate ```python (or ```bash) block, or only a code block.
public enum CodeExtraction {
  public static func action(from reply: String) throws(StepError) -> Action {
    let blocks = fencedBlocks(reply)
    let code = blocks.first { ["python", "py", "python3"].contains($0.language) }?.body
    let shell = blocks.first { ["bash", "sh", "shell"].contains($0.language) }?.body
    var candidates = blocks.filter { $0.language == "json" || $0.body.hasPrefix("{") }.map(\.body)
    candidates += jsonObjects(in: reply)
    for text in candidates {
      guard let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any],
        object["action"] is String
      else { continue }
      var filled = object
      let name = object["action"] as? String
      if (name == "run" || name == "submit"), object["code"] == nil, object["command"] == nil {
        if let code { filled["code"] = code } else if let shell { filled["command"] = shell }
      }
      return try Action.parse(filled)
    }
    if let code {
      return code.contains("submission.csv") ? .submit(.python(code)) : .run(.python(code))
    }
    if let shell { return .run(.shell(shell)) }
    throw .invalidAction(
      "no action found in the reply; answer with one JSON object such as {\"action\": \"run\"} followed by a"
        + " ```python block, or {\"action\": \"finish\"}")
  }

  struct Block: Equatable {
    var language: String
    var body: String
  }

  /// The fenced code blocks (```lang … ```), in order.
  static func fencedBlocks(_ text: String) -> [Block] {
    var blocks: [Block] = []
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false)[...]
    while let start = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix("```") }) {
      let opener = lines[start].trimmingCharacters(in: .whitespaces)
      let language = String(opener.dropFirst(3)).trimmingCharacters(in: .whitespaces).lowercased()
      let rest = lines[(start + 1)...]
      guard let end = rest.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "```" }) else {
        // An unterminated block (the reply was cut): take the rest.
        blocks.append(Block(language: language, body: rest.joined(separator: "\n")))
        break
      }
      blocks.append(Block(language: language, body: lines[(start + 1)..<end].joined(separator: "\n")))
      lines = lines[(end + 1)...]
    }
    return blocks
  }

  /// Balanced `{…}` spans outside fenced blocks, strings respected.
  static func jsonObjects(in text: String) -> [String] {
    let scalars = Array(text.unicodeScalars)
    var results: [String] = []
    var index = 0
    while index < scalars.count {
      guard scalars[index] == "{" else {
        index += 1
        continue
      }
      var depth = 0
      var inString = false
      var escaped = false
      var end: Int?
      for position in index..<scalars.count {
        let scalar = scalars[position]
        if inString {
          if escaped { escaped = false } else if scalar == "\\" { escaped = true } else if scalar == "\"" { inString = false }
          continue
        }
        if scalar == "\"" { inString = true } else if scalar == "{" { depth += 1 } else if scalar == "}" {
          depth -= 1
          if depth == 0 {
            end = position
            break
          }
        }
      }
      guard let end else { break }
      var span = String.UnicodeScalarView()
      span.append(contentsOf: scalars[index...end])
      results.append(String(span))
      index = end + 1
    }
    return results
  }
}
