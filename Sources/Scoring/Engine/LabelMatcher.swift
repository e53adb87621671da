/// Finds which of the answers' labels a submission's label cell means.
///
/// Spellings that mean the same label compare equal, the way a grader that reads both files with pandas
/// sees them: a number matches the answer label of the same value (`2.0` is `2`, `1e1` is `10`); `True`
/// and `False` match case-insensitively, and match `1` and `0` when the answers are 0/1 (and `1`, `0`
/// match `True`, `False` when the answers are booleans). Anything else must be spelled exactly as an
/// answer label. A cell that means none of them is not a label of this competition: `code(for:)` returns
/// nil, and the reader reports `unknown_label` rather than scoring the row as a wrong answer, because a
/// probability or a differently spelled label would otherwise score 0 without a word.
struct LabelMatcher: Sendable {
  private let names: [String]
  private var exact: [String: Int32] = [:]
  private var byValue: [Double: Int32] = [:]
  /// The labels `true` and `false` (any case, or 1 and 0) stand for, when the answers are 0/1 or booleans.
  private var trueCode: Int32?
  private var falseCode: Int32?

  init(_ table: LabelTable) {
    names = table.names
    for (index, name) in names.enumerated() {
      let code = Int32(index)
      if exact[name] == nil { exact[name] = code }
      if let value = Self.number(name), byValue[value] == nil { byValue[value] = code }
    }
    let booleans = names.map(Self.boolean)
    if !names.isEmpty && booleans.allSatisfy({ $0 != nil }) {
      trueCode = booleans.firstIndex(of: true).map { Int32($0) }
      falseCode = booleans.firstIndex(of: false).map { Int32($0) }
    } else if !names.isEmpty && names.allSatisfy({ Self.number($0) == 0 || Self.number($0) == 1 }) {
      trueCode = byValue[1]
      falseCode = byValue[0]
    }
  }

  /// The code of the answer label the cell means; nil when it means none of them.
  func code(for cell: UnsafeBufferPointer<UInt8>) -> Int32? {
    let text = String(decoding: cell, as: UTF8.self)
    if let code = exact[text] { return code }
    if let value = Self.number(text) {
      if let code = byValue[value] { return code }
      if value == 1, let trueCode { return trueCode }
      if value == 0, let falseCode { return falseCode }
      return nil
    }
    switch Self.boolean(text) {
    case true?: return trueCode ?? caseInsensitive(text)
    case false?: return falseCode ?? caseInsensitive(text)
    case nil: return nil
    }
  }

  private func caseInsensitive(_ text: String) -> Int32? {
    names.firstIndex { $0.lowercased() == text.lowercased() }.map { Int32($0) }
  }

  /// The value of a label spelled as a finite number.
  static func number(_ text: String) -> Double? {
    var text = text
    return text.withUTF8 { bytes in
      if case .value(let value) = NumberParser.parse(bytes) { return value }
      return nil
    }
  }

  /// `true` or `false` in any case; nil for anything else.
  static func boolean(_ text: String) -> Bool? {
    switch text.lowercased() {
    case "true": return true
    case "false": return false
    default: return nil
    }
  }
}

/// What to tell a submitter whose label cell is none of the answers' labels.
enum LabelHint {
  /// The most useful advice for the common mistakes: a probability or a score where a label belongs, a
  /// boolean where the labels are not booleans, or a label spelled differently.
  static func hint(value: String, expected: [String]) -> String {
    let labels = list(expected, limit: 6)
    if let number = LabelMatcher.number(value) {
      if number > 0 && number < 1 {
        return "\(value) looks like a probability, but this metric compares labels: write the predicted class"
          + " itself (one of \(labels)), e.g. the label of the highest probability"
      }
      return "this metric compares labels: write the predicted class (one of \(labels)), not a score;"
        + " round or map numeric predictions to a label"
    }
    if LabelMatcher.boolean(value) != nil {
      return "True and False match only answers that are 0/1 or True/False; here write one of \(labels)"
    }
    return "write each prediction as one of the answers' labels (\(labels)), spelled as in the training data"
  }

  /// Up to `limit` labels, sorted, then how many more there are.
  static func list(_ labels: [String], limit: Int) -> String {
    let sorted = labels.sorted { first, second in
      switch (LabelMatcher.number(first), LabelMatcher.number(second)) {
      case (let a?, let b?) where a != b: return a < b
      default: return first < second
      }
    }
    let shown = sorted.prefix(limit).map { "'\($0)'" }.joined(separator: ", ")
    return sorted.count > limit ? shown + " and \(sorted.count - limit) more" : shown
  }
}
