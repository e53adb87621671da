import ArgumentParser

/// The `tatami` command: a Kaggle-style competition harness for machine-learning-engineering agents.
public struct TatamiCommand: AsyncParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "tatami",
    abstract: "A Kaggle-style competition harness for machine-learning-engineering agents.",
    subcommands: [MetricsCommand.self]
  )

  public init() {}
}

/// The executable's only call: parse the arguments and run the command.
public enum Entrypoint {
  public static func main() async {
    await TatamiCommand.main()
  }
}
