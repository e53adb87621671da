import Foundation

extension JSONEncoder {
  /// The one JSON style for what people read and scripts parse: sorted keys, `/` unescaped; pretty or one line.
  ///
  /// Every command's `--json`, every record file and every message to an agent uses it, so the same value
  /// always has the same bytes.
  public static func tatami(pretty: Bool) -> JSONEncoder {
    let encoder = JSONEncoder()
    encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
    return encoder
  }
}
