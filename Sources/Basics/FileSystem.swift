/// Path-level questions and changes: resolve, stat, list, create folders.
public enum FileSystem {
  /// The absolute path with symbolic links resolved, or nil when it does not exist.
  public static func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
  }

  public static func isDirectory(_ path: String) -> Bool { status(path).map { $0.st_mode & S_IFMT == S_IFDIR } ?? false }

  public static func isRegularFile(_ path: String) -> Bool { status(path).map { $0.st_mode & S_IFMT == S_IFREG } ?? false }

  /// `stat` following links, as a user naming a path expects.
  public static func status(_ path: String) -> stat? {
    var info = stat()
    return stat(path, &info) == 0 ? info : nil
  }

  /// `lstat`: the link itself, as walking a bundle needs.
  public static func linkStatus(_ path: String) -> stat? {
    var info = stat()
    return lstat(path, &info) == 0 ? info : nil
  }

  /// The names in a directory, sorted, without `.` and `..`; nil when it cannot be read.
  public static func names(in path: String) -> [String]? {
    guard let directory = opendir(path) else { return nil }
    defer { closedir(directory) }
    var names: [String] = []
    while let item = readdir(directory) {
      let raw = item.pointee.d_name
      let capacity = MemoryLayout.size(ofValue: raw)
      let name = withUnsafePointer(to: raw) {
        $0.withMemoryRebound(to: CChar.self, capacity: capacity) { String(cString: $0) }
      }
      if name != "." && name != ".." { names.append(name) }
    }
    return names.sorted()
  }

  /// `mkdir -p`: creates `path` and every missing parent with `mode`; existing folders are fine.
  public static func makeDirectories(_ path: String, mode: mode_t = 0o755) throws(SystemError) {
    var prefix = path.hasPrefix("/") ? "" : "."
    for part in path.split(separator: "/") {
      prefix += "/" + part
      if mkdir(prefix, mode) != 0 && errno != EEXIST { throw SystemError("mkdir", subject: prefix) }
    }
  }

  /// Writes `bytes` to a new temporary file beside `path` and renames it over `path`: a reader sees the old content
  /// or the new, never half of it. The temporary file is removed when anything fails.
  public static func replace(_ path: String, with bytes: [UInt8], mode: mode_t = 0o644) throws(SystemError) {
    let temporary = path + ".tmp-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
    guard descriptor >= 0 else { throw SystemError("open", subject: temporary) }
    do throws(SystemError) {
      defer { close(descriptor) }
      try FileDescriptor.writeAll(descriptor, bytes)
    } catch {
      unlink(temporary)
      throw error
    }
    guard rename(temporary, path) == 0 else {
      let failure = SystemError("rename", subject: path)
      unlink(temporary)
      throw failure
    }
  }

  /// The folder part of a path: `/a/b` → `/a`, `/a` → `/`, `a` → `.`.
  public static func parent(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return slash == path.startIndex ? "/" : String(path[..<slash])
  }
}
