extension Metrics {
  /// Object detection over box lists, one image per row (global-wheat-detection, siim-covid19-detection,
  /// vinbigdata-chest-xray-abnormalities-detection). Two averagings, each with its competition's matching, at one
  /// or more IoU thresholds (a prediction matches an answer box when their IoU is at least the threshold):
  /// - `class`: PASCAL VOC mean average precision, Kaggle's definition for siim and vinbigdata. Per label, the
  ///   predictions of every row are taken by decreasing confidence; each matches the answer box of its row it
  ///   overlaps most, unless that box is already matched (then it is a false positive, as VOC's devkit).
  ///   AP is the area under the precision envelope (all points), averaged over the labels with answer boxes.
  /// - `image`: global-wheat-detection's TP / (TP + FP + FN) per row, each prediction (by decreasing
  ///   confidence) taking the unmatched answer box it overlaps most; a row without answer boxes scores 0.
  /// Ties in confidence keep row order, then list order, as the graders' stable sorts.
  static let detectionMAP = Metric(
    name: "detection_map", higherIsBetter: true, input: .text,
    parameters: [
      MetricParameter("iou", .real, default: "0.5", "the lowest IoU threshold", range: .openUnitInterval),
      MetricParameter(
        "iou_steps", .integer, default: "1", "how many thresholds: iou, iou + iou_step, ... (at most 100)",
        range: MetricParameter.OpenRange(upper: 101)),
      MetricParameter("iou_step", .real, default: "0.05", "the distance between thresholds", range: .positive),
      MetricParameter(
        "average", .text, default: "class",
        "class: VOC mAP over labels of 'label confidence box' lists; image: mean per-row TP/(TP+FP+FN) of "
          + "'confidence box' lists", choices: ["class", "image"]),
      MetricParameter(
        "box", .text, default: "xyxy", "the four box numbers: x_min y_min x_max y_max, or x y width height",
        choices: ["xyxy", "xywh"]),
    ],
    definition: "object detection over box lists: PASCAL VOC mAP per label (average=class) or mean per-image "
      + "TP/(TP+FP+FN) (average=image), averaged over IoU thresholds"
  ) { data, parameters throws(MetricFailure) in
    let (truth, predicted) = try data.alignedText()
    let format = BoxFormat(labelled: parameters.text("average") == "class", corners: parameters.text("box") == "xyxy")
    let read = { (cell: String) throws(ListFormatError) in try detections(in: cell, format: format) }
    let answers = try truth.indices.map { row throws(MetricFailure) in
      try answerCell(truth[row], row: row, what: "box list", read)
    }
    let guesses = try predicted.indices.map { row throws(MetricFailure) in
      try predictedCell(predicted[row], row: row, what: "box list", hint: format.hint, read)
    }
    let thresholds = iouThresholds(parameters)
    guard format.labelled else {
      var sum = CompensatedSum()
      for row in answers.indices {
        sum.add(imagePrecision(truth: answers[row].map(\.box), predicted: guesses[row], thresholds: thresholds))
      }
      return sum.value / Double(answers.count)
    }
    return try meanAveragePrecision(truth: answers, predicted: guesses, thresholds: thresholds)
  }

  /// iou, iou + step, ... rounded to 9 decimals, so 0.5 + 3 × 0.05 is the double of 0.65 as the graders write it.
  static func iouThresholds(_ parameters: MetricParameters) -> [Double] {
    let (lowest, step) = (parameters.real("iou"), parameters.real("iou_step"))
    return (0..<parameters.integer("iou_steps")).map { ((lowest + Double($0) * step) * 1e9).rounded() / 1e9 }
  }

  /// How one cell lists its boxes.
  struct BoxFormat {
    /// "label confidence a b c d" per box, else "confidence a b c d".
    let labelled: Bool
    /// a b c d are x_min y_min x_max y_max, else x y width height.
    let corners: Bool

    var fieldNames: [String] {
      let box = corners ? ["x_min", "y_min", "x_max", "y_max"] : ["x", "y", "width", "height"]
      return (labelled ? ["label"] : []) + ["confidence"] + box
    }

    var hint: String {
      "write '\(fieldNames.joined(separator: " "))' for each box, space-separated; an empty cell has no box"
    }
  }

  struct Box {
    let minX, minY, maxX, maxY: Double
    let area: Double
  }

  struct Detection {
    let label: Tokens.Token
    let confidence: Double
    let box: Box
  }

  /// The largest coordinate accepted: far beyond any image, and small enough that areas cannot overflow.
  static let largestCoordinate = 1e15

  /// The boxes of one cell, in the order written.
  static func detections(in text: String, format: BoxFormat) throws(ListFormatError) -> [Detection] {
    let tokens = Tokens.split(text)
    let names = format.fieldNames
    guard tokens.count % names.count == 0 else {
      throw ListFormatError(
        message: "\(tokens.count) values, but each box has \(names.count) (\(names.joined(separator: " ")))")
    }
    let confidenceField = names.count - 5
    var result: [Detection] = []
    result.reserveCapacity(tokens.count / names.count)
    for start in stride(from: 0, to: tokens.count, by: names.count) {
      let boxNumber = start / names.count + 1
      var values: [Double] = []
      for field in (format.labelled ? 1 : 0)..<names.count {
        let token = tokens[start + field]
        guard let value = finiteNumber(token) else {
          throw ListFormatError(message: "box \(boxNumber): \(names[field]) \(quoted(token)) is not a finite number")
        }
        guard field == confidenceField || abs(value) <= largestCoordinate else {
          throw ListFormatError(message: "box \(boxNumber): \(names[field]) \(value) is beyond ±1e15")
        }
        values.append(value)
      }
      let box = try makeBox(values[1], values[2], values[3], values[4], corners: format.corners, boxNumber: boxNumber)
      result.append(Detection(label: format.labelled ? tokens[start] : [], confidence: values[0], box: box))
    }
    return result
  }

