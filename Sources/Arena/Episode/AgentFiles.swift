import Basics

/// Why the harness refused `working/submission.csv`: the agent made something it will not read.
///
/// The words never depend on what a link points to or whether a host path exists, and nothing of the file is
/// quoted, so a refusal tells the agent nothing about the host.
enum SubmissionFileProblem: Error, Equatable {
  case missing
  case symbolicLink
  case notRegular(kind: String)
  /// A folder on the way to the file (`workspace/`, `working/`) is a link or not a folder.
  case unsafePath
  case tooLarge(bytes: Int, cap: Int)
  case outOfTime
  case unreadable(errno: Int32)

  var message: String {
    switch self {
    case .missing: return "no file at \(SandboxPaths.submission)"
    case .symbolicLink: return "\(SandboxPaths.submission) is a symbolic link"
    case .notRegular(let kind): return "\(SandboxPaths.submission) is a \(kind), not a regular file"
    case .unsafePath: return "the folder holding \(SandboxPaths.submission) was replaced"
    case .tooLarge(let bytes, let cap):
      return "the submission has \(bytes) bytes, more than the cap of \(cap)"
    case .outOfTime: return "the episode's time ran out while the harness read the submission"
    case .unreadable(let code): return "the harness cannot read \(SandboxPaths.submission): \(errorText(code))"
    }
  }
}

/// Reads the agent's submission without trusting anything the agent could have placed.
///
/// Every component below the run folder is opened with `O_NOFOLLOW` relative to its parent (`openat`), the file
/// must be a regular file (checked before opening, so a FIFO or device is never opened, and again on the open
/// descriptor), it is opened non-blocking, and it is copied in bounded chunks, at most `cap` bytes, before a
/// deadline. The copy (0600, in the run's `submissions/`) is what gets scored, never the agent's path.
enum SubmissionFile {
  static func copy(
    from workspace: Workspace, to destination: String, cap: Int, deadline: ContinuousClock.Instant
  ) -> Result<Void, SubmissionFileProblem> {
    let working: Int32
    switch openFolders(workspace.directory, ["workspace", "working"]) {
    case .success(let fd): working = fd
    case .failure(let problem): return .failure(problem)
    }
    defer { close(working) }
    let source: Int32
    switch openRegular(working, "submission.csv") {
    case .success(let fd): source = fd
    case .failure(let problem): return .failure(problem)
    }
    defer { close(source) }
    var info = stat()
    guard fstat(source, &info) == 0 else { return .failure(.unreadable(errno: errno)) }
    // The apparent size: a sparse file of 0 blocks still becomes its whole length when copied.
    guard Int(info.st_size) <= cap else { return .failure(.tooLarge(bytes: Int(info.st_size), cap: cap)) }
    let result = copyBounded(source, to: destination, cap: cap, deadline: deadline)
    if case .failure = result { unlink(destination) }
    return result
  }

