import Scoring

/// A problem with the leaderboard database; every case says what to do about it.
public enum StoreError: Error, Equatable, Sendable {
  /// The file or its folder cannot be opened or created.
  case cannotOpen(path: String, reason: String)
  /// The file exists but does not start with SQLite's header: it is something else and is left alone.
  case notADatabase(path: String)
  /// A SQLite database that belongs to another application (its `application_id` or its tables say so).
  case foreignDatabase(path: String, detail: String)
  /// SQLite reports the file as damaged.
  case corrupt(path: String, detail: String)
  /// The schema was written by a newer Tatami than this one.
  case newerSchema(path: String, version: Int, supported: Int)
  /// Other processes held the write lock for longer than the busy timeout.
  case busy(path: String, detail: String)
  /// Any other SQLite failure, with SQLite's own message and the statement that failed.
  case sqlite(code: Int32, message: String, statement: String)
  /// A team name that `TeamName` refuses; nothing was recorded.
  case invalidTeamName(name: String, reason: String)

  /// One sentence for the user.
  public var message: String {
    switch self {
    case .cannotOpen(let path, let reason):
      return "cannot open the leaderboard database \(path): \(reason)"
    case .notADatabase(let path):
      return "\(path) is not a SQLite database (its first bytes are not 'SQLite format 3'); it was left untouched"
    case .foreignDatabase(let path, let detail):
      return "\(path) is a SQLite database of another application (\(detail)); it was left untouched"
    case .corrupt(let path, let detail):
      return "the leaderboard database \(path) is damaged: \(detail)"
    case .newerSchema(let path, let version, let supported):
      return "\(path) has schema version \(version), newer than the \(supported) this tatami understands"
    case .busy(let path, let detail):
      return "the leaderboard database \(path) stayed locked by other processes: \(detail)"
    case .sqlite(let code, let message, let statement):
      return "SQLite error \(code): \(message) (while running `\(statement)`)"
    case .invalidTeamName(let name, let reason):
      return "the team name \(Excerpt.quoted(name)) cannot be recorded: \(reason)"
    }
  }

  /// What to do next, in words that name no flag: the CLI renders its own hint from the case, naming the
  /// option that chooses the database.
  public var hint: String {
    switch self {
    case .cannotOpen:
      return "check the path and its permissions, or choose another database file"
    case .notADatabase, .foreignDatabase:
      return "choose a new file or an existing Tatami leaderboard database instead"
    case .corrupt:
      return "restore the file from a backup, or move it aside so tatami starts a new one"
    case .newerSchema:
      return "upgrade tatami, or use another database file"
    case .busy:
      return "wait for the other tatami processes to finish, then retry"
    case .sqlite:
      return "this is likely a bug in tatami; please report it with the message above"
    case .invalidTeamName:
      return "use 1 to \(TeamName.maxLength) letters, digits, punctuation, symbols or spaces, on one line"
    }
  }
}

extension StoreError: CustomStringConvertible {
  public var description: String { message }
}
