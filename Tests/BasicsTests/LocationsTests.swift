import Basics
import Foundation
import Testing

@Suite("Locations: one resolution of home, catalog, leaderboards, runs and database")
struct LocationsTests {
  private func resolve(_ overrides: Locations.Overrides, _ environment: [String: String]) -> Locations {
    Locations.resolve(overrides, environment: Environment(environment), currentDirectory: "/nonexistent", executablePath: nil)
  }

  private func resolve(_ environment: [String: String]) -> Locations { resolve(.init(), environment) }

  @Test("home: TATAMI_HOME, then XDG_DATA_HOME, then ~/.local/share; empty values count as unset")
  func home() {
    #expect(resolve(["TATAMI_HOME": "/t", "XDG_DATA_HOME": "/x", "HOME": "/h"]).home == "/t")
    #expect(resolve(["TATAMI_HOME": "", "XDG_DATA_HOME": "/x", "HOME": "/h"]).home == "/x/tatami")
    #expect(resolve(["HOME": "/h"]).catalogIndex == "/h/.local/share/tatami/cache/catalog-index.jsonl")
  }

  @Test("the database: --db, then TATAMI_DB, then TATAMI_HOME/leaderboard.sqlite")
  func database() {
    #expect(resolve(.init(database: "/x.sqlite"), ["TATAMI_DB": "/y.sqlite"]).database == "/x.sqlite")
    #expect(resolve(["TATAMI_DB": "/y.sqlite", "TATAMI_HOME": "/h"]).database == "/y.sqlite")
    #expect(resolve(.init(database: ""), ["TATAMI_HOME": "/h"]).database == "/h/leaderboard.sqlite")
    #expect(resolve(["HOME": "/home/u"]).database == "/home/u/.local/share/tatami/leaderboard.sqlite")
  }

  @Test("runs: --runs-dir, then TATAMI_RUNS, then TATAMI_HOME/runs; leaderboards from TATAMI_LEADERBOARDS")
  func runsAndLeaderboards() {
    #expect(resolve(.init(runsDirectory: "/r"), ["TATAMI_RUNS": "/s"]).runsDirectory == "/r")
    #expect(resolve(["TATAMI_RUNS": "/s"]).runsDirectory == "/s")
    #expect(resolve(["TATAMI_HOME": "/h"]).runsDirectory == "/h/runs")
    #expect(resolve(["TATAMI_LEADERBOARDS": "/a::/b"]).leaderboardDirectories == ["/a", "/b"])
  }

  @Test("catalog directories: --catalog, TATAMI_COMPETITIONS, then Competitions/ above cwd and the executable")
  func catalogDirectories() throws {
    let root = try #require(FileSystem.realPath(try makeTemporaryDirectory()))
    defer { try? FileManager.default.removeItem(atPath: root) }
    for folder in ["repo/Competitions", "repo/.build/debug", "work/Competitions", "work/sub", "extra", "env"] {
      try FileSystem.makeDirectories(root + "/" + folder)
    }
    let found = Locations.resolve(
      .init(catalogDirectories: [root + "/extra", root + "/missing"]),
      environment: Environment(["TATAMI_COMPETITIONS": root + "/env:" + root + "/extra"]),
      currentDirectory: root + "/work/sub", executablePath: root + "/repo/.build/debug/tatami"
    ).catalogDirectories
    #expect(found == [root + "/extra", root + "/env", root + "/work/Competitions", root + "/repo/Competitions"])
  }
}

/// A new empty folder under the system's temporary directory.
func makeTemporaryDirectory() throws -> String {
  let folder = FileSystem.realPath(NSTemporaryDirectory()) ?? "/tmp"
  var template = Array((folder + "/tatami-basics-XXXXXX").utf8CString)
  guard let made = mkdtemp(&template) else { throw SystemError("mkdtemp") }
  return String(cString: made)
}
