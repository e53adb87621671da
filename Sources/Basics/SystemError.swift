/// A failed system call: which call, on what, and the `errno` it left.
///
/// Carries the data; `description` renders it. Callers wrap it in their module's error with context.
public struct SystemError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The call that failed, e.g. `open` or `waitpid`.
  public let call: String
  /// The path or other subject of the call, when there is one.
  public let subject: String?
  /// The `errno` value.
  public let code: Int32

  public init(_ call: String, subject: String? = nil, code: Int32 = errno) {
    self.call = call
    self.subject = subject
    self.code = code
  }

  /// `strerror`'s text for the code, e.g. "No such file or directory".
  public var reason: String { errorText(code) }

  public var description: String { "\(call)\(subject.map { " \($0)" } ?? ""): \(reason)" }
}

/// `strerror`'s text for an `errno` value (the current one by default).
public func errorText(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }

/// Calls `body` again while it fails with `EINTR`: the one retry loop for interrupted system calls.
///
/// - Returns: the call's result, which is negative only when it failed with another error (in `errno`).
@inlinable
public func retryingInterrupts<Result: BinaryInteger>(_ body: () -> Result) -> Result {
  while true {
    let result = body()
    if result >= 0 || errno != EINTR { return result }
  }
}
