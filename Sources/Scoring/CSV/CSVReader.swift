import Basics

/// A problem found while reading CSV bytes, before any column has a meaning.
package enum CSVError: Error, Equatable {
  case input(InputError)
  case tooLarge(bytes: Int, cap: Int)
  case binary(kind: String)
  case encoding(String)
  case nulByte(row: Int)
  case malformed(row: Int, detail: String)
  /// A record past one of `CSVLimits`, refused before it is buffered whole.
  case rowTooLarge(row: Int, limit: CSVLimits.Exceeded)
}

/// How large one record may be, so a hostile file cannot make the reader buffer it whole: memory per
/// record stays below about `recordBytes` plus 16 bytes per field.
package struct CSVLimits: Sendable, Equatable {
  /// The header (line 1 of a file), in bytes.
  package var headerBytes = 1 << 20
  /// Any other record, in bytes. Both byte limits count the record's line end.
  package var recordBytes = 16 << 20
  /// Fields of one record, the header included.
  package var fields = 100_000

  package init() {}

  /// Which limit a record went past, with its value.
  package enum Exceeded: Sendable, Equatable {
    case headerBytes(Int)
    case recordBytes(Int)
    case fields(Int)

    /// What the message says: the limit, in the units a user counts.
    var description: String {
      switch self {
      case .headerBytes(let bytes): return "the header is longer than \(formatBytes(bytes)), the limit"
      case .recordBytes(let bytes): return "the row is longer than \(formatBytes(bytes)), the limit"
      case .fields(let count): return "the row has more than \(count) fields, the limit"
      }
    }
  }
}

