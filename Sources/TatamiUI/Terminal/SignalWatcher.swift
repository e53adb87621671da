import Dispatch
import Basics

/// Turns SIGWINCH, SIGINT, SIGTERM and SIGHUP into bytes on a pipe the input loop polls alongside stdin.
///
/// The signals are first blocked with `pthread_sigmask` (not ignored): libdispatch reads them through a
/// signalfd, which only sees blocked signals, and its worker threads already block them. The handlers run
/// on a dispatch queue and only write the signal number to the pipe; the loop does the rest on its thread.
public final class SignalWatcher {
  public static let watched: [Int32] = [SIGWINCH, SIGINT, SIGTERM, SIGHUP]

  private var sources: [any DispatchSourceSignal] = []
  private let readEnd: Int32
  private let writeEnd: Int32
  private var previousMask = sigset_t()

  public init() throws(TerminalError) {
    do {
      (readEnd, writeEnd) = try FileDescriptor.pipe(nonBlocking: true)
    } catch {
      throw .system(error)
    }
    var mask = sigset_t()
    sigemptyset(&mask)
    for signal in Self.watched { sigaddset(&mask, signal) }
    pthread_sigmask(SIG_BLOCK, &mask, &previousMask)
    let queue = DispatchQueue(label: "tatami.signals")
    for signal in Self.watched {
      let source = DispatchSource.makeSignalSource(signal: signal, queue: queue)
      let descriptor = writeEnd
      source.setEventHandler {
        var byte = UInt8(truncatingIfNeeded: signal)
        _ = Glibc.write(descriptor, &byte, 1)
      }
      source.resume()
      sources.append(source)
    }
  }

  deinit {
    for source in sources { source.cancel() }
    pthread_sigmask(SIG_SETMASK, &previousMask, nil)
    close(readEnd)
    close(writeEnd)
  }

  /// The descriptor to poll for readability.
  public var descriptor: Int32 { readEnd }

  /// The signals received since the last call.
  public func drain() -> [Int32] {
    var buffer = [UInt8](repeating: 0, count: 64)
    let count = buffer.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
    return count > 0 ? buffer[..<count].map { Int32($0) } : []
  }
}
