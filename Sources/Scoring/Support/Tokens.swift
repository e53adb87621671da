/// Splitting text cells into whitespace-separated tokens the way Python's `str.split()` does.
///
/// Tokens are UTF-8 bytes, so they compare by code points like Python strings, not by Swift's
/// canonical equivalence (which would equate a precomposed "é" with "e" + combining accent).
enum Tokens {
  typealias Token = [UInt8]

  /// The tokens of `text`, split on runs of whitespace; leading and trailing whitespace yield nothing.
  static func split(_ text: String) -> [Token] {
    var tokens: [Token] = []
    var current: Token = []
    for scalar in text.unicodeScalars {
      if isSeparator(scalar) {
        if !current.isEmpty { tokens.append(current) }
        current = []
      } else {
        UTF8.encode(scalar) { current.append($0) }
      }
    }
    if !current.isEmpty { tokens.append(current) }
    return tokens
  }

  /// Python's `str.isspace`: Unicode White_Space plus the ASCII information separators U+001C–U+001F.
  @inline(__always)
  static func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
    scalar.properties.isWhitespace || (0x1C...0x1F).contains(scalar.value)
  }
}
