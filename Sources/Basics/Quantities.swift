/// Parsers for the human-written quantities of manifests and command lines: `90s`, `15m`, `2h`, `512M`, `4G`.
///
/// Shared by the manifest's `limits` and by `tatami run --time/--memory`, so both read the same syntax.
public enum Quantities {
  /// Seconds in a duration such as `90s`, `15m`, `2h` or `1d`; a bare number counts seconds.
  ///
  /// - Returns: nil when the text is not a positive whole number with an optional unit.
  public static func seconds(_ text: String) -> Int? {
    let units: [Character: Int] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
    return scaled(text, units: units)
  }

  /// Bytes in a size such as `512M`, `4G`, `64K` or `1T` (binary units; `MB`, `MiB` also read);
  /// a bare number counts bytes.
  ///
  /// - Returns: nil when the text is not a positive whole number with an optional unit.
  public static func bytes(_ text: String) -> Int? {
    var trimmed = Substring(text.trimmingSpaces().uppercased())
    if trimmed.hasSuffix("IB") {
      trimmed = trimmed.dropLast(2)
    } else if trimmed.hasSuffix("B"), trimmed.count > 1, !(trimmed.dropLast().last?.isNumber ?? true) {
      trimmed = trimmed.dropLast()
    }
    let units: [Character: Int] = ["B": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40]
    return scaled(String(trimmed), units: units)
  }

  /// A positive whole number followed by at most one unit letter from `units`.
  private static func scaled(_ text: String, units: [Character: Int]) -> Int? {
    let trimmed = text.trimmingSpaces()
    guard let last = trimmed.last else { return nil }
    let multiplier = last.isNumber ? 1 : units[last]
    let digits = last.isNumber ? Substring(trimmed) : trimmed.dropLast()
    guard let multiplier, !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit), let number = Int(digits), number > 0
    else { return nil }
    let (product, overflow) = number.multipliedReportingOverflow(by: multiplier)
    return overflow ? nil : product
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
