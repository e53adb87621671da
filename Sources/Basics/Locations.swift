/// Every place a command reads or writes, resolved once from flags, the environment and the working directory.
///
/// Built at the start of a command and handed down, so `run`, `board`, `score`, `bench` and `serve` agree on
/// the catalog, the reference leaderboards, the runs folder and the database.
public struct Locations: Sendable, Equatable {
  /// `$TATAMI_HOME`, else `$XDG_DATA_HOME/tatami`, else `~/.local/share/tatami`.
  public var home: String
  /// Catalog directories in search order; the first bundle with an id wins.
  public var catalogDirectories: [String]
  /// The catalog index cache.
  public var catalogIndex: String
  /// Reference-leaderboard folders (`TATAMI_LEADERBOARDS`), searched before the `Leaderboards/` folder beside a
  /// competition's catalog folder.
  public var leaderboardDirectories: [String]
  /// Where runs are recorded.
  public var runsDirectory: String
  /// The leaderboard database file.
  public var database: String

  /// What the command line said; nil or empty means "not given".
  public struct Overrides: Sendable {
    public var catalogDirectories: [String]
    public var database: String?
    public var runsDirectory: String?

    public init(catalogDirectories: [String] = [], database: String? = nil, runsDirectory: String? = nil) {
      self.catalogDirectories = catalogDirectories
      self.database = database
      self.runsDirectory = runsDirectory
    }
  }

  public init(
    home: String, catalogDirectories: [String], catalogIndex: String, leaderboardDirectories: [String],
    runsDirectory: String, database: String
  ) {
    self.home = home
    self.catalogDirectories = catalogDirectories
    self.catalogIndex = catalogIndex
    self.leaderboardDirectories = leaderboardDirectories
    self.runsDirectory = runsDirectory
    self.database = database
  }

  /// Resolves every location.
  ///
  /// Explicit before implicit, like `PATH`: catalog directories are `--catalog`, then `TATAMI_COMPETITIONS`,
  /// then the nearest `Competitions/` above the current directory, then the nearest above the executable (the
  /// repository's catalog); missing ones are left out. Reference leaderboards are `TATAMI_LEADERBOARDS`. The database is `--db`, `TATAMI_DB`, then
  /// `<home>/leaderboard.sqlite`; runs are `--runs-dir`, `TATAMI_RUNS`, then `<home>/runs`.
  public static func resolve(
    _ overrides: Overrides = Overrides(), environment: Environment, currentDirectory: String,
    executablePath: String?
  ) -> Locations {
    let home = homeDirectory(environment)
    let catalogs = catalogDirectories(
      extra: overrides.catalogDirectories, environment: environment, currentDirectory: currentDirectory,
      executablePath: executablePath)
    return Locations(
      home: home, catalogDirectories: catalogs, catalogIndex: home + "/cache/catalog-index.jsonl",
      leaderboardDirectories: environment.list(.leaderboards),
      runsDirectory: nonEmpty(overrides.runsDirectory) ?? environment[.runs] ?? home + "/runs",
      database: nonEmpty(overrides.database) ?? environment[.database] ?? home + "/leaderboard.sqlite")
  }

  /// `$TATAMI_HOME`, else `$XDG_DATA_HOME/tatami`, else `~/.local/share/tatami`.
  public static func homeDirectory(_ environment: Environment) -> String {
    if let home = environment[.home] { return home }
    if let data = environment[.xdgDataHome] { return data + "/tatami" }
    return (environment[.userHome] ?? ".") + "/.local/share/tatami"
  }

  /// The real paths of the catalog directories that exist, in search order, without repeats.
  static func catalogDirectories(
    extra: [String], environment: Environment, currentDirectory: String, executablePath: String?
  ) -> [String] {
    var candidates = extra + environment.list(.competitions)
    candidates += [nearestCompetitions(above: currentDirectory)].compactMap { $0 }
    if let executablePath {
      candidates += [nearestCompetitions(above: FileSystem.parent(of: executablePath))].compactMap { $0 }
    }
    var seen: Set<String> = []
    return candidates.compactMap(FileSystem.realPath).filter { FileSystem.isDirectory($0) && seen.insert($0).inserted }
  }

  /// Walks up from `start` to the first folder holding a `Competitions/` folder.
  static func nearestCompetitions(above start: String) -> String? {
    var folder = FileSystem.realPath(start) ?? start
    while true {
      let candidate = (folder == "/" ? "" : folder) + "/Competitions"
      if FileSystem.isDirectory(candidate) { return candidate }
      if folder == "/" || folder.isEmpty { return nil }
      folder = FileSystem.parent(of: folder)
    }
  }

  private static func nonEmpty(_ value: String?) -> String? {
    guard let value, !value.isEmpty else { return nil }
    return value
  }
}
