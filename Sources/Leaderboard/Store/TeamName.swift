import Scoring

/// The rule for team names, checked at the store's door: every name on a leaderboard was accepted here.
///
/// Names are shown in tables, the board browser and agents' feedback. A newline in one would forge a row, an
/// escape sequence would drive the reader's terminal, and a megabyte of name would fill every board.
public enum TeamName {
  /// The most Unicode scalars in a name: room for `cmd:` and a program's path, one table column wide.
  public static let maxLength = 128

  /// Nil when `name` may be recorded, else why not.
  ///
  /// Allowed: letters, marks, digits, punctuation, symbols and the plain space (Unicode general categories
  /// L, M, N, P, S and U+0020), 1 to `maxLength` scalars, no space at either end. Refused: control and format
  /// characters (newlines, escapes, bidirectional overrides), other separators, and unassigned code points.
  public static func problem(with name: String) -> String? {
    let scalars = name.unicodeScalars
    guard !scalars.isEmpty else { return "it is empty" }
    if scalars.count > maxLength { return "it has \(scalars.count) characters, more than \(maxLength)" }
    if scalars.first == " " || scalars.last == " " { return "it starts or ends with a space" }
    if let refused = scalars.first(where: { !allowed($0) }) {
      return "it contains U+\(String(refused.value, radix: 16, uppercase: true).leftPadded(to: 4)), which is not "
        + "a letter, digit, punctuation, symbol or space"
    }
    return nil
  }

  private static func allowed(_ scalar: Unicode.Scalar) -> Bool {
    if scalar == " " { return true }
    switch scalar.properties.generalCategory {
    case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
      .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber,
      .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
      .finalPunctuation, .otherPunctuation, .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
      return true
    default:
      return false
    }
  }
}

extension String {
  fileprivate func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
