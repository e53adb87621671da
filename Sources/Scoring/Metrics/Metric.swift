/// How a metric wants the answers and the submission's target cells read.
public enum MetricInput: Sendable, Equatable {
  /// Every target column is a number, in the answers and in the submission.
  case numbers(PredictionDomain)
  /// One binary target column per label in the answers (0 or 1), real-valued scores in the submission.
  case binaryScores(PredictionDomain)
  /// One probability column per class in the submission; the answers hold the same one-hot columns
  /// or a single label column whose values name the submission's columns.
  case classProbabilities
  /// One target column of class labels, compared as exact strings.
  case labels
  /// One target column of free text (token lists, sentences, run-length masks), kept as strings.
  case text
}

/// The values a submission's numeric cells may take; anything else is an invalid submission.
public enum PredictionDomain: Sendable, Equatable {
  case anyFinite
  case nonNegative
  case positive
  case unitInterval

  func contains(_ value: Double) -> Bool {
    switch self {
    case .anyFinite: return true
    case .nonNegative: return value >= 0
    case .positive: return value > 0
    case .unitInterval: return value >= 0 && value <= 1
    }
  }

  var requirement: String {
    switch self {
    case .anyFinite: return "a finite number"
    case .nonNegative: return "a number >= 0"
    case .positive: return "a number > 0"
    case .unitInterval: return "a probability in [0, 1]"
    }
  }
}

/// The answers and the predictions of one scored row set (Public, Private or all rows), aligned by id.
///
/// Row `i` of every array is the same answer id. Columns follow the submission's target columns.
public struct MetricData: Sendable {
  public enum Values: Sendable {
    /// `truth[c][i]`, `predicted[c][i]` for target column `c` and row `i`.
    case numbers(truth: [[Double]], predicted: [[Double]])
    /// Interned labels: `names[code]` is the label's text; codes are shared by truth and prediction.
    case labels(truth: [Int32], predicted: [Int32], names: [String])
    /// Raw cell text of the single target column.
    case text(truth: [String], predicted: [String])
  }

  public let values: Values
  /// The answer-only columns the metric's parameters name (weights, groups), row-aligned with `values`.
  public let answerColumns: AnswerColumns
  /// The submission's target column names, in the order of `values`' columns, for metrics whose parameters
  /// pick columns by name; empty when the caller has none (a metric that needs them then reports `wrongInput`).
  public let targetColumns: [String]

  public init(_ values: Values, answerColumns: AnswerColumns = AnswerColumns(), targetColumns: [String] = []) {
    self.values = values
    self.answerColumns = answerColumns
    self.targetColumns = targetColumns
  }

  public static func numbers(
    truth: [[Double]], predicted: [[Double]], answerColumns: AnswerColumns = AnswerColumns(),
    targetColumns: [String] = []
  ) -> MetricData {
    MetricData(.numbers(truth: truth, predicted: predicted), answerColumns: answerColumns, targetColumns: targetColumns)
  }

  public static func labels(
    truth: [Int32], predicted: [Int32], names: [String], answerColumns: AnswerColumns = AnswerColumns()
  ) -> MetricData {
    MetricData(.labels(truth: truth, predicted: predicted, names: names), answerColumns: answerColumns)
  }

  public static func text(truth: [String], predicted: [String], answerColumns: AnswerColumns = AnswerColumns())
    -> MetricData
  {
    MetricData(.text(truth: truth, predicted: predicted), answerColumns: answerColumns)
  }

  public var rowCount: Int {
    switch values {
    case .numbers(let truth, _): return truth.first?.count ?? 0
    case .labels(let truth, _, _): return truth.count
    case .text(let truth, _): return truth.count
    }
  }
}

/// Columns of the answers that the submission does not have, read because a metric parameter names them:
/// numbers (a row weight) or groups (a coupling type, a phone), one value per row of the row set.
public struct AnswerColumns: Sendable, Equatable {
  public private(set) var numbers: [String: [Double]]
  /// Each row's group as a code into `groupNames[name]`, codes in order of first appearance in the answers.
  public private(set) var groups: [String: [Int32]]
  public private(set) var groupNames: [String: [String]]

  public init(numbers: [String: [Double]] = [:], groups: [String: [Int32]] = [:], groupNames: [String: [String]] = [:]) {
    self.numbers = numbers
    self.groups = groups
    self.groupNames = groupNames
  }

  public var isEmpty: Bool { numbers.isEmpty && groups.isEmpty }

  /// The same columns restricted to the rows `pick` keeps.
  func mapColumns(numbers pickNumbers: ([Double]) -> [Double], groups pickGroups: ([Int32]) -> [Int32])
    -> AnswerColumns
  {
    AnswerColumns(numbers: numbers.mapValues(pickNumbers), groups: groups.mapValues(pickGroups), groupNames: groupNames)
  }
}

