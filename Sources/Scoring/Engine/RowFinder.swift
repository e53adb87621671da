/// Finds the answer row of each submission id, cheapest way first.
///
/// Files usually list ids in the answers' order, so the row after the last one found is tried first
/// (one comparison, no hashing) as long as that guess keeps coming true; in a shuffled file it is not
/// tried, since reading a random row's id costs a cache miss. Then consecutive integer ids are found by subtraction, and other ids by
/// the answer key's index, or by binary search when the answers are sorted (they have no index then).
/// A shuffled file with sorted, non-consecutive ids gets an index of its own after a few searches.
struct RowFinder {
  enum Outcome {
    case found(Int)
    case notFound
    /// The id was out of place too often for binary search, and this finder may not build an index.
    case needsIndex
  }

  private let key: AnswerKey
  private let mayBuildIndex: Bool
  private var next = 0
  private var inOrder = true
  private var index: IDIndex?
  private var searches = 0
  private static let searchesBeforeIndexing = 64

  /// - Parameter mayBuildIndex: false for finders running in parallel, which must not each build one.
  init(key: AnswerKey, mayBuildIndex: Bool) {
    self.key = key
    self.mayBuildIndex = mayBuildIndex
    index = key.index
  }

  /// - Parameter id: a `CSVReader` field, followed by eight readable bytes (`IDColumn.canonicalInteger(padded:)`).
  @inline(__always)
  mutating func row(of id: UnsafeBufferPointer<UInt8>) -> Outcome {
    if inOrder && next < key.rowCount && key.ids.matches(next, id) {
      next += 1
      return .found(next - 1)
    }
    let outcome: Outcome
    if let first = key.consecutiveStart {
      // Consecutive integer ids, the common case, inline: the row is the id less the first.
      if let value = IDColumn.canonicalInteger(padded: id), value >= first, value - first < key.rowCount {
        outcome = .found(Int(value - first))
      } else {
        outcome = .notFound
      }
    } else {
      outcome = lookUp(id)
    }
    if case .found(let row) = outcome {
      inOrder = row == next  // the guess would have come true: try it again
      next = row + 1
    }
    return outcome
  }

  private mutating func lookUp(_ id: UnsafeBufferPointer<UInt8>) -> Outcome {
    if index == nil && searches >= Self.searchesBeforeIndexing {
      guard mayBuildIndex else { return .needsIndex }
      // The answer key rejected duplicate ids already, so building cannot fail here.
      index = try? IDIndex.build(key.ids).get()
    }
    if let index { return index.row(of: id, in: key.ids).map(Outcome.found) ?? .notFound }
    searches += 1
    return key.ids.binarySearch(id).map(Outcome.found) ?? .notFound
  }
}
