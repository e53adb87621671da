import ArgumentParser

/// The `tatami` command: a Kaggle-style competition harness for machine-learning-engineering agents.
public struct TatamiCommand: AsyncParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "tatami",
    abstract: "A Kaggle-style competition harness for machine-learning-engineering agents.",
    subcommands: [
      ListCommand.self, ShowCommand.self, DataCommand.self, ScoreCommand.self, MetricsCommand.self,
      BundleCommand.self, RunCommand.self, RunsCommand.self, BoardCommand.self, ImportCommand.self, ServeCommand.self,
      BenchCommand.self, ReportCommand.self,
    ]
  )

  public init() {}
}

/// The executable's only call: parse the arguments and run the command.
public enum Entrypoint {
  public static func main() async {
    do {
      var command = try TatamiCommand.parseAsRoot()
      if var asyncCommand = command as? any AsyncParsableCommand {
        try await asyncCommand.run()
      } else {
        try command.run()
      }
    } catch {
      // The contract gives bad arguments exit code 3 (harness side), where argument-parser uses 64.
      guard TatamiCommand.exitCode(for: error) == .validationFailure else { TatamiCommand.exit(withError: error) }
      Output.printError(TatamiCommand.fullMessage(for: error), multiline: true)
      TatamiCommand.exit(withError: ExitCode(3))
    }
  }
}
