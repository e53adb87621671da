import Basics

/// The answers' ids, kept compactly: as integers while every id is a canonical decimal integer
/// (the common case, 8 bytes a row), else as bytes in one arena.
///
/// Ids compare as bytes. A canonical integer ("0", "17", "-3", never "007" or "+3") has exactly one
/// spelling, so integer equality and byte equality agree.
struct IDColumn: Sendable {
  /// The ids while every one is a canonical integer; emptied when the first other spelling arrives.
  private var integers: [Int64] = []
  /// All ids' bytes back to back, and where each ends; used once an id is not a canonical integer.
  private var arena: [UInt8] = []
  private var ends: [Int] = []
  private var isInteger = true
  /// Set once the finished column turned out to be `first, first + 1, ...`: then `integers` is dropped
  /// (8 bytes a row less) and each id is computed from its row.
  private var consecutive: (first: Int64, count: Int)?
  /// Whether the integers so far are strictly increasing, and each one more than the last: kept up as
  /// they are appended (on the reading threads), so finishing the key needs no pass over them.
  private var integersIncrease = true
  private var integersStepByOne = true

  var count: Int { consecutive?.count ?? (isInteger ? integers.count : ends.count) }

  /// The integer id at `index`; only while `isInteger`.
  @inline(__always)
  private func integer(at index: Int) -> Int64 {
    if let consecutive { return consecutive.first + Int64(index) }
    return integers[index]
  }

  /// Drops the stored integers when they are consecutive; for a finished column, which takes no more ids.
  mutating func storeConsecutiveCompactly() {
    guard consecutive == nil, let first = consecutiveStart() else { return }
    consecutive = (first, integers.count)
    integers = []
  }

  mutating func reserveCapacity(_ count: Int) {
    if isInteger { integers.reserveCapacity(count) } else { ends.reserveCapacity(count) }
  }

  /// - Parameter padded: eight readable bytes follow `id` (a `CSVReader` field), so short ids are read in one load.
  @inline(__always)
  mutating func append(_ id: UnsafeBufferPointer<UInt8>, padded: Bool = false) {
    precondition(consecutive == nil, "a finished id column takes no more ids")
    if isInteger {
      if let integer = padded ? Self.canonicalInteger(padded: id) : Self.canonicalInteger(id) {
        if let last = integers.last { noteOrder(last, integer) }
        integers.append(integer)
        return
      }
      switchToBytes()
    }
    arena.append(contentsOf: id)
    ends.append(arena.count)
  }

  /// Appends another column's ids after these.
  mutating func append(contentsOf other: IDColumn) {
    precondition(consecutive == nil && other.consecutive == nil, "finished id columns take no more ids")
    if isInteger && other.isInteger {
      integersIncrease = integersIncrease && other.integersIncrease
      integersStepByOne = integersStepByOne && other.integersStepByOne
      if let last = integers.last, let next = other.integers.first { noteOrder(last, next) }
      integers += other.integers
      return
    }
    var other = other
    if isInteger { switchToBytes() }
    if other.isInteger { other.switchToBytes() }
    let offset = arena.count
    arena += other.arena
    ends += other.ends.lazy.map { $0 + offset }
  }

  @inline(__always)
  private mutating func noteOrder(_ last: Int64, _ next: Int64) {
    if next <= last { integersIncrease = false }
    if next != last &+ 1 { integersStepByOne = false }
  }

  /// Respells the integers seen so far as bytes; ids stay ids, only their storage changes.
  private mutating func switchToBytes() {
    ends.reserveCapacity(integers.count)
    for integer in integers {
      arena.append(contentsOf: String(integer).utf8)
      ends.append(arena.count)
    }
    integers = []
    isInteger = false
  }

  private func byteRange(_ index: Int) -> Range<Int> { (index == 0 ? 0 : ends[index - 1])..<ends[index] }

  /// Whether the id at `index` is spelled exactly `bytes`.
  @inline(__always)
  func matches(_ index: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    if isInteger { return Self.canonicalInteger(bytes) == integer(at: index) }
    let range = byteRange(index)
    guard range.count == bytes.count else { return false }
    return arena.withUnsafeBufferPointer { arena in
      bytes.count == 0 || memcmp(arena.baseAddress! + range.lowerBound, bytes.baseAddress!, bytes.count) == 0
    }
  }

  /// The id at `index` as text, for messages.
  func text(_ index: Int) -> String {
    isInteger ? String(integer(at: index)) : String(decoding: arena[byteRange(index)], as: UTF8.self)
  }

  /// The first id when the ids are consecutive integers (first, first + 1, ...), so a row is `id - first`.
  func consecutiveStart() -> Int64? {
    if let consecutive { return consecutive.first }
    guard isInteger, integersStepByOne, let first = integers.first else { return nil }
    return first
  }

  /// Whether every id is greater than the one before, which proves them unique without hashing.
  func isStrictlyIncreasing() -> Bool {
    if consecutive != nil { return true }
    if isInteger { return integersIncrease }
    return (1..<max(count, 1)).allSatisfy { arena[byteRange($0 - 1)].lexicographicallyPrecedes(arena[byteRange($0)]) }
  }

