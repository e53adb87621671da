import Basics
import Scoring
import Yams

extension Manifest {
  /// Decodes and validates `competition.yaml`, collecting every problem rather than stopping at the first.
  ///
  /// - Returns: the manifest, or every problem found (unknown and missing keys, wrong types, bad values).
  public static func decode(yaml text: String) -> Result<Manifest, BundleErrors> {
    var decoder = ManifestDecoder()
    let manifest = decoder.decodeDocument(text)
    if let manifest, decoder.problems.isEmpty { return .success(manifest) }
    return .failure(BundleErrors(decoder.problems))
  }
}

/// Several problems at once, as `tatami bundle check` reports them.
public struct BundleErrors: Error, Sendable, Equatable {
  public var all: [BundleError]
  public init(_ all: [BundleError]) { self.all = all }
}

/// Walks the YAML node tree by hand so unknown keys, key paths and line numbers are all reportable.
struct ManifestDecoder {
  private(set) var problems: [BundleError] = []

  mutating func decodeDocument(_ text: String) -> Manifest? {
    if let problem = ManifestPreScan.check(text) {
      problems.append(problem.bundleError)
      return nil
    }
    let root: Node?
    do {
      root = try Yams.compose(yaml: text)
    } catch let error as YamlError {
      problems.append(.manifestSyntax(line: error.line, detail: error.summary))
      return nil
    } catch {
      problems.append(.manifestSyntax(line: nil, detail: "\(error)"))
      return nil
    }
    guard let root else {
      problems.append(.manifestSyntax(line: nil, detail: "the file is empty"))
      return nil
    }
    return manifest(root)
  }

  private mutating func manifest(_ root: Node) -> Manifest? {
    let keys = [
      "format", "id", "title", "version", "task", "tags", "metric", "submission", "answers", "baseline",
      "limits", "source",
    ]
    let required = ["format", "id", "title", "version", "task", "metric", "submission", "source"]
    guard let fields = mapping(root, path: "", known: keys, required: required) else { return nil }
    let format = formatVersion(fields["format"])
    let id = identifier(fields["id"])
    let title = fields["title"].flatMap { string($0, path: "title") }
    let version = fields["version"].flatMap { positiveInt($0, path: "version") }
    let task = taskType(fields["task"])
    let tags = fields["tags"].map { stringList($0, path: "tags") } ?? []
    let metric = fields["metric"].flatMap { metricSpec($0) }
    let submission = fields["submission"].flatMap { submissionSpec($0) }
    let answers = fields["answers"].map { relativePath($0, path: "answers") } ?? "private/answers.csv"
    let baseline = fields["baseline"].map { baselineSpec($0) }
    let limits = fields["limits"].map { limitsSpec($0) } ?? Manifest.Limits()
    let source = fields["source"].flatMap { sourceSpec($0) }
    guard let format, let id, let title, let version, let task, let tags, let metric, let submission, let answers,
      let source
    else { return nil }
    return Manifest(
      format: format, id: id, title: title, version: version, task: task, tags: tags, metric: metric,
      submission: submission, answers: answers, baseline: baseline ?? nil, limits: limits, source: source)
  }

  // MARK: Sections

  private mutating func formatVersion(_ node: Node?) -> Int? {
    guard let node, let format = positiveInt(node, path: "format") else { return nil }
    guard format == 1 else {
      return invalid("format", node, String(format), "this tatami reads bundle format 1 only")
    }
    return format
  }

  private mutating func identifier(_ node: Node?) -> String? {
    guard let node, let id = string(node, path: "id") else { return nil }
    guard Manifest.isValidID(id) else {
      return invalid(
        "id", node, id, "use 2 to 64 characters: lower-case letters, digits and '-', starting with a letter or digit")
    }
    return id
  }

  private mutating func taskType(_ node: Node?) -> TaskType? {
    guard let node, let text = string(node, path: "task") else { return nil }
    guard let task = TaskType(rawValue: text) else {
      let names = TaskType.allCases.map(\.rawValue).joined(separator: ", ")
      return invalid("task", node, text, "not a task type; use one of \(names)")
    }
    return task
  }

