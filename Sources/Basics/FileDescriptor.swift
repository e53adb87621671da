import CBasics

/// Reads and writes on raw descriptors, each retrying interruptions and partial transfers.
public enum FileDescriptor {
  /// Writes every byte, retrying partial writes and interruptions.
  public static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) throws(SystemError) {
    var offset = 0
    while offset < bytes.count {
      let written = retryingInterrupts { write(descriptor, bytes.baseAddress.map { $0 + offset }, bytes.count - offset) }
      guard written > 0 else { throw SystemError("write", code: written == 0 ? EIO : errno) }
      offset += written
    }
  }

  /// Writes every byte of an array.
  public static func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) throws(SystemError) {
    let failure = bytes.withUnsafeBytes { buffer -> SystemError? in
      do throws(SystemError) {
        try writeAll(descriptor, buffer)
        return nil
      } catch {
        return error
      }
    }
    if let failure { throw failure }
  }

  /// One `read` into `buffer`, retried on interruption; 0 at end of file.
  public static func read(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer) throws(SystemError) -> Int {
    let count = retryingInterrupts { libcRead(descriptor, buffer.baseAddress, buffer.count) }
    guard count >= 0 else { throw SystemError("read") }
    return count
  }

  /// Opens a pipe whose ends close on exec, so children started by other threads never inherit them.
  public static func pipe(nonBlocking: Bool = false) throws(SystemError) -> (read: Int32, write: Int32) {
    var ends: [Int32] = [-1, -1]
    let flags = O_CLOEXEC | (nonBlocking ? O_NONBLOCK : 0)
    let result = ends.withUnsafeMutableBufferPointer { cbasics_pipe2($0.baseAddress!, flags) }
    guard result == 0 else { throw SystemError("pipe2") }
    return (ends[0], ends[1])
  }
}

/// libc's `read`, which the static `read` above hides inside the enum.
private func libcRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
  read(descriptor, buffer, count)
}