  /// Opens `base`, then each of `components` below it, refusing links at every level.
  private static func openFolders(_ base: String, _ components: [String]) -> Result<Int32, SubmissionFileProblem> {
    var fd = open(base, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
    guard fd >= 0 else { return .failure(.unreadable(errno: errno)) }
    for component in components {
      let next = openat(fd, component, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
      let code = errno
      close(fd)
      guard next >= 0 else { return .failure(code == ELOOP || code == ENOTDIR ? .unsafePath : .unreadable(errno: code)) }
      fd = next
    }
    return .success(fd)
  }

  /// A regular file `name` in the folder `directory`, opened read-only and non-blocking, never through a link.
  private static func openRegular(_ directory: Int32, _ name: String) -> Result<Int32, SubmissionFileProblem> {
    var before = stat()
    guard fstatat(directory, name, &before, AT_SYMLINK_NOFOLLOW) == 0 else {
      return .failure(errno == ENOENT ? .missing : .unreadable(errno: errno))
    }
    if let problem = kindProblem(before.st_mode) { return .failure(problem) }
    let fd = openat(directory, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)
    guard fd >= 0 else {
      switch errno {
      case ELOOP: return .failure(.symbolicLink)
      case ENOENT: return .failure(.missing)
      default: return .failure(.unreadable(errno: errno))
      }
    }
    var after = stat()
    guard fstat(fd, &after) == 0 else {
      close(fd)
      return .failure(.unreadable(errno: errno))
    }
    // Swapped between the two looks: refuse whatever it is now.
    if let problem = kindProblem(after.st_mode) ?? (after.st_ino != before.st_ino ? .unsafePath : nil) {
      close(fd)
      return .failure(problem)
    }
    return .success(fd)
  }

  private static func kindProblem(_ mode: mode_t) -> SubmissionFileProblem? {
    switch mode & S_IFMT {
    case S_IFREG: return nil
    case S_IFLNK: return .symbolicLink
    case S_IFDIR: return .notRegular(kind: "directory")
    case S_IFIFO: return .notRegular(kind: "FIFO")
    case S_IFSOCK: return .notRegular(kind: "socket")
    case S_IFCHR, S_IFBLK: return .notRegular(kind: "device")
    default: return .notRegular(kind: "special file")
    }
  }

  private static func copyBounded(
    _ source: Int32, to destination: String, cap: Int, deadline: ContinuousClock.Instant
  ) -> Result<Void, SubmissionFileProblem> {
    let target = open(destination, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
    guard target >= 0 else { return .failure(.unreadable(errno: errno)) }
    defer { close(target) }
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
    defer { buffer.deallocate() }
    let clock = ContinuousClock()
    var total = 0
    while true {
      if clock.now >= deadline { return .failure(.outOfTime) }
      let count: Int
      do {
        count = try FileDescriptor.read(source, into: buffer)
      } catch {
        return .failure(.unreadable(errno: error.code))
      }
      if count == 0 { return .success(()) }
      total += count
      if total > cap { return .failure(.tooLarge(bytes: total, cap: cap)) }
      do {
        try FileDescriptor.writeAll(target, UnsafeRawBufferPointer(rebasing: buffer[..<count]))
      } catch {
        return .failure(.unreadable(errno: error.code))
      }
    }
  }
}

/// Identifies a file whatever its names: hard links share one.
struct FileID: Hashable, Sendable {
  let device: UInt64
  let inode: UInt64
}

/// What `working/` holds: each file once (by inode), its size, and every path naming it.
struct WorkingUsage: Sendable {
  struct File: Sendable {
    var bytes: Int
    var paths: [String]
  }

  var files: [FileID: File] = [:]
  /// The sum over distinct files; with the sizes, the budget's measure.
  var bytes: Int { files.values.reduce(0) { $0 + $1.bytes } }
  /// True when the walk stopped early at its entry limit (the rest is unmeasured).
  var truncated = false

  /// The bytes a file takes against the budget: its apparent size (a sparse file is copied, archived and read
  /// at full length) or its allocated blocks (space reserved past the end), whichever is larger.
  static func budgetBytes(_ info: stat) -> Int { max(Int(info.st_size), Int(info.st_blocks) * 512) }

  /// Walks `root` without following links (each folder opened with `O_NOFOLLOW` relative to its parent),
  /// at most `maxEntries` entries and `maxDepth` levels.
  static func measure(_ root: String, maxEntries: Int = 1_000_000, maxDepth: Int = 64) -> WorkingUsage {
    var usage = WorkingUsage()
    var seen = 0
    let fd = open(root, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
    guard fd >= 0 else { return usage }
    walk(fd, path: root, depth: 0, maxDepth: maxDepth, maxEntries: maxEntries, seen: &seen, into: &usage)
    return usage
  }

  /// Reads the folder `fd` (and closes it), recording files and descending into sub-folders.
  private static func walk(
    _ fd: Int32, path: String, depth: Int, maxDepth: Int, maxEntries: Int, seen: inout Int,
    into usage: inout WorkingUsage
  ) {
    guard let directory = fdopendir(fd) else {
      close(fd)
      return
    }
    defer { closedir(directory) }
    var folders: [String] = []
    while let entry = readdir(directory) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
      }
      if name == "." || name == ".." { continue }
      seen += 1
      if seen > maxEntries {
        usage.truncated = true
        return
      }
      var info = stat()
      guard fstatat(dirfd(directory), name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
      switch info.st_mode & S_IFMT {
      case S_IFREG:
        let id = FileID(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
        usage.files[id, default: File(bytes: budgetBytes(info), paths: [])].paths.append(path + "/" + name)
      case S_IFDIR where depth < maxDepth:
        folders.append(name)
      default:
        continue
      }
    }
    for name in folders {
      let child = openat(dirfd(directory), name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
      guard child >= 0 else { continue }
      walk(child, path: path + "/" + name, depth: depth + 1, maxDepth: maxDepth, maxEntries: maxEntries, seen: &seen,
           into: &usage)
    }
  }

  /// The files this step created or grew, against `before` (what the previous step left), biggest first and
  /// created before grown: what the disk check may remove. Modification times play no part (code can set them).
  func written(since before: [FileID: Int]) -> [(id: FileID, file: File)] {
    let created = files.filter { before[$0.key] == nil }.sorted { $0.value.bytes > $1.value.bytes }
    let grown = files.filter { entry in before[entry.key].map { entry.value.bytes > $0 } ?? false }
      .sorted { $0.value.bytes - (before[$0.key] ?? 0) > $1.value.bytes - (before[$1.key] ?? 0) }
    return (created + grown).map { ($0.key, $0.value) }
  }

  /// Sizes by file, to compare the next step against.
  var sizes: [FileID: Int] { files.mapValues(\.bytes) }
}
