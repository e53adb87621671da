import ArgumentParser
import Scoring

struct MetricsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "metrics", abstract: "List every native metric: name, direction, parameters, definition.")

  func run() throws {
    for metric in Metrics.all {
      print(metric.name, metric.higherIsBetter ? "higher" : "lower", metric.definition)
    }
  }
}
