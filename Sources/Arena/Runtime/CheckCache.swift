import Basics
import Foundation

/// A small JSON file remembering the result of one expensive set-up check (starting an interpreter, starting an
/// empty sandbox), valid only while every part of its key is unchanged.
///
/// The key names what the check depends on (file identities, the boot, the arguments); a different key is a miss.
/// A missing, unreadable or corrupt file is a miss too, and a failed write only costs the check next time.
struct CheckCache<Value: Codable & Equatable> {
  let path: String

  private struct Record: Codable {
    var key: [String]
    var value: Value
  }

  /// The remembered value, when it was stored under exactly `key`.
  func value(for key: [String]) -> Value? {
    guard let bytes = readBytes(path, cap: 1 << 20),
      let record = try? JSONDecoder().decode(Record.self, from: Data(bytes)), record.key == key
    else { return nil }
    return record.value
  }

  /// Remembers `value` under `key`, written to a temporary file and renamed, so a reader never sees half of it.
  func store(_ value: Value, for key: [String]) {
    guard let data = try? JSONEncoder().encode(Record(key: key, value: value)) else { return }
    guard makeDirectories(FileSystem.parent(of: path)) else { return }
    try? FileSystem.replace(path, with: Array(data), mode: 0o600)
  }

  /// Forgets the value (after the check it stands for failed).
  func remove() { unlink(path) }
}

/// What identifies a file's current version: device, inode, size, modification and status-change times (the
/// latter cannot be set back by `touch`); nil when it does not exist.
///
/// - Parameter follow: follow a symbolic link (`stat`) or describe the link itself (`lstat`).
func fileIdentity(_ path: String, follow: Bool = true) -> String? {
  var info = stat()
  guard (follow ? stat(path, &info) : lstat(path, &info)) == 0 else { return nil }
  let modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
  let changed = Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec)
  return "\(info.st_dev):\(info.st_ino):\(info.st_size):\(modified):\(changed):\(info.st_mode)"
}

/// The machine's boot: `/proc/sys/kernel/random/boot_id`, new on every boot; nil when unreadable.
func currentBootID(_ path: String = "/proc/sys/kernel/random/boot_id") -> String? {
  guard let text = readText(path) else { return nil }
  let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
  return trimmed.isEmpty ? nil : trimmed
}

/// A stable short name for a path inside a cache file name (FNV-1a, 64 bits, hex).
func cacheName(_ text: String) -> String { cacheName(bytes: Array(text.utf8)) }

func cacheName(bytes: [UInt8]) -> String {
  var hash: UInt64 = 0xcbf2_9ce4_8422_2325
  for byte in bytes {
    hash ^= UInt64(byte)
    hash = hash &* 0x0000_0100_0000_01b3
  }
  return String(hash, radix: 16)
}
