/// Submitted or agent-written text as messages quote it: at most a short prefix, so that one huge value (a
/// 50 MB id, a 200 MB header name) cannot flood a report, a trajectory or the agent's next prompt.
///
/// Every error message that quotes a value it did not write itself goes through here (docs/errors.md).
public enum Excerpt {
  /// The most Unicode scalars quoted from one value.
  public static let limit = 64

  /// `text` itself when it has at most `limit` scalars, else its first `limit` scalars, an ellipsis and the
  /// full length: `abc… (52428800 bytes)`.
  public static func of(_ text: some StringProtocol, limit: Int = limit) -> String {
    guard let head = head(of: text, limit: limit) else { return String(text) }
    return head + "… (\(text.utf8.count) bytes)"
  }

  /// The same between single quotes, the way messages quote values: `'abc'`, `'abc…' (52428800 bytes)`.
  public static func quoted(_ text: some StringProtocol, limit: Int = limit) -> String {
    guard let head = head(of: text, limit: limit) else { return "'\(text)'" }
    return "'\(head)…' (\(text.utf8.count) bytes)"
  }

  /// The first `limit` scalars when there are more, else nil; reads at most `limit + 1` scalars.
  private static func head(of text: some StringProtocol, limit: Int) -> String? {
    guard text.utf8.count > limit else { return nil }
    var scalars = String.UnicodeScalarView()
    for (index, scalar) in text.unicodeScalars.enumerated() {
      if index == limit { return String(scalars) }
      scalars.append(scalar)
    }
    return nil
  }
}
