/// Parsers for the human-written quantities of manifests and command lines: `90s`, `15m`, `2h`, `512M`, `4G`.
///
/// Shared by the manifest's `limits` and by `tatami run --time/--memory`, so both read the same syntax.
public enum Quantities {
  /// The longest duration accepted: 30 days. Every limit derived from a duration (CPU seconds, deadlines in
  /// nanoseconds) stays far inside 64 bits; `106751991167300d` overflowed them.
  public static let maxSeconds = 30 * 86_400
  /// The largest size accepted: 64 TiB, beyond any machine's memory, with room for the arithmetic on it.
  public static let maxBytes = 1 << 46

  /// Why a quantity was refused.
  public enum Problem: Error, Equatable, Sendable {
    /// Not a positive whole number with an optional unit.
    case malformed
    /// More than `maximum` (seconds or bytes), written as `maximumText` (`30d`, `64T`).
    case tooLarge(maximum: Int, maximumText: String)

    /// The end of a message after the quantity, such as "is more than the maximum 30d".
    public var reason: String {
      switch self {
      case .malformed: return "is not a positive whole number with a unit"
      case .tooLarge(_, let maximumText): return "is more than the maximum \(maximumText)"
      }
    }
  }

  /// Seconds in a duration such as `90s`, `15m`, `2h` or `1d`; a bare number counts seconds.
  ///
  /// - Returns: nil when the text is not a positive whole number with an optional unit, or more than 30 days.
  public static func seconds(_ text: String) -> Int? { try? parseSeconds(text) }

  /// Seconds in a duration, at most `maxSeconds`, or the reason it is refused.
  public static func parseSeconds(_ text: String) throws(Problem) -> Int {
    let units: [Character: Int] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
    guard let value = scaled(text, units: units) else { throw .malformed }
    guard value <= maxSeconds else { throw .tooLarge(maximum: maxSeconds, maximumText: "30d") }
    return value
  }

  /// Bytes in a size such as `512M`, `4G`, `64K` or `1T` (binary units; `MB`, `MiB` also read);
  /// a bare number counts bytes.
  ///
  /// - Returns: nil when the text is not a positive whole number with an optional unit, or more than 64 TiB.
  public static func bytes(_ text: String) -> Int? { try? parseBytes(text) }

  /// Bytes in a size, at most `maxBytes`, or the reason it is refused.
  public static func parseBytes(_ text: String) throws(Problem) -> Int {
    var trimmed = Substring(text.trimmingSpaces().uppercased())
    if trimmed.hasSuffix("IB") {
      trimmed = trimmed.dropLast(2)
    } else if trimmed.hasSuffix("B"), trimmed.count > 1, !(trimmed.dropLast().last?.isNumber ?? true) {
      trimmed = trimmed.dropLast()
    }
    let units: [Character: Int] = ["B": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40]
    guard let value = scaled(String(trimmed), units: units) else { throw .malformed }
    guard value <= maxBytes else { throw .tooLarge(maximum: maxBytes, maximumText: "64T") }
    return value
  }

  /// A positive whole number followed by at most one unit letter from `units`; `Int.max` stands for any value
  /// beyond 64 bits, which the callers' maxima then refuse as too large (not as malformed).
  private static func scaled(_ text: String, units: [Character: Int]) -> Int? {
    let trimmed = text.trimmingSpaces()
    guard let last = trimmed.last else { return nil }
    let multiplier = last.isNumber ? 1 : units[last]
    let digits = last.isNumber ? Substring(trimmed) : trimmed.dropLast()
    guard let multiplier, !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit) else { return nil }
    guard let number = Int(digits) else { return Int.max }  // only digits, so too many of them
    guard number > 0 else { return nil }
    let (product, overflow) = number.multipliedReportingOverflow(by: multiplier)
    return overflow ? Int.max : product
  }
}

extension Character {
  fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

extension String {
  /// The string without leading and trailing spaces and tabs (no Foundation needed).
  func trimmingSpaces() -> String {
    String(drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
  }
}
