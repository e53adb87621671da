import Catalog

/// Where the leaderboard database lives.
public enum StoreLocation {
  /// `--db PATH` if given, else `$TATAMI_DB`, else `<TATAMI_HOME>/leaderboard.sqlite`.
  ///
  /// The home folder defaults to `~/.local/share/tatami`, so a fresh clone works without configuration.
  public static func path(flag: String?, environment: [String: String]) -> String {
    if let flag, !flag.isEmpty { return flag }
    if let variable = environment["TATAMI_DB"], !variable.isEmpty { return variable }
    return TatamiPaths.home(environment: environment) + "/leaderboard.sqlite"
  }
}