  private mutating func metricSpec(_ node: Node) -> Manifest.MetricSpec? {
    guard let fields = mapping(node, path: "metric", known: ["name", "params"], required: ["name"]),
      let nameNode = fields["name"], let name = string(nameNode, path: "metric.name")
    else { return nil }
    let params = fields["params"].map { stringMap($0, path: "metric.params") } ?? [:]
    guard let params else { return nil }
    do {
      let metric = try Metrics.require(name)
      _ = try metric.resolve(params)
    } catch {
      let path = error.parameterName.map { "metric.params.\($0)" } ?? "metric.name"
      let valueNode = error.parameterName.flatMap { fields["params"]?.mapping?[$0] } ?? nameNode
      let value = error.parameterName.map { params[$0] ?? "" } ?? name
      return invalid(path, valueNode, value, error.message + "; " + error.hint)
    }
    return Manifest.MetricSpec(name: name, params: params)
  }

  private mutating func submissionSpec(_ node: Node) -> Manifest.SubmissionSpec? {
    let known = ["id_column", "target_columns"]
    guard let fields = mapping(node, path: "submission", known: known, required: known),
      let idNode = fields["id_column"], let targetsNode = fields["target_columns"],
      let idColumn = string(idNode, path: "submission.id_column"),
      let targets = stringList(targetsNode, path: "submission.target_columns")
    else { return nil }
    let path = "submission.target_columns"
    if targets.isEmpty { return invalid(path, targetsNode, "[]", "list at least one target column") }
    if let repeated = firstDuplicate(targets) {
      return invalid(path, targetsNode, repeated, "the column is listed twice; list each column once")
    }
    if targets.contains(idColumn) {
      return invalid(path, targetsNode, idColumn, "the id column is not a target; list only the prediction columns")
    }
    return Manifest.SubmissionSpec(idColumn: idColumn, targetColumns: targets)
  }

  private mutating func baselineSpec(_ node: Node) -> Manifest.Baseline? {
    guard let fields = mapping(node, path: "baseline", known: ["script", "scores"], required: []) else { return nil }
    let script = fields["script"].flatMap { relativePath($0, path: "baseline.script") }
    var baseline = Manifest.Baseline(script: script)
    if let scoresNode = fields["scores"],
      let scores = mapping(scoresNode, path: "baseline.scores", known: ["public", "private"], required: [])
    {
      baseline.publicScore = scores["public"].flatMap { finiteDouble($0, path: "baseline.scores.public") }
      baseline.privateScore = scores["private"].flatMap { finiteDouble($0, path: "baseline.scores.private") }
    }
    return baseline
  }

  private mutating func limitsSpec(_ node: Node) -> Manifest.Limits {
    let known = ["steps", "time", "step_timeout", "memory"]
    guard let fields = mapping(node, path: "limits", known: known, required: []) else { return Manifest.Limits() }
    return Manifest.Limits(
      steps: fields["steps"].flatMap { positiveInt($0, path: "limits.steps") },
      timeSeconds: fields["time"].flatMap { quantity($0, path: "limits.time", parse: Quantities.parseSeconds) },
      stepTimeoutSeconds: fields["step_timeout"].flatMap {
        quantity($0, path: "limits.step_timeout", parse: Quantities.parseSeconds)
      },
      memoryBytes: fields["memory"].flatMap { quantity($0, path: "limits.memory", parse: Quantities.parseBytes) })
  }

  private mutating func sourceSpec(_ node: Node) -> Manifest.Source? {
    let known = ["name", "dataset", "license", "url", "citation"]
    guard let fields = mapping(node, path: "source", known: known, required: ["name", "license"]),
      let name = fields["name"].flatMap({ string($0, path: "source.name") }),
      let license = fields["license"].flatMap({ string($0, path: "source.license") })
    else { return nil }
    return Manifest.Source(
      name: name, dataset: fields["dataset"].flatMap { string($0, path: "source.dataset") }, license: license,
      url: fields["url"].flatMap { string($0, path: "source.url") },
      citation: fields["citation"].flatMap { string($0, path: "source.citation") })
  }

  // MARK: Typed values

  /// The mapping's values by key, after reporting a wrong type, unknown keys and missing required keys;
  /// nil only when the node is not a mapping.
  private mutating func mapping(_ node: Node, path: String, known: [String], required: [String]) -> [String: Node]? {
    guard case .mapping(let pairs) = node else {
      problems.append(.wrongType(path: path.isEmpty ? "(the document)" : path, line: node.line, expected: "a mapping"))
      return nil
    }
    var fields: [String: Node] = [:]
    for (keyNode, value) in pairs {
      let key = keyNode.string ?? "\(keyNode)"
      guard known.contains(key) else {
        problems.append(.unknownKey(path: join(path, key), line: keyNode.line, known: known))
        continue
      }
      if !value.isNull { fields[key] = value }
    }
    // Missing keys are reported, but the fields present are still returned so their problems are found too.
    problems += required.filter { fields[$0] == nil }.map { .missingKey(path: join(path, $0)) }
    return fields
  }

