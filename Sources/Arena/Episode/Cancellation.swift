import Foundation

/// A flag one thread sets and another polls: a remote caller went away, so the running step's processes end.
///
/// Equal only to itself, so the limits that carry it stay comparable.
public final class Cancellation: @unchecked Sendable, Equatable {
  private let lock = NSLock()
  private var cancelled = false

  public init() {}

  public var isCancelled: Bool { lock.withLock { cancelled } }

  public func cancel() { lock.withLock { cancelled = true } }

  public static func == (left: Cancellation, right: Cancellation) -> Bool { left === right }
}