  private static func makeBox(_ a: Double, _ b: Double, _ c: Double, _ d: Double, corners: Bool, boxNumber: Int)
    throws(ListFormatError) -> Box
  {
    if corners {
      guard c >= a, d >= b else {
        throw ListFormatError(message: "box \(boxNumber): x_max \(c) < x_min \(a) or y_max \(d) < y_min \(b)")
      }
      return Box(minX: a, minY: b, maxX: c, maxY: d, area: (c - a) * (d - b))
    }
    guard c >= 0, d >= 0 else {
      throw ListFormatError(message: "box \(boxNumber): width \(c) or height \(d) is negative")
    }
    // The area from width × height, as the wheat grader computes it.
    return Box(minX: a, minY: b, maxX: a + c, maxY: b + d, area: c * d)
  }

  static func iou(_ a: Box, _ b: Box) -> Double {
    let width = min(a.maxX, b.maxX) - max(a.minX, b.minX)
    let height = min(a.maxY, b.maxY) - max(a.minY, b.minY)
    guard width > 0, height > 0 else { return 0 }
    let intersection = width * height
    let union = a.area + b.area - intersection
    return union > 0 ? intersection / union : 0
  }

  /// Indices by decreasing confidence; equal confidences keep their order.
  static func byConfidence(_ confidences: [Double]) -> [Int] {
    confidences.indices.sorted { confidences[$0] > confidences[$1] || (confidences[$0] == confidences[$1] && $0 < $1) }
  }

  /// One row of global-wheat-detection: TP / (TP + FP + FN) at each threshold, averaged over the thresholds.
  static func imagePrecision(truth: [Box], predicted: [Detection], thresholds: [Double]) -> Double {
    guard !truth.isEmpty else { return 0 }
    let order = byConfidence(predicted.map(\.confidence))
    var sum = 0.0
    for threshold in thresholds {
      var matched = [Bool](repeating: false, count: truth.count)
      var hits = 0
      for guess in order {
        var best = 0.0
        var bestAnswer: Int?
        for answer in truth.indices where !matched[answer] {
          let overlap = iou(predicted[guess].box, truth[answer])
          if overlap >= threshold && overlap > best { (best, bestAnswer) = (overlap, answer) }
        }
        if let bestAnswer {
          matched[bestAnswer] = true
          hits += 1
        }
      }
      sum += Double(hits) / Double(predicted.count + truth.count - hits)
    }
    return sum / Double(thresholds.count)
  }

  /// PASCAL VOC mAP: per label with answer boxes, AP at each threshold; the mean over labels and thresholds.
  static func meanAveragePrecision(truth: [[Detection]], predicted: [[Detection]], thresholds: [Double])
    throws(MetricFailure) -> Double
  {
    // Per label: the answer boxes of each row, and every prediction as (row, detection) in row then list order.
    var answers: [Tokens.Token: [Int: [Box]]] = [:]
    for (row, boxes) in truth.enumerated() {
      for detection in boxes { answers[detection.label, default: [:]][row, default: []].append(detection.box) }
    }
    guard !answers.isEmpty else { throw .undefinedOnAnswers("mean average precision needs answer boxes") }
    var guesses: [Tokens.Token: [(row: Int, detection: Detection)]] = [:]
    for (row, boxes) in predicted.enumerated() {
      for detection in boxes where answers[detection.label] != nil {
        guesses[detection.label, default: []].append((row, detection))
      }
    }
    var sum = CompensatedSum()
    for (label, answerBoxes) in answers {
      let labelGuesses = guesses[label] ?? []
      let order = byConfidence(labelGuesses.map(\.detection.confidence))
      let positives = answerBoxes.values.reduce(0) { $0 + $1.count }
      for threshold in thresholds {
        var matched = answerBoxes.mapValues { [Bool](repeating: false, count: $0.count) }
        let hits = order.map { index in
          let (row, detection) = labelGuesses[index]
          guard let boxes = answerBoxes[row], let best = mostOverlapping(detection.box, boxes),
            iou(detection.box, boxes[best]) >= threshold, matched[row]?[best] == false
          else { return false }
          matched[row]?[best] = true
          return true
        }
        sum.add(vocAveragePrecision(hits: hits, positives: positives))
      }
    }
    return sum.value / Double(answers.count * thresholds.count)
  }

  /// The first box of greatest positive IoU with `box`, nil when none overlaps it.
  private static func mostOverlapping(_ box: Box, _ boxes: [Box]) -> Int? {
    var best = 0.0
    var index: Int?
    for (candidate, other) in boxes.enumerated() {
      let overlap = iou(box, other)
      if overlap > best { (best, index) = (overlap, candidate) }
    }
    return index
  }

  /// VOC 2010's AP: precision made non-increasing from the right, integrated over every change of recall.
  static func vocAveragePrecision(hits: [Bool], positives: Int) -> Double {
    var recall = [0.0]
    var precision = [0.0]
    var truePositives = 0
    for (rank, hit) in hits.enumerated() {
      if hit { truePositives += 1 }
      recall.append(Double(truePositives) / Double(positives))
      precision.append(Double(truePositives) / Double(rank + 1))
    }
    recall.append(1)
    precision.append(0)
    for index in stride(from: precision.count - 1, to: 0, by: -1) {
      precision[index - 1] = max(precision[index - 1], precision[index])
    }
    var area = 0.0
    for index in 0..<(recall.count - 1) where recall[index + 1] != recall[index] {
      area += (recall[index + 1] - recall[index]) * precision[index + 1]
    }
    return area
  }
}
