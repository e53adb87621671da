/// A key press, decoded from the bytes a terminal sends.
public enum Key: Equatable, Sendable {
  case character(Character)
  /// Ctrl plus a letter, lower case: `.control("c")` for Ctrl-C.
  case control(Character)
  case up, down, left, right, pageUp, pageDown, home, end
  case enter, escape, backspace, tab, backTab, delete
}

/// Turns terminal input bytes into keys, keeping an incomplete sequence for the next read.
///
/// Handles CSI and SS3 sequences (`ESC [ A`, `ESC O A`, `ESC [ 5 ~`, …) and multi-byte UTF-8. A lone ESC is
/// ambiguous — the start of a sequence or the Escape key — so it stays pending until `flush()`, which the
/// caller invokes after a short poll timeout with no further input.
public struct KeyDecoder: Sendable {
  private var pending: [UInt8] = []

  public init() {}

  /// Whether bytes are waiting for more input (the caller should poll with a short timeout, then flush).
  public var hasPending: Bool { !pending.isEmpty }

  /// Decodes as many complete keys as `bytes` (after what was pending) hold.
  public mutating func decode(_ bytes: [UInt8]) -> [Key] {
    pending += bytes
    var keys: [Key] = []
    var index = 0
    while index < pending.count {
      guard let (key, length) = Self.parse(pending, at: index) else { break }
      if let key { keys.append(key) }
      index += length
    }
    pending.removeFirst(index)
    return keys
  }

  /// Ends a pending sequence: a lone ESC becomes Escape; an unfinished sequence is dropped.
  public mutating func flush() -> [Key] {
    defer { pending = [] }
    return pending == [0x1B] ? [.escape] : []
  }

  /// One key (nil for bytes to skip) and its length, or nil when the bytes at `index` are incomplete.
  private static func parse(_ bytes: [UInt8], at index: Int) -> (Key?, Int)? {
    let byte = bytes[index]
    switch byte {
    case 0x1B: return parseEscape(bytes, at: index)
    case 0x0D, 0x0A: return (.enter, 1)
    case 0x7F, 0x08: return (.backspace, 1)
    case 0x09: return (.tab, 1)
    case 0x01...0x1A: return (.control(Character(Unicode.Scalar(byte + 0x60))), 1)
    case 0x00..<0x20: return (nil, 1)
    case 0x20..<0x80: return (.character(Character(Unicode.Scalar(byte))), 1)
    default: return parseUTF8(bytes, at: index)
    }
  }

  private static func parseEscape(_ bytes: [UInt8], at index: Int) -> (Key?, Int)? {
    guard index + 1 < bytes.count else { return nil }
    let introducer = bytes[index + 1]
    // ESC followed by anything but [ or O is Escape, then that key (Alt+key reads as both).
    guard introducer == UInt8(ascii: "[") || introducer == UInt8(ascii: "O") else { return (.escape, 1) }
    var end = index + 2
    // Parameter and intermediate bytes, then one final byte in 0x40...0x7E.
    while end < bytes.count, (0x20...0x3F).contains(bytes[end]) { end += 1 }
    guard end < bytes.count else { return nil }
    let parameters = String(decoding: bytes[(index + 2)..<end], as: UTF8.self)
    return (key(final: bytes[end], parameters: parameters), end - index + 1)
  }

  private static func key(final: UInt8, parameters: String) -> Key? {
    switch Unicode.Scalar(final) {
    case "A": return .up
    case "B": return .down
    case "C": return .right
    case "D": return .left
    case "H": return .home
    case "F": return .end
    case "Z": return .backTab
    case "~":
      switch parameters.split(separator: ";").first ?? "" {
      case "1", "7": return .home
      case "4", "8": return .end
      case "3": return .delete
      case "5": return .pageUp
      case "6": return .pageDown
      default: return nil
      }
    default: return nil
    }
  }

  private static func parseUTF8(_ bytes: [UInt8], at index: Int) -> (Key?, Int)? {
    let lead = bytes[index]
    let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
    guard index + length <= bytes.count else { return nil }
    let text = String(decoding: bytes[index..<index + length], as: UTF8.self)
    return (text.first.map(Key.character), length)
  }
}
