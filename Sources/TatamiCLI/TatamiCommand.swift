import ArgumentParser

/// The `tatami` command: a Kaggle-style competition harness for machine-learning-engineering agents.
public struct TatamiCommand: AsyncParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "tatami",
    abstract: "A Kaggle-style competition harness for machine-learning-engineering agents.",
    subcommands: [ScoreCommand.self, MetricsCommand.self]
  )

  public init() {}
}

/// The executable's only call: parse the arguments and run the command.
public enum Entrypoint {
  /// Exit code for arguments that do not parse: a harness-side failure, as the contract's `tatami score` fixes it.
  static let badArgumentsExitCode: Int32 = 3

  public static func main() async {
    do {
      var command = try TatamiCommand.parseAsRoot()
      if var asyncCommand = command as? any AsyncParsableCommand {
        try await asyncCommand.run()
      } else {
        try command.run()
      }
    } catch {
      if TatamiCommand.exitCode(for: error) == .validationFailure {
        Output.printError(TatamiCommand.fullMessage(for: error))
        TatamiCommand.exit(withError: ExitCode(badArgumentsExitCode))
      }
      TatamiCommand.exit(withError: error)
    }
  }
}
