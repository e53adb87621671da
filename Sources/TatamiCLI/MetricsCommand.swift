import ArgumentParser
import Scoring

struct MetricsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "metrics",
    abstract: "List every native metric: name, direction, parameters, definition.",
    discussion: """
      Metric names are stable; a competition's manifest and `tatami score --metric` use them. The direction
      is part of the metric, never guessed from data. Parameters are given as `--param key=value`. Parameters
      whose type (in --json) is number_columns, group_column or flag_columns name answer columns the submission
      lacks (weights, groups, identity subgroups), which the answers must then hold (docs/bundle-format.md).

      Examples:
        tatami metrics
        tatami metrics --json
      """)

  @Flag(help: "Print the list as JSON.")
  var json = false

  func run() throws {
    if json {
      try Output.printJSON(Metrics.all.map(MetricJSON.init))
      return
    }
    let rows = Metrics.all.map { metric in
      [metric.name, metric.higherIsBetter ? "higher" : "lower", Self.parameterList(metric), metric.definition]
    }
    Output.write(Output.table(header: ["METRIC", "BETTER", "PARAMETERS", "DEFINITION"], rows: rows))
  }

  private static func parameterList(_ metric: Metric) -> String {
    metric.parameters.map { parameter in
      parameter.name + (parameter.defaultValue.map { "=\($0)" } ?? " (required)")
    }.joined(separator: ", ")
  }
}

/// One metric as `tatami metrics --json` prints it.
private struct MetricJSON: Encodable {
  struct Parameter: Encodable {
    let name: String
    let type: String
    let defaultValue: String?
    let required: Bool
    let summary: String
    /// The values a text parameter may take, when it lists them.
    let choices: [String]?

    enum CodingKeys: String, CodingKey { case name, type, defaultValue = "default", required, summary, choices }
  }

  let name: String
  let higherIsBetter: Bool
  let input: String
  let parameters: [Parameter]
  let definition: String

  enum CodingKeys: String, CodingKey {
    case name, higherIsBetter = "higher_is_better", input, parameters, definition
  }

  init(_ metric: Metric) {
    name = metric.name
    higherIsBetter = metric.higherIsBetter
    definition = metric.definition
    input = switch metric.input {
    case .numbers: "numbers"
    case .binaryScores: "binary_scores"
    case .classProbabilities: "class_probabilities"
    case .labels: "labels"
    case .text: "text"
    }
    parameters = metric.parameters.map { parameter in
      Parameter(
        name: parameter.name, type: Self.typeName(parameter.kind), defaultValue: parameter.defaultValue,
        required: parameter.defaultValue == nil, summary: parameter.summary, choices: parameter.choices)
    }
  }

  /// The parameter's type as `--json` names it: snake_case, like every other code of the contract.
  static func typeName(_ kind: MetricParameter.Kind) -> String {
    switch kind {
    case .integer: "integer"
    case .real: "real"
    case .text: "text"
    case .boolean: "boolean"
    case .numberColumns: "number_columns"
    case .groupColumn: "group_column"
    case .flagColumns: "flag_columns"
    }
  }
}
