import Basics

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
    guard descriptor >= 0 else { throw .writeFailed(path: path, reason: errorText()) }
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
    guard file >= 0 else { throw .writeFailed(path: path + "/" + relative, reason: errorText()) }
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
        throw .writeFailed(path: path + "/" + part, reason: errorText())
      }
      let next = openat(current, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
      let failure = errorText()
      if current != descriptor { close(current) }
      guard next >= 0 else { throw .writeFailed(path: path + "/" + part, reason: failure) }
      current = next
    }
    return current
  }

  private static func makeDirectories(_ path: String) throws(BundleError) {
    do {
      try FileSystem.makeDirectories(path)
    } catch {
      throw .writeFailed(path: error.subject ?? path, reason: error.reason)
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
    do {
      try FileDescriptor.writeAll(descriptor, bytes)
    } catch {
      throw .writeFailed(path: path, reason: error.reason)
    }
  }
}
