import CBasics

/// The `posix_spawn` file actions and descriptor calls that glibc declares only under `_GNU_SOURCE`.
public enum ProcessSpawning {
  /// The child starts in `directory`.
  public static func addChangeDirectory(
    _ actions: inout posix_spawn_file_actions_t, _ directory: String
  ) throws(SystemError) {
    let result = cbasics_spawn_add_chdir(&actions, directory)
    guard result == 0 else { throw SystemError("posix_spawn_file_actions_addchdir_np", subject: directory, code: result) }
  }

  /// The child closes every descriptor from `first` up before it runs its program.
  public static func addCloseFrom(_ actions: inout posix_spawn_file_actions_t, _ first: Int32) throws(SystemError) {
    let result = cbasics_spawn_add_close_from(&actions, first)
    guard result == 0 else { throw SystemError("posix_spawn_file_actions_addclosefrom_np", code: result) }
  }

  /// The child leads a process group of its own (killable as one, out of reach of the terminal's Ctrl-C), with
  /// default signal dispositions and an empty mask: a parent that ignores SIGPIPE must not pass that on.
  public static func setOwnGroupAndDefaultSignals(_ attributes: inout posix_spawnattr_t) {
    posix_spawnattr_setpgroup(&attributes, 0)
    setDefaultSignals(&attributes, flags: Int32(POSIX_SPAWN_SETPGROUP))
  }

  /// Default signal dispositions and an empty mask for the child, with `flags` (other `POSIX_SPAWN_*`) set too.
  static func setDefaultSignals(_ attributes: inout posix_spawnattr_t, flags: Int32) {
    var defaults = sigset_t()
    sigfillset(&defaults)
    var empty = sigset_t()
    sigemptyset(&empty)
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setsigmask(&attributes, &empty)
    posix_spawnattr_setflags(&attributes, Int16(flags | Int32(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK)))
  }

  /// Marks every descriptor from `first` up close-on-exec (close_range with CLOSE_RANGE_CLOEXEC).
  public static func markCloseOnExec(from first: Int32) throws(SystemError) {
    let closeRangeCloexec: Int32 = 4
    guard cbasics_close_range_from(UInt32(first), closeRangeCloexec) == 0 else { throw SystemError("close_range") }
  }
}
