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

  /// Marks every descriptor from `first` up close-on-exec (close_range with CLOSE_RANGE_CLOEXEC).
  public static func markCloseOnExec(from first: Int32) throws(SystemError) {
    let closeRangeCloexec: Int32 = 4
    guard cbasics_close_range_from(UInt32(first), closeRangeCloexec) == 0 else { throw SystemError("close_range") }
  }
}
