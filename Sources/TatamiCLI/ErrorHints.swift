import Agents
import Arena
import Catalog
import Importers
import Leaderboard
import Scoring
import Server

// The hints users read, rendered here from the library errors' cases: the libraries say what is wrong and
// carry the data, and name no command or flag (their own `hint` is worded without them); the commands and
// flags that help are the CLI's to name. Cases that need neither fall back to the library's `hint`.

extension HarnessError {
  /// The hint `tatami` prints, naming the command that helps.
  var cliHint: String {
    switch self {
    case .unknownMetric: "run `tatami metrics` for the list of metric names"
    case .badParameter: "run `tatami metrics` for each metric's parameters"
    case .invalidAnswers, .undefinedScore, .brokenBundle: "this is the competition's fault; run `tatami bundle check` on it"
    case .badArguments: "run the command with --help"
    case .unknownCompetition: "run `tatami list` for the ids in the catalog"
    case .unreadableFile, .internalError: hint
    }
  }
}

extension ScoringFailure {
  /// The hint `tatami` prints: the submission's own, or the harness error's with its command.
  var cliHint: String {
    switch self {
    case .submission(let error): error.hint
    case .harness(let error): error.cliHint
    }
  }
}

extension StoreError {
  /// The hint `tatami` prints, naming `--db` (and `TATAMI_DB`) where another database file is the way out.
  var cliHint: String {
    switch self {
    case .cannotOpen: "check the path and its permissions, or choose another file with --db PATH or TATAMI_DB"
    case .notADatabase, .foreignDatabase: "point --db (or TATAMI_DB) at a new file or an existing Tatami leaderboard database"
    case .newerSchema: "upgrade tatami, or use another database file with --db PATH"
    case .corrupt, .busy, .sqlite, .invalidTeamName: hint
    }
  }
}

extension BundleError {
  /// The hint `tatami` prints, naming the command or flag that helps.
  var cliHint: String {
    switch self {
    case .unsafePath: "repack the bundle with relative paths inside one folder (`tatami bundle pack DIR`)"
    case .duplicateEntry: "repack the bundle so every path appears once (`tatami bundle pack DIR`)"
    case .invalidValue: "see docs/bundle-format.md for the allowed values; `tatami metrics` lists metrics and parameters"
    case .entryNotFound: "run `tatami bundle check` on the bundle to list its problems"
    case .unknownCompetition(_, let searched):
      "run `tatami list` for the ids in the catalog (\(BundleError.searchedText(searched)));"
        + " add directories with --catalog or TATAMI_COMPETITIONS"
    case .outputExists: "choose another directory with --to, or pass --force to overwrite"
    default: hint
    }
  }
}

extension ReferenceBoardError {
  /// The hint `tatami` prints (a reference board's problems need no command).
  var cliHint: String { hint }
}

extension BoardError {
  /// The hint `tatami` prints for the error inside.
  var cliHint: String {
    switch self {
    case .competition(let error): error.cliHint
    case .store(let error): error.cliHint
    case .reference(let error): error.cliHint
    }
  }
}

extension ImportError {
  /// The hint `tatami import` prints, naming its flags.
  var cliHint: String {
    switch self {
    case .missingData: "run the anchor's prepare step first; --data is the folder holding public/ and private/"
    case .missingSolution: "name the solution file with --solution, or call it solution.csv"
    case .notInMap: "give the metric yourself: --metric NAME [--param KEY=VALUE]... (`tatami metrics`)"
    case .badMetric: "run `tatami metrics` for each metric's parameters"
    case .outputExists: "choose another -o, remove it, or pass --force to replace it"
    default: hint
    }
  }
}

extension AgentError.Remedy {
  /// The remedy `tatami run` records and prints, naming the llm agent's flags.
  var cliText: String {
    switch self {
    case .runModelServer(let keyVariable):
      "set --llm-base-url (or OPENAI_BASE_URL) to an OpenAI-compatible server that is running"
        + (keyVariable.map { ", and \($0) to its API key" } ?? "")
    case .checkModelAddress(let model): "check --llm-base-url (it should end in /v1) and --llm-model \(model)"
    case .text(let text): text
    }
  }
}

extension SandboxError {
  /// The message `tatami run` and `tatami serve` print: the library's, and where running without a sandbox
  /// gets past it, the flag that does.
  var cliMessage: String {
    guard canRunUnsandboxed else { return description }
    switch self {
    case .bubblewrapMissing: return description + " or pass --unsafe-no-sandbox to run agent code with your own privileges"
    default: return description + "; pass --unsafe-no-sandbox to run without one"
    }
  }
}

extension ServeError {
  /// The message `tatami serve` prints, naming the flag to change.
  var cliMessage: String {
    switch self {
    case .tokenRequired(let host): "listening on \(host) (not loopback) needs a token: pass --token or set TATAMI_TOKEN"
    case .sessionsBelowOne: "--max-sessions must be at least 1"
    case .portOutOfRange: "--port takes 0 to 65535"
    }
  }
}
