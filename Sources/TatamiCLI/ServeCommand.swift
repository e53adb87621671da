import ArgumentParser
import Arena
import Basics
import Catalog
import Foundation
import Leaderboard
import Server

/// `tatami serve`: episodes stepped from outside (OpenEnv's protocol), for trainers and Python environments.
struct ServeCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "serve",
    abstract: "Serve episodes over HTTP and WebSocket (OpenEnv's protocol) for RL trainers.",
    discussion: """
      Examples:
        tatami serve --port 8000
        tatami serve --port 0 --max-sessions 16          (prints the port it picked)
        TATAMI_TOKEN=secret tatami serve --host 0.0.0.0 --port 8000

      Routes: POST /reset {competition, seed, episode_id, steps, time_s, step_timeout_s, memory, reward},
      POST /step {action: {action: run, code: ...}, timeout_s, episode_id}, GET /state, /schema, /metadata,
      /health, and WS /ws with {type: reset|step|state|close, data}. Each WebSocket connection is one session;
      a reset starts an episode recorded under $TATAMI_HOME/runs like `tatami run`. See docs/serve.md.
      The first line on standard output is `listening on http://HOST:PORT`.
      """)

  @Option(help: "Address to listen on; anything but loopback needs a token.")
  var host: String = "127.0.0.1"

  @Option(help: "Port (0 picks a free one).")
  var port: Int = 8000

  @Option(help: "Episodes open at once; past it a new session gets CAPACITY_REACHED.")
  var maxSessions: Int = 8

  @Option(help: ArgumentHelp("Required on every request when set (default: $TATAMI_TOKEN).", valueName: "token"))
  var token: String?

  @Option(help: ArgumentHelp("The competition of a reset that names none.", valueName: "id"))
  var competition: String?

  @OptionGroup var runs: RunsOption
  @OptionGroup var database: DatabaseOption

  @Flag(help: "Run agent code WITHOUT a sandbox (no namespaces; only rlimits and timeouts). Unsafe.")
  var unsafeNoSandbox = false

  @OptionGroup var catalog: CatalogOptions

  func run() async throws {
    signal(SIGPIPE, SIG_IGN)
    let context = CommandContext(catalog: catalog, database: database, runs: runs)
    let server: TatamiServer
    do {
      let setup = try EpisodeSetup(
        locations: context.locations, environment: context.environment, unsafeNoSandbox: unsafeNoSandbox
      ) { Output.printError($0) }
      let serverEnvironment = ServerEnvironment(catalog: context.catalog, setup: setup, defaultCompetition: competition)
      let secret = token ?? context.environment[.token]
      server = try TatamiServer(
        options: ServerOptions(host: host, port: port, maxSessions: maxSessions, token: secret),
        environment: serverEnvironment)
    } catch let error as SandboxError {
      throw fail(error.cliMessage)
    } catch let error as ServeError {
      throw fail(error.cliMessage)
    }
    let shownHost = host.contains(":") ? "[\(host)]" : host
    try await server.run { port in
      // Standard output may be a pipe: write the line at once, unbuffered, for whoever waits for it.
      FileHandle.standardOutput.write(Data("listening on http://\(shownHost):\(port)\n".utf8))
    }
  }

  private func fail(_ message: String) -> ExitCode {
    Output.printError("error: \(message)")
    return ExitCode(3)
  }
}
