import Basics
import Foundation
import Testing

@Suite("System calls: typed errors, EINTR retry, descriptors, folders")
struct SystemCallTests {
  @Test("retryingInterrupts calls again after EINTR and stops at success or another error")
  func retry() {
    var calls = 0
    let result = retryingInterrupts { () -> Int32 in
      calls += 1
      if calls < 3 {
        errno = EINTR
        return -1
      }
      return 7
    }
    #expect(result == 7 && calls == 3)
    calls = 0
    let failed = retryingInterrupts { () -> Int32 in
      calls += 1
      errno = EBADF
      return -1
    }
    #expect(failed == -1 && calls == 1 && errno == EBADF)
  }

  @Test("a failed call renders its name, subject and strerror text")
  func errorText() {
    let error = SystemError("open", subject: "/nonexistent/x", code: ENOENT)
    #expect(error.description == "open /nonexistent/x: No such file or directory")
    #expect(SystemError("close", code: EBADF).description == "close: Bad file descriptor")
  }

  @Test("a pipe's ends close on exec, and writeAll/read move every byte through it")
  func pipeRoundTrip() throws {
    let ends = try FileDescriptor.pipe()
    defer {
      close(ends.read)
      close(ends.write)
    }
    #expect(fcntl(ends.read, F_GETFD) & FD_CLOEXEC != 0)
    #expect(fcntl(ends.write, F_GETFD) & FD_CLOEXEC != 0)
    let message = Array("tatami".utf8)
    try FileDescriptor.writeAll(ends.write, message)
    var buffer = [UInt8](repeating: 0, count: 16)
    let count = try buffer.withUnsafeMutableBytes { try FileDescriptor.read(ends.read, into: $0) }
    #expect(Array(buffer[..<count]) == message)
    #expect(throws: SystemError.self) { try FileDescriptor.writeAll(-1, message) }
  }

  @Test("makeDirectories creates missing parents, accepts existing ones, and names the part it could not make")
  func directories() throws {
    let root = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: root) }
    try FileSystem.makeDirectories(root + "/a/b/c")
    try FileSystem.makeDirectories(root + "/a/b")
    #expect(FileSystem.isDirectory(root + "/a/b/c"))
    FileManager.default.createFile(atPath: root + "/file", contents: Data())
    #expect(throws: SystemError("mkdir", subject: root + "/file/sub", code: ENOTDIR)) {
      try FileSystem.makeDirectories(root + "/file/sub")
    }
    #expect(FileSystem.parent(of: "/a/b") == "/a" && FileSystem.parent(of: "/a") == "/" && FileSystem.parent(of: "a") == ".")
  }

  @Test("replace swaps a file's content whole, with the mode asked for, and leaves no temporary file, even when it fails")
  func replace() throws {
    let root = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let path = root + "/record.json"
    try FileSystem.replace(path, with: Array("old".utf8), mode: 0o600)
    try FileSystem.replace(path, with: Array("new".utf8), mode: 0o600)
    #expect(FileManager.default.contents(atPath: path) == Data("new".utf8))
    #expect(FileSystem.status(path).map { $0.st_mode & 0o777 } == 0o600)
    try FileSystem.makeDirectories(root + "/folder")
    #expect(throws: SystemError.self) { try FileSystem.replace(root + "/folder", with: Array("x".utf8)) }
    #expect(FileSystem.names(in: root)?.sorted() == ["folder", "record.json"])
  }
}
