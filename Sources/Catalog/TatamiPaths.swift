/// Where Tatami keeps its state and finds its catalog, from the environment.
public enum TatamiPaths {
  /// `$TATAMI_HOME`, else `$XDG_DATA_HOME/tatami`, else `~/.local/share/tatami`.
  public static func home(environment: [String: String]) -> String {
    if let home = nonEmpty(environment["TATAMI_HOME"]) { return home }
    if let data = nonEmpty(environment["XDG_DATA_HOME"]) { return data + "/tatami" }
    return (nonEmpty(environment["HOME"]) ?? ".") + "/.local/share/tatami"
  }

  /// The catalog index: `<home>/cache/catalog-index.json`.
  public static func catalogIndex(environment: [String: String]) -> String {
    home(environment: environment) + "/cache/catalog-index.json"
  }

  /// Catalog directories in search order; the first bundle with an id wins.
  ///
  /// Explicit before implicit, like `PATH`: `--catalog` directories, then `TATAMI_COMPETITIONS`
  /// (colon-separated), then the nearest `Competitions/` above the current directory, then the nearest
  /// `Competitions/` above the executable (the repository's catalog). Missing directories are left out.
  public static func catalogDirectories(
    extra: [String], environment: [String: String], currentDirectory: String, executablePath: String?
  ) -> [String] {
    var candidates = extra
    candidates += (environment["TATAMI_COMPETITIONS"] ?? "").split(separator: ":").map(String.init)
    candidates += [nearestCompetitions(above: currentDirectory)].compactMap { $0 }
    if let executablePath {
      candidates += [nearestCompetitions(above: parent(of: executablePath))].compactMap { $0 }
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
      folder = parent(of: folder)
    }
  }

  private static func parent(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return slash == path.startIndex ? "/" : String(path[..<slash])
  }

  private static func nonEmpty(_ value: String?) -> String? {
    guard let value, !value.isEmpty else { return nil }
    return value
  }
}
