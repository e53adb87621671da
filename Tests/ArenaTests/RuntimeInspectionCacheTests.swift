import Basics
import Foundation
import Testing

@testable import Arena

@Suite
struct RuntimeInspectionCacheTests {
  /// A fake venv whose `bin/python3` answers like `PythonRuntime.ask` expects, with the venv as its prefix.
  private func fakeVenv(_ folder: TemporaryFolder, _ name: String) throws -> String {
    let venv = try folder.folder(name)
    try folder.file(name + "/pyvenv.cfg", "home = /usr/bin\n")
    try writeScript(venv + "/bin/python3", counting: folder.path, body: "echo '\(venv)'\necho '\(venv)'\necho True")
    return venv + "/bin/python3"
  }

  @Test("a second inspection of the same interpreter does not start it; the answer is the same")
  func cachedInspection() throws {
    let folder = try TemporaryFolder("tatami-runtime-cache")
    let python = try fakeVenv(folder, "venv")
    let first = try PythonRuntime.inspect(python, cacheDirectory: folder.path + "/cache")
    let second = try PythonRuntime.inspect(python, cacheDirectory: folder.path + "/cache")
    #expect(startCount(folder.path) == 1)
    #expect(first == second)
    #expect(first.mountPaths == [realPath(folder.path + "/venv")!])
  }

  @Test("without a cache folder the interpreter is started every time")
  func noCache() throws {
    let folder = try TemporaryFolder("tatami-runtime-cache")
    let python = try fakeVenv(folder, "venv")
    _ = try PythonRuntime.inspect(python)
    _ = try PythonRuntime.inspect(python)
    #expect(startCount(folder.path) == 2)
  }

  @Test("a changed interpreter (modification time, content), another path or a new pyvenv.cfg is inspected again")
  func invalidation() throws {
    let folder = try TemporaryFolder("tatami-runtime-cache")
    let cache = folder.path + "/cache"
    let python = try fakeVenv(folder, "venv")
    _ = try PythonRuntime.inspect(python, cacheDirectory: cache)
    #expect(startCount(folder.path) == 1)
    setModified(python, 1_000_000_000)
    _ = try PythonRuntime.inspect(python, cacheDirectory: cache)
    #expect(startCount(folder.path) == 2)
    _ = try PythonRuntime.inspect(python, cacheDirectory: cache)
    #expect(startCount(folder.path) == 2)
    // Rewritten with other answers: the new prefix is what counts.
    let moved = try folder.folder("elsewhere")
    try writeScript(python, counting: folder.path, body: "echo '\(moved)'\necho '\(moved)'\necho True")
    let changed = try PythonRuntime.inspect(python, cacheDirectory: cache)
    #expect(startCount(folder.path) == 3)
    #expect(changed.mountPaths == [realPath(moved)!])
    let other = try fakeVenv(folder, "other")
    _ = try PythonRuntime.inspect(other, cacheDirectory: cache)
    #expect(startCount(folder.path) == 4)
    try folder.file("venv/pyvenv.cfg", "home = /usr/local/bin\n")
    _ = try PythonRuntime.inspect(python, cacheDirectory: cache)
    #expect(startCount(folder.path) == 5)
  }

  @Test("a cached prefix that is gone, or a corrupt cache file, means asking again; a failing interpreter still fails")
  func staleOrCorrupt() throws {
    let folder = try TemporaryFolder("tatami-runtime-cache")
    let cache = folder.path + "/cache"
    let gone = try folder.folder("gone")
    let python = folder.path + "/venv/bin/python3"
    try folder.file("venv/pyvenv.cfg", "home = /usr/bin\n")
    try writeScript(python, counting: folder.path, body: "echo '\(gone)'\necho '\(gone)'\necho True")
    _ = try PythonRuntime.inspect(python, cacheDirectory: cache)
    _ = try PythonRuntime.inspect(python, cacheDirectory: cache)
    #expect(startCount(folder.path) == 1)
    for name in try FileManager.default.contentsOfDirectory(atPath: cache) {
      try Data("{not json".utf8).write(to: URL(fileURLWithPath: cache + "/" + name))
    }
    _ = try PythonRuntime.inspect(python, cacheDirectory: cache)
    #expect(startCount(folder.path) == 2)
    #expect(rmdir(gone) == 0)
    _ = try PythonRuntime.inspect(python, cacheDirectory: cache)
    #expect(startCount(folder.path) == 3)
    try writeScript(python, counting: folder.path, body: "echo 'broken' >&2\nexit 1")
    #expect(throws: SandboxError.self) { try PythonRuntime.inspect(python, cacheDirectory: cache) }
    #expect(throws: SandboxError.self) { try PythonRuntime.inspect(python, cacheDirectory: cache) }
    #expect(startCount(folder.path) == 5)
  }
}
