import Glibc

/// Where CSV bytes come from: a file, standard input, or bytes already in memory (an archive entry).
public enum ByteSource: Sendable {
  case file(String)
  case standardInput
  case bytes([UInt8])

  /// A short name for messages: the path, `standard input` or `memory`.
  public var displayName: String {
    switch self {
    case .file(let path): return path
    case .standardInput: return "standard input"
    case .bytes: return "memory"
    }
  }
}

/// Reads a byte source in chunks, so a file never has to be in memory whole.
final class ChunkedInput {
  private let descriptor: Int32
  private let closesDescriptor: Bool
  private var memory: [UInt8]
  private var memoryOffset = 0
  /// Bytes handed out so far; the reader compares it with the size cap.
  private(set) var bytesRead = 0

  init(_ source: ByteSource) throws(InputError) {
    switch source {
    case .file(let path):
      let descriptor = open(path, O_RDONLY | O_CLOEXEC)
      guard descriptor >= 0 else { throw InputError.cannotOpen(path: path, reason: Self.systemMessage()) }
      var status = stat()
      if fstat(descriptor, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR {
        close(descriptor)
        throw InputError.cannotOpen(path: path, reason: "it is a directory")
      }
      self.descriptor = descriptor
      self.closesDescriptor = true
      self.memory = []
    case .standardInput:
      self.descriptor = STDIN_FILENO
      self.closesDescriptor = false
      self.memory = []
    case .bytes(let bytes):
      self.descriptor = -1
      self.closesDescriptor = false
      self.memory = bytes
    }
  }

  deinit {
    if closesDescriptor { close(descriptor) }
  }

  /// Fills up to `capacity` bytes at `target`; returns 0 at the end of input.
  func read(into target: UnsafeMutablePointer<UInt8>, capacity: Int) throws(InputError) -> Int {
    if descriptor < 0 {
      let count = min(capacity, memory.count - memoryOffset)
      memory.withUnsafeBufferPointer { source in
        guard count > 0, let base = source.baseAddress else { return }
        target.update(from: base + memoryOffset, count: count)
      }
      memoryOffset += count
      bytesRead += count
      return count
    }
    while true {
      let count = Glibc.read(descriptor, target, capacity)
      if count >= 0 {
        bytesRead += count
        return count
      }
      if errno == EINTR { continue }
      throw InputError.readFailed(reason: Self.systemMessage())
    }
  }

  private static func systemMessage() -> String { String(cString: strerror(errno)) }
}

/// The input could not be read at all; a harness-side failure, not a bad submission.
package enum InputError: Error, Equatable {
  case cannotOpen(path: String, reason: String)
  case readFailed(reason: String)

  var reason: String {
    switch self {
    case .cannotOpen(_, let reason), .readFailed(let reason): return reason
    }
  }
}
