import CYaml
import Scoring

/// Reads `competition.yaml`'s YAML event stream (libyaml's parser, below Yams) before Yams composes it, and
/// refuses what could make composing hang: an alias, sequence or mapping used as a mapping key, and aliases
/// that expand to more than `maxExpandedNodes` nodes.
///
/// Yams hashes every mapping key to find duplicates; a key that is an alias of nested aliases (a "billion
/// laughs" bomb, about 1 KB of YAML) makes that hash walk an exponential tree and never return. After this
/// scan, composing and decoding take time linear in the manifest's size (itself capped by
/// `EntryLimits.maxManifestBytes`). docs/bundle-format.md states the rule.
enum ManifestPreScan {
  /// A manifest has about 50 nodes; anchors and aliases may repeat blocks, within this many nodes in all.
  static let maxExpandedNodes = 10_000

  enum Problem: Error, Equatable {
    case complexKey(line: Int)
    case expansion(line: Int, nodes: Int)
    case syntax(line: Int?, detail: String)

    var bundleError: BundleError {
      switch self {
      case .complexKey(let line):
        return .manifestSyntax(
          line: line, detail: "a mapping key must be a plain value, not an alias, a list or a mapping")
      case .expansion(let line, let nodes):
        return .manifestSyntax(
          line: line,
          detail: "aliases expand the file past \(nodes) nodes; write the repeated parts out instead")
      case .syntax(let line, let detail): return .manifestSyntax(line: line, detail: detail)
      }
    }
  }

  /// A collection being read: whether the next event of a mapping is a key, and the nodes counted so far.
  private struct Frame {
    let isMapping: Bool
    var expectsKey: Bool
    var nodes: Int
    let anchor: String?
  }

  /// Nil when the stream is safe to compose.
  static func check(_ text: String) -> Problem? {
    var parser = yaml_parser_t()
    guard yaml_parser_initialize(&parser) == 1 else { return .syntax(line: nil, detail: "cannot start the parser") }
    defer { yaml_parser_delete(&parser) }
    let bytes = Array(text.utf8)
    return bytes.withUnsafeBufferPointer { buffer in
      yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
      yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
      return scan(&parser)
    }
  }

  private static func scan(_ parser: inout yaml_parser_t) -> Problem? {
    var stack: [Frame] = [Frame(isMapping: false, expectsKey: false, nodes: 0, anchor: nil)]
    var anchorSizes: [String: Int] = [:]
    var total = 0
    while true {
      var event = yaml_event_t()
      guard yaml_parser_parse(&parser, &event) == 1 else {
        let detail = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
        return .syntax(line: Int(parser.problem_mark.line) + 1, detail: detail)
      }
      defer { yaml_event_delete(&event) }
      let line = Int(event.start_mark.line) + 1
      // Takes the next slot of the enclosing collection; in a mapping, keys and values alternate.
      func place(isScalar: Bool) -> Problem? {
        guard stack[stack.count - 1].isMapping else { return nil }
        if stack[stack.count - 1].expectsKey && !isScalar { return .complexKey(line: line) }
        stack[stack.count - 1].expectsKey.toggle()
        return nil
      }
      // Counts `size` nodes of the expanded document into the enclosing collection.
      func count(_ size: Int) -> Problem? {
        stack[stack.count - 1].nodes += size
        total += size
        return total > maxExpandedNodes ? .expansion(line: line, nodes: maxExpandedNodes) : nil
      }
      switch event.type {
      case YAML_STREAM_END_EVENT:
        return nil
      case YAML_SCALAR_EVENT:
        if let anchor = event.data.scalar.anchor { anchorSizes[String(cString: anchor)] = 1 }
        if let problem = place(isScalar: true) ?? count(1) { return problem }
      case YAML_ALIAS_EVENT:
        let name = event.data.alias.anchor.map { String(cString: $0) } ?? ""
        // An undefined alias is left for Yams to report with its context.
        if let problem = place(isScalar: false) ?? count(anchorSizes[name] ?? 1) { return problem }
      case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
        if let problem = place(isScalar: false) { return problem }
        let isMapping = event.type == YAML_MAPPING_START_EVENT
        let anchor = isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor
        total += 1
        stack.append(
          Frame(isMapping: isMapping, expectsKey: isMapping, nodes: 1, anchor: anchor.map { String(cString: $0) }))
      case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
        // Its nodes were counted into `total` as they came; the parent's count gets them now.
        let finished = stack.removeLast()
        if let anchor = finished.anchor { anchorSizes[anchor] = finished.nodes }
        stack[stack.count - 1].nodes += finished.nodes
      default:
        break
      }
    }
  }
}
