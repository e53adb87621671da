#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A target directory that files are written into without ever leaving it.
///
/// Every component is opened relative to its parent with `O_NOFOLLOW`, so neither a `..` nor a symbolic
/// link planted in the target (even while extracting) can redirect a write outside it.
final class SafeDirectory {
  private let descriptor: Int32
  let path: String

  /// Opens `path`, creating it (and missing parents) first.
  init(creating path: String) throws(BundleError) {
    self.path = path
    try Self.makeDirectories(path)
    descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard descriptor >= 0 else { throw .writeFailed(path: path, reason: systemError()) }
  }

  deinit { close(descriptor) }

  /// Creates the folder `relative` (and its parents) inside the target.
  func makeFolder(_ relative: String) throws(BundleError) {
    let folder = try openFolder(components(relative))
    close(folder)
  }

  /// Creates the file `relative` and returns a descriptor for writing; fails if it exists unless `overwrite`.
  func createFile(_ relative: String, overwrite: Bool) throws(BundleError) -> FileOutput {
    let parts = try components(relative)
    guard let name = parts.last else { throw .writeFailed(path: relative, reason: "empty file name") }
    let parent = try openFolder(parts.dropLast())
    defer { if parent != descriptor { close(parent) } }
    let mode = O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC | (overwrite ? O_TRUNC : O_EXCL)
    let file = openat(parent, name, mode, 0o644)
    guard file >= 0 else { throw .writeFailed(path: path + "/" + relative, reason: systemError()) }
    return FileOutput(descriptor: file, path: path + "/" + relative)
  }

  private func components(_ relative: String) throws(BundleError) -> [String] {
    let normalized = try EntryPath.validate(relative)
    return normalized.split(separator: "/").map(String.init)
  }

  /// Opens (creating) each folder in turn below the target; returns the target itself for no components.
  private func openFolder(_ parts: some Collection<String>) throws(BundleError) -> Int32 {
    var current = descriptor
    for part in parts {
      if mkdirat(current, part, 0o755) != 0 && errno != EEXIST {
        throw .writeFailed(path: path + "/" + part, reason: systemError())
      }
      let next = openat(current, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
      let failure = systemError()
      if current != descriptor { close(current) }
      guard next >= 0 else { throw .writeFailed(path: path + "/" + part, reason: failure) }
      current = next
    }
    return current
  }

  private static func makeDirectories(_ path: String) throws(BundleError) {
    var prefix = path.hasPrefix("/") ? "" : "."
    for part in path.split(separator: "/") {
      prefix += "/" + part
      if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
        throw .writeFailed(path: prefix, reason: systemError())
      }
    }
  }
}

/// A file being written; closed when released.
final class FileOutput {
  private let descriptor: Int32
  let path: String

  init(descriptor: Int32, path: String) {
    self.descriptor = descriptor
    self.path = path
  }

  deinit { close(descriptor) }

  func append(_ bytes: UnsafeRawBufferPointer) throws(BundleError) {
    var offset = 0
    while offset < bytes.count {
      let written = write(descriptor, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
      if written < 0 && errno == EINTR { continue }
      guard written > 0 else { throw .writeFailed(path: path, reason: systemError()) }
      offset += written
    }
  }
}