/// Why a metric could not produce a number, and whose fault that is.
public enum MetricFailure: Error, Sendable, Equatable {
  /// The submission makes the metric undefined (constant predictions for a correlation, a malformed list).
  case invalidPrediction(row: Int?, message: String, hint: String)
  /// The answers make the metric undefined on this row set (one class only for AUC, a zero actual for MAPE).
  case undefinedOnAnswers(String)
  /// The metric was handed data of a shape it does not read; a bug in the harness.
  case wrongInput(String)
}

/// One parameter a metric accepts, as listed by `tatami metrics`.
public struct MetricParameter: Sendable, Equatable {
  public enum Kind: Sendable, Equatable {
    case integer, real, text, boolean
    /// Comma-separated names of numeric answer columns the submission does not have (weights); empty = none.
    case numberColumns
    /// The name of an answer column whose values group the rows (a coupling type, a phone); empty = none.
    case groupColumn
    /// Comma-separated names of answer columns that mark subgroups: a cell >= 0.5 (or True) is a member, a cell
    /// below 0.5, False or empty is not (jigsaw's identity columns, empty where no rater was asked).
    case flagColumns

    /// How the answer columns a parameter of this kind names are read; nil for the other kinds.
    var answerColumnReading: AnswerColumnRequest.Reading? {
      switch self {
      case .numberColumns: .numbers
      case .groupColumn: .groups
      case .flagColumns: .flags
      case .integer, .real, .text, .boolean: nil
      }
    }
  }
  public let name: String
  public let kind: Kind
  /// The value used when the manifest or `--param` gives none; nil means the parameter is required.
  public let defaultValue: String?
  public let summary: String
  /// For a real or integer parameter, the open interval its value must lie in; nil accepts any finite number.
  public let range: OpenRange?
  /// For a text parameter, the values it may take; nil accepts any text.
  public let choices: [String]?

  public init(
    _ name: String, _ kind: Kind, default defaultValue: String?, _ summary: String, range: OpenRange? = nil,
    choices: [String]? = nil
  ) {
    self.name = name
    self.kind = kind
    self.defaultValue = defaultValue
    self.summary = summary
    self.range = range
    self.choices = choices
  }

  /// An open interval `(lower, upper)`; a nil bound leaves that side unbounded.
  public struct OpenRange: Sendable, Equatable {
    public let lower: Double?
    public let upper: Double?

    public init(lower: Double? = nil, upper: Double? = nil) {
      self.lower = lower
      self.upper = upper
    }

    public static let positive = OpenRange(lower: 0)
    public static let openUnitInterval = OpenRange(lower: 0, upper: 1)

    public func contains(_ value: Double) -> Bool {
      (lower.map { value > $0 } ?? true) && (upper.map { value < $0 } ?? true)
    }

    /// "> 0", "< 1" or "in (0, 1)", for error messages.
    public var requirement: String {
      switch (lower, upper) {
      case (let lower?, let upper?): return "in (\(lower.formatted), \(upper.formatted))"
      case (let lower?, nil): return "> \(lower.formatted)"
      case (nil, let upper?): return "< \(upper.formatted)"
      case (nil, nil): return "finite"
      }
    }
  }
}

extension Double {
  /// Integral values without a trailing ".0", so messages read "(0, 1)".
  fileprivate var formatted: String { self == rounded() && abs(self) < 1e15 ? String(Int(self)) : String(self) }
}

extension MetricParameter {
  /// Which target columns a column-averaging metric scores: the submission must still carry every target
  /// column, but only these count (stanford-covid-vaccine requires five and scores three).
  public static let scoredColumns = MetricParameter(
    "scored_columns", .text, default: "",
    "comma-separated target columns the mean is taken over; empty: every target column")
}

/// Parameter values after checking them against the metric's declared parameters.
public struct MetricParameters: Sendable, Equatable {
  public private(set) var values: [String: String]

  public init(_ values: [String: String] = [:]) { self.values = values }

  public func integer(_ name: String) -> Int { values[name].flatMap { Int($0) } ?? 0 }
  public func real(_ name: String) -> Double { values[name].flatMap { Double($0) } ?? 0 }
  public func text(_ name: String) -> String { values[name] ?? "" }
  /// A `.boolean` parameter: "true" or "false", checked when resolved.
  public func flag(_ name: String) -> Bool { values[name] == "true" }
  /// The column names of a `.numberColumns` or `.groupColumn` parameter (none when its value is empty).
  public func columns(_ name: String) -> [String] {
    (values[name] ?? "").split(separator: ",").map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
  }