  /// The row of the id spelled `bytes` when the ids are strictly increasing; O(log n), no memory.
  func binarySearch(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    if isInteger {
      guard let value = Self.canonicalInteger(bytes) else { return nil }
      return binarySearch { integer(at: $0) < value ? .less : integer(at: $0) == value ? .equal : .greater }
    }
    return binarySearch { row in
      let stored = arena[byteRange(row)]
      if stored.elementsEqual(bytes) { return .equal }
      return stored.lexicographicallyPrecedes(bytes) ? .less : .greater
    }
  }

  private enum Order { case less, equal, greater }

  private func binarySearch(_ compare: (Int) -> Order) -> Int? {
    var low = 0
    var high = count
    while low < high {
      let middle = (low + high) / 2
      switch compare(middle) {
      case .equal: return middle
      case .less: low = middle + 1
      case .greater: high = middle
      }
    }
    return nil
  }

  /// A 64-bit hash of the id at `index`, equal to `hash(of:)` of its spelling.
  func hash(at index: Int) -> UInt64 {
    if isInteger { return Self.mix(UInt64(bitPattern: integer(at: index))) }
    return arena.withUnsafeBufferPointer { arena in Self.hashBytes(UnsafeBufferPointer(rebasing: arena[byteRange(index)])) }
  }

  /// The hash of a spelling, or nil when no stored id can have it (a non-canonical integer).
  func hash(of bytes: UnsafeBufferPointer<UInt8>) -> UInt64? {
    guard isInteger else { return Self.hashBytes(bytes) }
    return Self.canonicalInteger(bytes).map { Self.mix(UInt64(bitPattern: $0)) }
  }

  // MARK: - Helpers

  /// "0" or an optional minus and up to 18 digits without a leading zero; nil for any other spelling.
  @inline(__always)
  static func canonicalInteger(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
    guard let base = bytes.baseAddress else { return nil }
    let count = bytes.count
    let negative = count > 1 && base[0] == UInt8(ascii: "-")
    var index = negative ? 1 : 0
    let digits = count - index
    guard digits >= 1 && digits <= 18 else { return nil }
    if base[index] == UInt8(ascii: "0") && (digits > 1 || negative) { return nil }
    // 18 digits stay below 2^63, so wrapping arithmetic never wraps; it only skips the overflow checks.
    var value: Int64 = 0
    while index < count {
      let digit = base[index] &- UInt8(ascii: "0")
      guard digit < 10 else { return nil }
      value = value &* 10 &+ Int64(digit)
      index += 1
    }
    return negative ? -value : value
  }

  /// `canonicalInteger` for bytes followed by at least eight readable bytes (a `CSVReader` field): an id of
  /// one to eight digits is checked and valued with one load (`NumberParser`'s eight-digit arithmetic);
  /// anything else takes the general path.
  @inline(__always)
  static func canonicalInteger(padded bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
    let count = bytes.count
    guard let base = bytes.baseAddress, count >= 1, count <= 8 else { return canonicalInteger(bytes) }
    let chunk = UnsafeRawPointer(base).loadUnaligned(as: UInt64.self)
    guard NumberParser.digitRun(chunk) >= count else { return canonicalInteger(bytes) }
    if count > 1 && base[0] == UInt8(ascii: "0") { return nil }
    return Int64(NumberParser.valueOfDigits(chunk, count: count))
  }

  @inline(__always)
  private static func mix(_ value: UInt64) -> UInt64 {
    var mixed = value &* 0x9E37_79B9_7F4A_7C15
    mixed ^= mixed >> 29
    return mixed &* 0xBF58_476D_1CE4_E5B9
  }

  /// FNV-1a over the bytes, then mixed, so nearby spellings spread over the table.
  private static func hashBytes(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
    return mix(hash)
  }
}

/// An open-addressing table from id spelling to answer row, storing only row numbers: the ids
/// themselves stay in the `IDColumn`, so the table costs 4 bytes a slot.
struct IDIndex: Sendable {
  private var slots: [Int32]
  private let mask: Int

  /// Builds the table; returns the first duplicate pair (earlier row, later row) instead when ids repeat.
  static func build(_ ids: IDColumn) -> Result<IDIndex, Duplicate> {
    var capacity = 16
    while capacity < ids.count * 2 { capacity <<= 1 }
    var index = IDIndex(slots: [Int32](repeating: -1, count: capacity), mask: capacity - 1)
    for row in 0..<ids.count {
      var slot = Int(truncatingIfNeeded: ids.hash(at: row) >> 32) & index.mask
      while index.slots[slot] >= 0 {
        let other = Int(index.slots[slot])
        if ids.hash(at: other) == ids.hash(at: row) && ids.text(other) == ids.text(row) {
          return .failure(Duplicate(firstRow: other, secondRow: row))
        }
        slot = (slot + 1) & index.mask
      }
      index.slots[slot] = Int32(row)
    }
    return .success(index)
  }

  struct Duplicate: Error {
    let firstRow: Int
    let secondRow: Int
  }

  /// The answer row whose id is spelled `bytes`, or nil.
  func row(of bytes: UnsafeBufferPointer<UInt8>, in ids: IDColumn) -> Int? {
    guard let hash = ids.hash(of: bytes) else { return nil }
    var slot = Int(truncatingIfNeeded: hash >> 32) & mask
    while slots[slot] >= 0 {
      let row = Int(slots[slot])
      if ids.matches(row, bytes) { return row }
      slot = (slot + 1) & mask
    }
    return nil
  }
}