  /// Any scalar as its text: YAML reads `title: 2024` as a number, the manifest wants the text.
  private mutating func string(_ node: Node, path: String) -> String? {
    guard case .scalar(let scalar) = node else {
      problems.append(.wrongType(path: path, line: node.line, expected: "a single value (text or number)"))
      return nil
    }
    return scalar.string
  }

  private mutating func positiveInt(_ node: Node, path: String) -> Int? {
    guard let text = string(node, path: path) else { return nil }
    guard let value = Int(text), value > 0 else { return invalid(path, node, text, "must be a positive whole number") }
    return value
  }

  private mutating func finiteDouble(_ node: Node, path: String) -> Double? {
    guard let text = string(node, path: path) else { return nil }
    guard let value = Double(text), value.isFinite else { return invalid(path, node, text, "must be a finite number") }
    return value
  }

  private mutating func quantity(_ node: Node, path: String, parse: (String) throws(Quantities.Problem) -> Int)
    -> Int?
  {
    guard let text = string(node, path: path) else { return nil }
    do throws(Quantities.Problem) {
      return try parse(text)
    } catch .malformed {
      return invalid(path, node, text, "write a positive number with a unit, like 90s, 15m, 2h or 512M, 4G")
    } catch {
      return invalid(path, node, text, "it \(error.reason)")
    }
  }

  private mutating func stringList(_ node: Node, path: String) -> [String]? {
    guard case .sequence(let items) = node else {
      problems.append(.wrongType(path: path, line: node.line, expected: "a list, like [a, b]"))
      return nil
    }
    let values = items.enumerated().map { index, item in string(item, path: "\(path)[\(index)]") }
    return values.contains(where: { $0 == nil }) ? nil : values.compactMap { $0 }
  }

  /// A mapping of scalars, both sides read as text (metric parameters).
  private mutating func stringMap(_ node: Node, path: String) -> [String: String]? {
    guard case .mapping(let pairs) = node else {
      problems.append(.wrongType(path: path, line: node.line, expected: "a mapping, like {k: 3}"))
      return nil
    }
    var values: [String: String] = [:]
    for (keyNode, valueNode) in pairs {
      guard let key = keyNode.string, let value = string(valueNode, path: join(path, key)) else { return nil }
      values[key] = value
    }
    return values
  }

  /// A path inside the bundle: relative, without `..`.
  private mutating func relativePath(_ node: Node, path: String) -> String? {
    guard let text = string(node, path: path) else { return nil }
    guard let normalized = EntryPath.normalize(text), !normalized.isEmpty else {
      return invalid(path, node, text, "must be a relative path inside the bundle, without '..'")
    }
    return normalized
  }

  private mutating func invalid<T>(_ path: String, _ node: Node, _ value: String, _ reason: String) -> T? {
    problems.append(.invalidValue(path: path, line: node.line, value: value, reason: reason))
    return nil
  }

  private func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : path + "." + key }
}

func firstDuplicate(_ values: [String]) -> String? {
  var seen: Set<String> = []
  return values.first { !seen.insert($0).inserted }
}

extension Node {
  fileprivate var line: Int? { mark?.line }

  /// A null scalar (`key:` or `key: ~`) counts as an absent key.
  fileprivate var isNull: Bool {
    guard case .scalar(let scalar) = self else { return false }
    return scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
  }
}

extension HarnessError {
  /// The metric parameter the error is about, if any.
  fileprivate var parameterName: String? {
    if case .badParameter(_, let parameter, _) = self { return parameter }
    return nil
  }
}

extension YamlError {
  fileprivate var line: Int? {
    switch self {
    case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
    case .duplicatedKeysInMapping(_, let context): return context.mark.line
    default: return nil
    }
  }

  /// The problem without the YAML text echoed back.
  fileprivate var summary: String {
    switch self {
    case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _),
      .composer(let context, let problem, _, _):
      return [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
    case .duplicatedKeysInMapping(let duplicates, _):
      return "duplicate key \(duplicates.map { "'\($0)'" }.joined(separator: ", "))"
    default: return "\(self)"
    }
  }
}
