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
    let (truth, predicted) = try data.text()
    guard !truth.isEmpty, truth.count == predicted.count else { throw .wrongInput("expected aligned, non-empty rows") }
    var (hits, answerCount, guessCount) = (0, 0, 0)
    for row in truth.indices {
      let boxes: [LabelledNumbers]
      let points: [LabelledNumbers]
      do throws(BoxListError) {
        boxes = try labelledNumbers(in: truth[row], names: ["x", "y", "width", "height"])
      } catch {
        throw .undefinedOnAnswers("row \(row): the answer is not a valid 'label x y width height' list: \(error.message)")
      }
      guard boxes.allSatisfy({ $0.values[2] >= 0 && $0.values[3] >= 0 }) else {
        throw .undefinedOnAnswers("row \(row): an answer box has a negative width or height")
      }
      do throws(BoxListError) {
        points = try labelledNumbers(in: predicted[row], names: ["x", "y"])
      } catch {
        throw .invalidPrediction(
          row: row, message: "the point list is not valid: \(error.message)",
          hint: "write 'label x y' for each character, space-separated; an empty cell predicts none")
      }
      hits += pointsInBoxes(boxes: boxes, points: points)
      answerCount += boxes.count
      guessCount += points.count
    }
    return hits == 0 ? 0 : Double(2 * hits) / Double(answerCount + guessCount)
  }

  /// A label followed by numbers: a box or a point.
  struct LabelledNumbers {
    let label: Tokens.Token
    let values: [Double]
  }

  /// The groups "label number ..." of a cell, each number finite.
  static func labelledNumbers(in text: String, names: [String]) throws(BoxListError) -> [LabelledNumbers] {
    let tokens = Tokens.split(text)
    let width = names.count + 1
    guard tokens.count % width == 0 else {
      throw BoxListError(message: "\(tokens.count) values, but each entry has \(width) (label \(names.joined(separator: " ")))")
    }
    return try stride(from: 0, to: tokens.count, by: width).map { start throws(BoxListError) in
      var values: [Double] = []
      for (offset, name) in names.enumerated() {
        let token = tokens[start + 1 + offset]
        guard let value = finiteNumber(token) else {
          throw BoxListError(
            message: "entry \(start / width + 1): \(name) \(Excerpt.quoted(String(decoding: token, as: UTF8.self))) "
              + "is not a finite number")
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
