extension Metrics {
  /// Why a cell's list (of boxes, spans, points) cannot be read.
  struct ListFormatError: Error {
    let message: String
  }

  /// An answer cell read by `parse`; an answer it cannot read leaves the score undefined, the bundle's fault.
  static func answerCell<Value>(
    _ cell: String, row: Int, what: String, _ parse: (String) throws(ListFormatError) -> Value
  ) throws(MetricFailure) -> Value {
    do throws(ListFormatError) {
      return try parse(cell)
    } catch {
      throw .undefinedOnAnswers("row \(row): the answer is not a valid \(what): \(error.message)")
    }
  }

  /// A predicted cell read by `parse`; a cell it cannot read makes the submission invalid at that row.
  static func predictedCell<Value>(
    _ cell: String, row: Int, what: String, hint: String, _ parse: (String) throws(ListFormatError) -> Value
  ) throws(MetricFailure) -> Value {
    do throws(ListFormatError) {
      return try parse(cell)
    } catch {
      throw .invalidPrediction(row: row, message: "the \(what) is not valid: \(error.message)", hint: hint)
    }
  }

  /// The token as a number by the CSV reader's strict syntax (no hex, inf or nan), when it is finite.
  static func finiteNumber(_ token: Tokens.Token) -> Double? {
    guard case .value(let value) = token.withUnsafeBufferPointer({ NumberParser.parse($0) }) else { return nil }
    return value
  }

  /// A token's text, quoted and cut short for a message.
  static func quoted(_ token: Tokens.Token) -> String { Excerpt.quoted(String(decoding: token, as: UTF8.self)) }
}