/// Streams RFC 4180 records from a byte source without creating a String per field.
///
/// Handles quoted fields, `""` escapes, embedded newlines, CRLF and lone CR line ends, a missing final
/// newline and a UTF-8 byte-order mark; skips blank lines. Fields are byte spans into an internal
/// buffer, valid until the next call to `nextRecord()`; at least `paddingBytes` readable bytes follow
/// every field, so parsers may load eight bytes at a time past a field's end (and ignore them).
package struct CSVReader: ~Copyable {
  /// Line number (1-based) on which the current record starts; the header is line 1.
  package private(set) var line = 0
  /// Number of fields in the current record.
  package private(set) var fieldCount = 0

  private let input: ChunkedInput
  private let sizeCap: Int
  private var buffer: UnsafeMutablePointer<UInt8>
  private var capacity: Int
  private var dataEnd = 0
  private var position = 0
  private var atEndOfInput = false
  private var started = false
  private let startsAtFileStart: Bool
  private var nextLine = 1
  /// Field spans of the current record; entries past `fieldCount` are stale and reused, not removed.
  private var fieldStarts: UnsafeMutablePointer<Int>
  private var fieldEnds: UnsafeMutablePointer<Int>
  private var fieldCapacity = 16
  private var escapedFields: [Int] = []
  private let limits: CSVLimits
  /// False reads every record byte by byte; tests compare the two paths.
  private let usesVectorScan: Bool
  /// True until the first record of a reader that starts at the file's start (the header) is complete.
  private var readingHeader: Bool
  /// True once `nextPlainRecord` may be tried: after a first record (the header, if any), with the vector scan.
  private var scansPlainRecords = false
  /// Where `nextPlainRecord` left its candidate bitmap: valid while `position` is still `scanPosition`;
  /// `scanBits` are the unread candidates of the 64 bytes from `scanBase`.
  private var scanPosition = -1
  private var scanBase = 0
  private var scanBits: UInt64 = 0
  private static let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), newline = UInt8(ascii: "\n")
  private static let carriageReturn = UInt8(ascii: "\r")
  /// This reader's copy of `FieldScanner.specialBytes`: reading a static in the hot loop costs a once-check each time.
  private let isSpecial: UnsafeMutablePointer<Bool>

  /// Initialized bytes after the end of the data (and so after every field), which block loads may touch.
  package static let paddingBytes = 64

  /// - Parameter chunkSize: bytes read at a time; small values exercise records cut by the buffer's end.
  /// - Parameter range: read only these bytes; a range not starting at 0 must start at a record.
  /// - Parameter limits: the largest header, record and field count accepted (`rowTooLarge` past them).
  package init(
    _ source: ByteSource, sizeCap: Int = Int.max, chunkSize: Int = 4 << 20, range: Range<Int>? = nil,
    limits: CSVLimits = CSVLimits(), usesVectorScan: Bool = true
  ) throws(CSVError) {
    // Reading starts with the first `nextRecord()`: a noncopyable initializer cannot throw once initialized.
    let input: ChunkedInput
    do { input = try ChunkedInput(source, range: range) } catch { throw .input(error) }
    startsAtFileStart = (range?.lowerBound ?? 0) == 0
    readingHeader = startsAtFileStart
    self.limits = limits
    self.usesVectorScan = usesVectorScan
    self.input = input
    self.sizeCap = sizeCap
    capacity = chunkSize
    buffer = Self.allocatePadded(capacity)
    fieldCapacity = min(fieldCapacity, limits.fields)
    fieldStarts = .allocate(capacity: fieldCapacity)
    fieldEnds = .allocate(capacity: fieldCapacity)
    isSpecial = .allocate(capacity: 256)
    isSpecial.initialize(from: FieldScanner.specialBytes, count: 256)
  }

  deinit {
    buffer.deallocate()
    fieldStarts.deallocate()
    fieldEnds.deallocate()
    isSpecial.deallocate()
  }

  /// Bytes read from the source so far.
  package var bytesRead: Int { input.bytesRead }

  /// The bytes of field `index` of the current record, with `""` escapes already undone.
  @inline(__always)
  package func field(_ index: Int) -> UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(start: buffer + fieldStarts[index], count: fieldEnds[index] - fieldStarts[index])
  }

  /// The field decoded as UTF-8 text (invalid bytes become U+FFFD); for headers, labels and messages.
  package func string(_ index: Int) -> String { String(decoding: field(index), as: UTF8.self) }

  /// Every field of the current record as text; for headers.
  package func strings() -> [String] {
    var result: [String] = []
    for index in 0..<fieldCount { result.append(string(index)) }
    return result
  }

  /// The offset just after the input's first line break, read without parsing records; for splitting a
  /// file into ranges that start at a line.
  package mutating func offsetAfterFirstLineBreak() -> Int? {
    guard (try? fill()) != nil else { return nil }
    for index in 0..<dataEnd where buffer[index] == Self.newline { return index + 1 }
    return nil
  }

  /// Line breaks in the first buffer of input, read without parsing records; for estimating sizes.
  package mutating func lineBreakCount() -> Int {
    guard (try? fill()) != nil else { return 0 }
    var count = 0
    for index in 0..<dataEnd where buffer[index] == Self.newline { count += 1 }
    return count
  }

  /// Advances to the next record; false at the end of the input.
  ///
  /// Plain records (see `nextPlainRecord`) are read inline, the rest by the general parser.
  @inline(__always)
  package mutating func nextRecord() throws(CSVError) -> Bool {
    if scansPlainRecords && nextPlainRecord() { return true }
    return try nextRecordInGeneral()
  }

  /// The record after a plain one, when it is plain too: unquoted, without CR or NUL, not blank, ended by
  /// LF inside the buffer, with at most as many fields and bytes as the reader holds without growing or
  /// refusing, after the header. Found from one candidate bitmap per 64 bytes
  /// (`FieldScanner.candidateBits`), each byte loaded once, the bitmap kept from one record to the next;
  /// none of the general parser's steps. False, with nothing consumed, for anything else, which the
  /// general parser then reads: so the records, lines and errors are the same either way.
  @inline(__always)
  private mutating func nextPlainRecord() -> Bool {
    let recordStart = position
    var base: Int
    var bits: UInt64
    if scanPosition == recordStart {
      base = scanBase
      bits = scanBits
    } else {
      guard recordStart < dataEnd else { return false }
      base = recordStart
      bits = FieldScanner.candidateBits(at: buffer + base)
    }
    var fieldStart = recordStart
    var count = 0
    while true {
      while bits == 0 {
        base += 64
        guard base < dataEnd else { return false }
        bits = FieldScanner.candidateBits(at: buffer + base)
      }
      let index = base + bits.trailingZeroBitCount
      bits &= bits &- 1
      guard index < dataEnd else { return false }
      switch buffer[index] {
      case Self.comma:
        guard count < fieldCapacity - 1 else { return false }
        fieldStarts[count] = fieldStart
        fieldEnds[count] = index
        count += 1
        fieldStart = index + 1
      case Self.newline:
        // A blank line (skipped) or a record past its limit (refused) is for the general parser.
        guard index > recordStart, index - recordStart < limits.recordBytes else { return false }
        fieldStarts[count] = fieldStart
        fieldEnds[count] = index
        fieldCount = count + 1
        line = nextLine
        nextLine += 1
        position = index + 1
        scanPosition = position
        scanBase = base
        scanBits = bits
        return true
      case Self.quote, Self.carriageReturn, 0: return false
      default: continue  // a space, `+` or other byte below the bound: part of the field
      }
    }
  }

  /// `nextRecord()` by the general parser, which reads every record, plain or not.
  private mutating func nextRecordInGeneral() throws(CSVError) -> Bool {
    scanPosition = -1
    if !started {
      started = true
      try fill()
      if startsAtFileStart { try checkLeadingBytes() }
    }
    while true {
      switch try parseRecord() {
      case .record:
        scansPlainRecords = usesVectorScan && !readingHeader
        return true
      case .endOfInput: return false
      case .needMoreData: try refill()
      }
    }
  }

  // MARK: - Parsing

  private enum ParseOutcome { case record, needMoreData, endOfInput }

  /// Parses one record starting at `position`; on `needMoreData` nothing is consumed.
  private mutating func parseRecord() throws(CSVError) -> ParseOutcome {
    var index = position
    var lines = nextLine
    // Blank lines are skipped, as pandas does.
    while index < dataEnd && (buffer[index] == Self.newline || buffer[index] == Self.carriageReturn) {
      if buffer[index] == Self.newline { lines += 1 } else if index + 1 < dataEnd && buffer[index + 1] == Self.newline {
        index += 1
        lines += 1
      } else if index + 1 == dataEnd && !atEndOfInput { return .needMoreData }
      index += 1
    }
    // Skipped blank lines are consumed even when more bytes are needed, so they never grow the buffer.
    position = index
    nextLine = lines
    if index == dataEnd { return atEndOfInput ? .endOfInput : .needMoreData }
    let recordLine = lines
    fieldCount = 0
    if usesVectorScan, let next = try parseUnquotedRecord(from: index) {
      if readingHeader || next - index > limits.recordBytes { try checkLength(next - index, line: recordLine) }
      position = next
      nextLine = lines + 1
      line = recordLine
      return .record
    }
    if !escapedFields.isEmpty { escapedFields.removeAll(keepingCapacity: true) }
    while true {
      if index == dataEnd {
        // Only reachable after a comma: the input ends with an empty last field, or more bytes are coming.
        guard atEndOfInput else { return .needMoreData }
        try appendField(index, index)
        break
      }
      let ending: FieldEnding
      if buffer[index] == Self.quote {
        guard let quoted = try scanQuotedField(from: index, line: recordLine, lines: &lines) else { return .needMoreData }
        ending = quoted
      } else {
        guard let plain = try scanPlainField(from: index, line: recordLine) else { return .needMoreData }
        ending = plain
      }
      index = ending.next
      if ending.endsRecord {
        lines += 1
        break
      }
    }
    for field in escapedFields { fieldEnds[field] = unescape(fieldStarts[field], fieldEnds[field]) }
    if readingHeader || index - position > limits.recordBytes { try checkLength(index - position, line: recordLine) }
    position = index
    nextLine = lines
    line = recordLine
    return .record
  }

  /// The common record, of unquoted fields and ending in LF inside the buffer, found 16 bytes at a time
  /// (`FieldScanner`); returns where the next record starts. Nil, with no field kept, for anything else
  /// (a quote, a CR, a NUL, the buffer's end), which the byte-at-a-time path below then reads.
  @inline(__always)
  private mutating func parseUnquotedRecord(from start: Int) throws(CSVError) -> Int? {
    var fieldStart = start
    var block = start
    while dataEnd - block >= 16 {
      var (low, high) = FieldScanner.candidates(at: buffer + block)
      var base = block
      // The two 8-byte halves of the block, one after the other.
      for _ in 0..<2 {
        while low != 0 {
          let index = base + low.trailingZeroBitCount >> 3
          low &= low &- 1
          switch buffer[index] {
          case Self.comma:
            try appendField(fieldStart, index)
            fieldStart = index + 1
          case Self.newline:
            try appendField(fieldStart, index)
            return index + 1
          case Self.quote, Self.carriageReturn, 0:
            fieldCount = 0
            return nil
          default: continue  // a space, `+` or other byte below the bound: part of the field
          }
        }
        low = high
        base += 8
      }
      block += 16
    }
    fieldCount = 0
    return nil
  }

  /// Refuses a record longer than its limit (line end included); the buffer may hold more than the limit.
  private mutating func checkLength(_ bytes: Int, line: Int) throws(CSVError) {
    let limit = currentLengthLimit
    readingHeader = false
    if bytes > limit.bytes { throw .rowTooLarge(row: line, limit: limit.exceeded) }
  }

  /// The byte limit of the record being read: the header's or any other record's.
  private var currentLengthLimit: (bytes: Int, exceeded: CSVLimits.Exceeded) {
    readingHeader
      ? (limits.headerBytes, .headerBytes(limits.headerBytes)) : (limits.recordBytes, .recordBytes(limits.recordBytes))
  }

  private struct FieldEnding {
    var next: Int
    var endsRecord: Bool
  }

  /// Scans an unquoted field; nil when the buffer ends before the field does.
  @inline(__always)
  private mutating func scanPlainField(from start: Int, line: Int) throws(CSVError) -> FieldEnding? {
    var index = start
    while index < dataEnd && !isSpecial[Int(buffer[index])] { index += 1 }
    if index == dataEnd {
      guard atEndOfInput else { return nil }
      try appendField(start, index)
      return FieldEnding(next: index, endsRecord: true)
    }
    switch buffer[index] {
    case Self.comma:
      try appendField(start, index)
      return FieldEnding(next: index + 1, endsRecord: false)
    case Self.newline:
      try appendField(start, index)
      return FieldEnding(next: index + 1, endsRecord: true)
    case Self.carriageReturn:
      guard let next = lineEnd(afterCarriageReturnAt: index) else { return nil }
      try appendField(start, index)
      return FieldEnding(next: next, endsRecord: true)
    case Self.quote:
      throw .malformed(row: line, detail: "a quote inside an unquoted field (\(preview(start, index + 1)))")
    default:
      throw .nulByte(row: line)
    }
  }

  /// Scans a quoted field starting at its opening quote; nil when the buffer ends first.
  private mutating func scanQuotedField(from opening: Int, line: Int, lines: inout Int) throws(CSVError) -> FieldEnding? {
    var index = opening + 1
    var escapes = 0
    var newlines = 0
    while true {
      guard index < dataEnd else {
        guard atEndOfInput else { return nil }
        throw .malformed(row: line, detail: "a quoted field is never closed (it starts with \(preview(opening, opening + 20)))")
      }
      let byte = buffer[index]
      if byte == Self.quote {
        if index + 1 == dataEnd && !atEndOfInput { return nil }
        if index + 1 < dataEnd && buffer[index + 1] == Self.quote {
          escapes += 1
          index += 2
          continue
        }
        break
      }
      if byte == 0 { throw .nulByte(row: line) }
      if byte == Self.newline { newlines += 1 }
      index += 1
    }
    let closing = index
    let after = closing + 1
    var ending: FieldEnding
    if after == dataEnd {
      ending = FieldEnding(next: after, endsRecord: true)
    } else {
      switch buffer[after] {
      case Self.comma: ending = FieldEnding(next: after + 1, endsRecord: false)
      case Self.newline: ending = FieldEnding(next: after + 1, endsRecord: true)
      case Self.carriageReturn:
        guard let next = lineEnd(afterCarriageReturnAt: after) else { return nil }
        ending = FieldEnding(next: next, endsRecord: true)
      default:
        throw .malformed(row: line, detail: "text after the closing quote of a field (\(preview(opening, after + 1)))")
      }
    }
    lines += newlines
    // Unescaping waits for the whole record: a record cut by the buffer's end is parsed again from its start.
    if escapes > 0 { escapedFields.append(fieldCount) }
    try appendField(opening + 1, closing)
    return ending
  }

  /// Where the next record starts after a CR at `index` (CRLF or a lone CR); nil if the LF may still come.
  @inline(__always)
  private func lineEnd(afterCarriageReturnAt index: Int) -> Int? {
    if index + 1 < dataEnd { return buffer[index + 1] == Self.newline ? index + 2 : index + 1 }
    return atEndOfInput ? index + 1 : nil
  }

  @inline(__always)
  private mutating func appendField(_ start: Int, _ end: Int) throws(CSVError) {
    if fieldCount == fieldCapacity { try growFields() }
    fieldStarts[fieldCount] = start
    fieldEnds[fieldCount] = end
    fieldCount += 1
  }

  /// Doubles the field arrays; past the field limit, refuses the record instead (its line is `nextLine`,
  /// where the record being parsed starts).
  private mutating func growFields() throws(CSVError) {
    guard fieldCapacity < limits.fields else { throw .rowTooLarge(row: nextLine, limit: .fields(limits.fields)) }
    let larger = min(fieldCapacity * 2, limits.fields)
    let starts = UnsafeMutablePointer<Int>.allocate(capacity: larger)
    let ends = UnsafeMutablePointer<Int>.allocate(capacity: larger)
    starts.update(from: fieldStarts, count: fieldCapacity)
    ends.update(from: fieldEnds, count: fieldCapacity)
    fieldStarts.deallocate()
    fieldEnds.deallocate()
    fieldStarts = starts
    fieldEnds = ends
    fieldCapacity = larger
  }

  /// Collapses `""` to `"` in place and returns the new end; only called on a complete record.
  private func unescape(_ start: Int, _ end: Int) -> Int {
    var read = start
    var write = start
    while read < end {
      buffer[write] = buffer[read]
      read += buffer[read] == Self.quote ? 2 : 1
      write += 1
    }
    return write
  }

  private func preview(_ start: Int, _ end: Int) -> String {
    let bytes = UnsafeBufferPointer(start: buffer + start, count: max(0, min(end, dataEnd) - start))
    return String(decoding: bytes, as: UTF8.self)
  }

  // MARK: - Buffer management

  /// Moves the unparsed tail to the front (growing the buffer for a long record) and reads more bytes.
  private mutating func refill() throws(CSVError) {
    let pending = dataEnd - position
    if position == 0 && dataEnd == capacity {
      // The record fills the buffer and goes on: grow the buffer, but never past the record's limit.
      let limit = currentLengthLimit
      guard capacity < limit.bytes else { throw .rowTooLarge(row: nextLine, limit: limit.exceeded) }
      let grown = min(capacity * 2, limit.bytes)
      let larger = Self.allocatePadded(grown)
      larger.update(from: buffer, count: pending)
      buffer.deallocate()
      buffer = larger
      capacity = grown
    } else if position > 0 {
      memmove(buffer, buffer + position, pending)
    }
    position = 0
    dataEnd = pending
    try fill()
  }

  /// A buffer of `capacity` bytes followed by `paddingBytes` zeros, which loads past the data may read.
  private static func allocatePadded(_ capacity: Int) -> UnsafeMutablePointer<UInt8> {
    let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity + paddingBytes)
    (buffer + capacity).initialize(repeating: 0, count: paddingBytes)
    return buffer
  }

  /// Reads until the buffer is full or the input ends.
  private mutating func fill() throws(CSVError) {
    while dataEnd < capacity && !atEndOfInput {
      let count: Int
      do { count = try input.read(into: buffer + dataEnd, capacity: capacity - dataEnd) } catch { throw .input(error) }
      if count == 0 { atEndOfInput = true }
      dataEnd += count
      if input.bytesRead > sizeCap { throw .tooLarge(bytes: input.bytesRead, cap: sizeCap) }
    }
    // Loads past the data (a 64-byte scan block, an eight-byte digit load) see initialized bytes.
    (buffer + dataEnd).initialize(repeating: 0, count: min(Self.paddingBytes, capacity + Self.paddingBytes - dataEnd))
  }

  /// Recognises files that are not UTF-8 CSV text by their first bytes, and skips a UTF-8 BOM.
  private mutating func checkLeadingBytes() throws(CSVError) {
    func startsWith(_ prefix: [UInt8]) -> Bool {
      dataEnd >= prefix.count && prefix.indices.allSatisfy { buffer[$0] == prefix[$0] }
    }
    if startsWith([0xEF, 0xBB, 0xBF]) { position = 3 }
    if startsWith([0x1F, 0x8B]) { throw .binary(kind: "gzip") }
    if startsWith([0x28, 0xB5, 0x2F, 0xFD]) { throw .binary(kind: "zstd") }
    if startsWith([0x50, 0x4B, 0x03, 0x04]) { throw .binary(kind: "zip") }
    if startsWith([0x42, 0x5A, 0x68]) { throw .binary(kind: "bzip2") }
    if startsWith([0xFF, 0xFE]) || startsWith([0xFE, 0xFF]) { throw .encoding("it starts with a UTF-16 byte-order mark") }
    if dataEnd >= 2 && (buffer[0] == 0 || buffer[1] == 0) {
      throw .encoding("NUL bytes between the first characters; it looks like UTF-16 or UTF-32")
    }
  }
}
