extension UnsafeBufferPointer<UInt8> {
  /// Compares with a lower-case ASCII word without creating a String.
  @inline(__always)
  func equalsIgnoringASCIICase(_ word: StaticString) -> Bool {
    guard count == word.utf8CodeUnitCount else { return false }
    let expected = word.utf8Start
    for index in 0..<count where self[index] | 0x20 != expected[index] { return false }
    return true
  }
}
