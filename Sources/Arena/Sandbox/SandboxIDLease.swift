import Basics

/// One uid from the sandbox range, held for as long as this object lives (as root, agent code runs as it).
///
/// RLIMIT_NPROC counts the processes of a uid across the whole machine, so two episodes sharing one uid would
/// share one process limit, and a fork bomb in one would starve the other. Each sandbox takes its own uid: the
/// first of `base ..< base + count` whose lock file it can `flock` without waiting. The lock lives in a
/// machine-wide, root-only folder and goes with the process (a killed tatami frees its uid), so concurrent tatami
/// processes never share a uid.
public final class SandboxIDLease: Sendable {
  public let id: UInt32
  private let fd: Int32

  /// The lock folder: `TATAMI_SANDBOX_LOCKS`, else `/run/tatami-sandbox-uids` (root-only, cleared at boot).
  static func lockDirectory(environment: [String: String]) -> String {
    environment["TATAMI_SANDBOX_LOCKS"].flatMap { $0.isEmpty ? nil : $0 } ?? "/run/tatami-sandbox-uids"
  }

  /// Takes the first free uid of the range.
  public static func acquire(base: UInt32, count: Int, directory: String) throws(SandboxError) -> SandboxIDLease {
    try prepare(directory)
    for offset in 0..<UInt32(max(1, count)) {
      let (id, overflow) = base.addingReportingOverflow(offset)
      guard !overflow else { break }
      let fd = open(directory + "/\(id).lock", O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
      guard fd >= 0 else { throw .workspace("cannot open the uid lock \(directory)/\(id).lock: \(errorText())") }
      if flock(fd, LOCK_EX | LOCK_NB) == 0 { return SandboxIDLease(id: id, fd: fd) }
      close(fd)
    }
    throw .workspace("all \(count) sandbox uids from \(base) are in use by other episodes; wait for one to end")
  }

  private init(id: UInt32, fd: Int32) {
    self.id = id
    self.fd = fd
  }

  deinit { close(fd) }

  /// Creates the lock folder (0700) and checks it is a real folder of this user, not a link someone planted.
  private static func prepare(_ directory: String) throws(SandboxError) {
    if mkdir(directory, 0o700) != 0 && errno != EEXIST {
      throw .workspace("cannot create the uid lock folder \(directory): \(errorText())")
    }
    var info = stat()
    guard lstat(directory, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR, info.st_uid == geteuid(),
      info.st_mode & 0o022 == 0
    else {
      throw .workspace("\(directory) must be a folder owned by this user and writable by no one else")
    }
  }
}
