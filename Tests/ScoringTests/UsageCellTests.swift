import Testing

@testable import Scoring

/// `AnswerKeyBuilder.usage` reads short cells in one 8-byte load; it must answer exactly as the general
/// comparison does, whatever the case, the length and the bytes after the cell.
struct UsageCellTests {
  private static let words = [
    "Public", "Private", "Ignored", "PublicTest", "PrivateTest", "public", "PRIVATE", "iGnOrEd", "PUBLICtest",
  ]

  /// Hostile neighbours of the words: cut short, one letter off, one byte more, non-letters whose bit 0x20
  /// flips them onto a letter's code, non-ASCII, empty, eight bytes exactly.
  private static let nearMisses: [[UInt8]] = {
    var cells = words.flatMap { word -> [[UInt8]] in
      let bytes = Array(word.utf8)
      return [Array(bytes.dropLast()), bytes + [UInt8(ascii: "s")], bytes + [0], bytes.map { $0 & ~0x20 }]
    }
    cells += ["", "P", "Publik", "Pub1ic", "Privat", "Ignore", "Ignoreds", "Privates", "Public\t", "Ignored\r"]
      .map { Array($0.utf8) }
    cells.append([0x50, 0x55, 0x42, 0x4c, 0x49, 0x43 ^ 0x80])  // PUBLIC with the last byte's high bit set
    cells.append([0x10, 0x15, 0x02, 0x0c, 0x09, 0x03])  // "public" minus 0x60: ORing 0x20 does not reach it
    return cells
  }()

  private static func reading(_ cell: [UInt8], padding: UInt8, fast: Bool) -> Result<Usage, HarnessError> {
    let padded = cell + [UInt8](repeating: padding, count: CSVReader.paddingBytes)
    return padded.withUnsafeBufferPointer { all in
      let view = UnsafeBufferPointer(rebasing: all[0..<cell.count])
      return Result { () throws(HarnessError) in
        fast ? try AnswerKeyBuilder.usage(view, line: 7) : try AnswerKeyBuilder.usageByComparison(view, line: 7)
      }
    }
  }

  @Test("the one-load reading agrees with the comparison on words and near misses, any padding bytes", arguments: [0, 0x20, 0x65, 0xff])
  func agreesWithComparison(padding: UInt8) {
    for cell in Self.words.map({ Array($0.utf8) }) + Self.nearMisses {
      let fast = Self.reading(cell, padding: padding, fast: true)
      let general = Self.reading(cell, padding: padding, fast: false)
      #expect(fast == general, "cell \(cell)")
    }
  }

  @Test("Public, Private and Ignored are read in one load, whatever their case and the padding")
  func oneLoad() {
    let words: [(String, Usage)] = [
      ("Public", .publicOnly), ("PRIVATE", .privateOnly), ("iGnOrEd", .ignored), ("public", .publicOnly),
      ("Private", .privateOnly), ("IGNORED", .ignored),
    ]
    for (word, usage) in words {
      let padded = Array(word.utf8) + [UInt8](repeating: 0xff, count: CSVReader.paddingBytes)
      let read = padded.withUnsafeBufferPointer {
        AnswerKeyBuilder.usageInOneLoad(UnsafeBufferPointer(rebasing: $0[0..<word.utf8.count]))
      }
      #expect(read == usage, "\(word)")
    }
  }
}
