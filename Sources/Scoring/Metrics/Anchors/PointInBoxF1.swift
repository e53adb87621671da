extension Metrics {
  /// kuzushiji-recognition, as Kaggle's published Python equivalent of its metric: answers list boxes
  /// "label x y width height", predictions list centre points "label x y". Each answer box, in list order, takes
  /// the first unused prediction of its label strictly inside it (a true positive), else counts a false negative;
  /// unused predictions are false positives. Counts are pooled over rows; F1 is 0 without a true positive.
  static let pointInBoxF1 = Metric(
    name: "point_in_box_f1", higherIsBetter: true, input: .text,
    definition: "micro F1 of 'label x y' points against 'label x y width height' boxes: a point of the box's label "
      + "strictly inside it matches, each point once"
  ) { data, _ throws(MetricFailure) in
    let (truth, predicted) = try data.alignedText()
    var (hits, answerCount, guessCount) = (0, 0, 0)
    for row in truth.indices {
      let boxes = try answerCell(truth[row], row: row, what: "'label x y width height' list") {
        (cell: String) throws(ListFormatError) in try labelledNumbers(in: cell, names: ["x", "y", "width", "height"])
      }
      guard boxes.allSatisfy({ $0.values[2] >= 0 && $0.values[3] >= 0 }) else {
        throw .undefinedOnAnswers("row \(row): an answer box has a negative width or height")
      }
      let points = try predictedCell(predicted[row], row: row, what: "point list", hint: pointListHint) {
        (cell: String) throws(ListFormatError) in try labelledNumbers(in: cell, names: ["x", "y"])
      }
      hits += pointsInBoxes(boxes: boxes, points: points)
      answerCount += boxes.count
      guessCount += points.count
    }
    return hits == 0 ? 0 : Double(2 * hits) / Double(answerCount + guessCount)
  }

  static let pointListHint = "write 'label x y' for each character, space-separated; an empty cell predicts none"

  /// A label followed by numbers: a box or a point.
  struct LabelledNumbers {
    let label: Tokens.Token
    let values: [Double]
  }

  /// The groups "label number ..." of a cell, each number finite.
  static func labelledNumbers(in text: String, names: [String]) throws(ListFormatError) -> [LabelledNumbers] {
    let tokens = Tokens.split(text)
    let width = names.count + 1
    guard tokens.count % width == 0 else {
      throw ListFormatError(
        message: "\(tokens.count) values, but each entry has \(width) (label \(names.joined(separator: " ")))")
    }
    return try stride(from: 0, to: tokens.count, by: width).map { start throws(ListFormatError) in
      var values: [Double] = []
      for (offset, name) in names.enumerated() {
        let token = tokens[start + 1 + offset]
        guard let value = finiteNumber(token) else {
          throw ListFormatError(message: "entry \(start / width + 1): \(name) \(quoted(token)) is not a finite number")
        }
        values.append(value)
      }
      return LabelledNumbers(label: tokens[start], values: values)
    }
  }

  /// The answer boxes that find a point, each point used once, boxes taking the first free point in list order.
  static func pointsInBoxes(boxes: [LabelledNumbers], points: [LabelledNumbers]) -> Int {
    var pointsByLabel: [Tokens.Token: [Int]] = [:]
    for (index, point) in points.enumerated() { pointsByLabel[point.label, default: []].append(index) }
    var used = [Bool](repeating: false, count: points.count)
    var hits = 0
    for box in boxes {
      let (x, y, width, height) = (box.values[0], box.values[1], box.values[2], box.values[3])
      let inside = pointsByLabel[box.label]?.first { index in
        let point = points[index].values
        return !used[index] && x < point[0] && point[0] < x + width && y < point[1] && point[1] < y + height
      }
      if let inside {
        used[inside] = true
        hits += 1
      }
    }
    return hits
  }
}
