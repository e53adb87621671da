import Arena
import Catalog

/// Options of the built-in `llm` agent (flags or environment; docs/agents.md).
public struct LLMOptions: Sendable {
  public var baseURL: String
  public var apiKey: String?
  public var model: String
  public var temperature: Double
  public var maxTokens: Int
  /// Stop when this many US dollars are spent (0 = no limit).
  public var budgetUSD: Double
  /// Prices per million tokens, for the cost accounting.
  public var promptPricePerMillion: Double
  public var completionPricePerMillion: Double
  /// The context window in tokens; older feedback is summarised to stay under it.
  public var contextTokens: Int
  public var requestTimeoutSeconds: Int
  public var maxRetries: Int
  /// The environment variable the API key was read from, for messages.
  public var keyVariable: String

  public init(
    baseURL: String = "https://api.openai.com/v1", apiKey: String? = nil, model: String = "gpt-4o-mini",
    temperature: Double = 0.2, maxTokens: Int = 4096, budgetUSD: Double = 0, promptPricePerMillion: Double = 0,
    completionPricePerMillion: Double = 0, contextTokens: Int = 32_000, requestTimeoutSeconds: Int = 300,
    maxRetries: Int = 5, keyVariable: String = "OPENAI_API_KEY"
  ) {
    self.baseURL = baseURL
    self.apiKey = apiKey
    self.model = model
    self.temperature = temperature
    self.maxTokens = maxTokens
    self.budgetUSD = budgetUSD
    self.promptPricePerMillion = promptPricePerMillion
    self.completionPricePerMillion = completionPricePerMillion
    self.contextTokens = contextTokens
    self.requestTimeoutSeconds = requestTimeoutSeconds
    self.maxRetries = maxRetries
    self.keyVariable = keyVariable
  }
}

/// The kinds of agents `tatami run --agent` takes.
public enum AgentKind: Sendable, Equatable {
  case search
  case baseline
  case llm
  /// `cmd:PROGRAM`: a shell command line speaking the JSON-lines protocol.
  case command(String)

  /// Reads `search`, `baseline`, `llm` or `cmd:PROGRAM`.
  public init(_ spec: String) throws(AgentError) {
    if spec.hasPrefix("cmd:") {
      let command = String(spec.dropFirst(4))
      guard !command.isEmpty else { throw AgentError("cmd: needs a program, e.g. cmd:'python3 examples/agent.py'") }
      self = .command(command)
      return
    }
    switch spec {
    case "search": self = .search
    case "baseline": self = .baseline
    case "llm": self = .llm
    default: throw AgentError("unknown agent '\(spec)'; use one of \(AgentFactory.names.joined(separator: ", "))")
    }
  }

  /// The name on the command line and in the run.
  public var name: String {
    switch self {
    case .search: "search"
    case .baseline: "baseline"
    case .llm: "llm"
    case .command(let command): "cmd:" + command
    }
  }
}

/// Builds an agent from its name on the command line.
public enum AgentFactory {
  public static let names = ["search", "baseline", "llm", "cmd:PROGRAM"]

  /// The default leaderboard team of an agent: its name, and for `llm` the model too (`llm:gpt-4o-mini`),
  /// so that two models are two teams.
  public static func defaultTeam(_ spec: String, llm: LLMOptions) -> String {
    (try? AgentKind(spec)) == .llm ? "llm:" + llm.model : spec
  }

  /// - Parameters:
  ///   - spec: `search`, `baseline`, `llm` or `cmd:PROGRAM`.
  ///   - runDirectory: where an external agent's standard error is logged.
  ///   - onRetry: told of each retry of the llm agent's requests.
  ///   - agentSandbox: for `cmd:` agents, run the program itself in this sandbox with this view (nil: on the host).
  public static func make(
    _ spec: String, bundle: CompetitionBundle, seed: Int, runDirectory: String, llm: LLMOptions,
    onRetry: (@Sendable (ChatClient.Retry) -> Void)? = nil,
    agentSandbox: (sandbox: Sandbox, view: AgentSandboxView, mounts: SandboxMounts)? = nil
  ) throws(AgentError) -> any Agent {
    let kind = try AgentKind(spec)
    if case .command = kind {} else if agentSandbox != nil {
      throw AgentError("a sandbox of the agent's own applies to cmd: agents only")
    }
    switch kind {
    case .command(let command):
      var process: ProcessSpec?
      if let agentSandbox {
        process = agentSandbox.sandbox.agentSpec(
          command: ["/bin/sh", "-c", command], view: agentSandbox.view, mounts: agentSandbox.mounts)
        guard process != nil else { throw AgentError("a sandbox of the agent's own needs the sandbox, which is off") }
      }
      return CommandAgent(command: command, logPath: runDirectory + "/agent.stderr.log", spec: process)
    case .baseline:
      guard let script = bundle.manifest.baseline?.script else {
        throw AgentError("\(bundle.manifest.id) has no baseline script")
      }
      do {
        return BaselineAgent(script: String(decoding: try bundle.read(script), as: UTF8.self))
      } catch {
        throw AgentError("cannot read the baseline \(script): \(error.message)")
      }
    case .search:
      return SearchAgent(seed: seed, baselineScript: bundle.manifest.baseline?.script.flatMap { try? bundle.read($0) }.map { String(decoding: $0, as: UTF8.self) })
    case .llm:
      return try LLMAgent(options: llm, onRetry: onRetry)
    }
  }
}