  fileprivate func answerColumnRequests(_ declared: [MetricParameter]) -> [AnswerColumnRequest] {
    declared.flatMap { parameter -> [AnswerColumnRequest] in
      guard let reading = parameter.kind.answerColumnReading else { return [] }
      return columns(parameter.name).map { AnswerColumnRequest($0, reading, parameter.name) }
    }
  }
}

/// An answer column a metric parameter names, and how its cells are read.
public struct AnswerColumnRequest: Sendable, Equatable {
  public enum Reading: Sendable, Equatable {
    /// Finite numbers; `True`/`False` (pandas' booleans) read as 1 and 0.
    case numbers
    /// Any text; equal cells form one group.
    case groups
    /// Membership as 1 or 0: a number >= 0.5 or `True` is 1; a smaller number, `False` or an empty cell is 0.
    case flags
  }

  public let column: String
  public let reading: Reading
  /// The metric parameter that names the column, for messages.
  public let parameter: String

  public init(_ column: String, _ reading: Reading, _ parameter: String) {
    self.column = column
    self.reading = reading
    self.parameter = parameter
  }
}

extension String {
  fileprivate var trimmingSpaces: String {
    String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
  }
}

/// A native metric: its name, direction, parameters and the function that computes it.
public struct Metric: Sendable {
  public typealias Evaluate = @Sendable (MetricData, MetricParameters) throws(MetricFailure) -> Double

  public let name: String
  public let higherIsBetter: Bool
  public let input: MetricInput
  public let parameters: [MetricParameter]
  /// One line, shown by `tatami metrics`.
  public let definition: String
  let evaluate: Evaluate

  public init(
    name: String, higherIsBetter: Bool, input: MetricInput, parameters: [MetricParameter] = [],
    definition: String, evaluate: @escaping Evaluate
  ) {
    self.name = name
    self.higherIsBetter = higherIsBetter
    self.input = input
    self.parameters = parameters
    self.definition = definition
    self.evaluate = evaluate
  }

  /// Computes the metric on one aligned row set.
  public func callAsFunction(_ data: MetricData, _ parameters: MetricParameters) throws(MetricFailure)
    -> Double
  {
    try evaluate(data, parameters)
  }

  /// The answer-only columns the resolved parameters name, which the answer key reads besides the targets.
  public func answerColumns(_ parameters: MetricParameters) -> [AnswerColumnRequest] {
    parameters.answerColumnRequests(self.parameters)
  }

  /// Checks user-given parameters against the declared ones and fills in defaults.
  public func resolve(_ given: [String: String]) throws(HarnessError) -> MetricParameters {
    for key in given.keys where !parameters.contains(where: { $0.name == key }) {
      let known = parameters.map(\.name).joined(separator: ", ")
      throw .badParameter(
        metric: name, parameter: key,
        reason: known.isEmpty ? "this metric takes no parameters" : "known parameters: \(known)")
    }
    var resolved: [String: String] = [:]
    for parameter in parameters {
      guard let value = given[parameter.name] ?? parameter.defaultValue else {
        throw .badParameter(metric: name, parameter: parameter.name, reason: "it is required")
      }
      try parameter.check(value, metric: name)
      resolved[parameter.name] = value
    }
    return MetricParameters(resolved)
  }
}

extension MetricParameter {
  fileprivate func check(_ value: String, metric: String) throws(HarnessError) {
    switch kind {
    case .integer:
      guard let number = Int(value), number > 0 else {
        throw .badParameter(
          metric: metric, parameter: name, reason: "\(Excerpt.quoted(value)) is not a positive integer")
      }
      if let range, !range.contains(Double(number)) {
        throw .badParameter(metric: metric, parameter: name, reason: "\(number) is not \(range.requirement)")
      }
    case .real:
      guard let number = Double(value), number.isFinite else {
        throw .badParameter(metric: metric, parameter: name, reason: "\(Excerpt.quoted(value)) is not a finite number")
      }
      if let range, !range.contains(number) {
        throw .badParameter(metric: metric, parameter: name, reason: "\(Excerpt.of(value)) is not \(range.requirement)")
      }
    case .boolean:
      guard value == "true" || value == "false" else {
        throw .badParameter(metric: metric, parameter: name, reason: "'\(value)' is not true or false")
      }
    case .numberColumns, .groupColumn, .flagColumns:
      break
    case .text:
      if let choices, !choices.contains(value) {
        throw .badParameter(
          metric: metric, parameter: name,
          reason: "\(Excerpt.quoted(value)) is not one of \(choices.joined(separator: ", "))")
      }
    }
  }
}
