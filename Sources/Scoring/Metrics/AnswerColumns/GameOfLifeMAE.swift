extension Metrics {
  /// Conway's Reverse Game of Life 2020 (Kaggle's definition): every predicted start board and every true start
  /// board is stepped forward the row's `delta` generations of Life on a torus, and the cells of the two boards
  /// reached are compared. Any start that reaches the true stop board scores 0, as Kaggle promises ("any correct
  /// starting solution will achieve a maximum score"); comparing the start boards themselves would not.
  static let gameOfLifeMAE = Metric(
    name: "game_of_life_mae", higherIsBetter: false, input: .numbers(.unitInterval),
    parameters: [
      MetricParameter(
        "delta_column", .numberColumns, default: "delta",
        "the answers' column of generations from each start board to its stop board (an integer, at most 1000)")
    ],
    definition: "mean |life^d(p) - life^d(y)| over the cells, boards given row-major as the target columns of a "
      + "square torus, d the answers' delta_column; cells 0 or 1"
  ) { data, parameters throws(MetricFailure) in
    let (truth, predicted) = try data.numbers()
    let board = try LifeBoard(cellCount: truth.count)
    guard predicted.count == truth.count else { throw .wrongInput("expected as many predicted as true cells") }
    guard let deltaColumn = parameters.columns("delta_column").first else {
      throw .wrongInput("no delta column is named")
    }
    let deltas = try data.answerNumbers(deltaColumn)
    guard data.rowCount > 0 else { throw .wrongInput("expected at least one board") }
    var mismatches = 0
    for row in 0..<data.rowCount {
      let steps = try generations(deltas[row], row: row)
      let trueStop = board.step(try board.cells(truth, row: row, of: .answers), times: steps)
      let predictedStop = board.step(try board.cells(predicted, row: row, of: .submission), times: steps)
      mismatches += zip(trueStop, predictedStop).count { $0 != $1 }
    }
    return Double(mismatches) / (Double(data.rowCount) * Double(truth.count))
  }

  /// A row's delta as a count of generations; the bound keeps a hostile answer file from asking for billions.
  private static func generations(_ delta: Double, row: Int) throws(MetricFailure) -> Int {
    guard delta >= 0, delta <= 1000, delta == delta.rounded() else {
      throw .undefinedOnAnswers("scored row \(row + 1): delta \(delta) is not a whole number of generations up to 1000")
    }
    return Int(delta)
  }
}

/// A square board of Life whose edges wrap around (Kaggle's 25 x 25 torus), cells row-major.
struct LifeBoard {
  let side: Int

  enum Source { case answers, submission }

  init(cellCount: Int) throws(MetricFailure) {
    side = Int(Double(cellCount).squareRoot().rounded())
    guard cellCount > 0, side * side == cellCount else {
      throw .wrongInput("expected the cells of a square board as target columns, got \(cellCount) columns")
    }
  }

  /// Row `row`'s cells (0 or 1) from the column-major values; any other value is the fault of its source.
  func cells(_ columns: [[Double]], row: Int, of source: Source) throws(MetricFailure) -> [UInt8] {
    var cells = [UInt8](repeating: 0, count: columns.count)
    for cell in columns.indices {
      let value = columns[cell][row]
      guard value == 0 || value == 1 else {
        // The engine names a submission's line itself; an answer row is named by its place in the scored rows.
        let message = "cell \(cell) is \(value); a cell is 0 (dead) or 1 (alive)"
        switch source {
        case .answers: throw .undefinedOnAnswers("scored row \(row + 1): \(message)")
        case .submission: throw .invalidPrediction(row: row, message: message, hint: "predict 0 or 1 for every cell")
        }
      }
      cells[cell] = UInt8(value)
    }
    return cells
  }

  /// The board after `times` generations: a live cell with two or three live neighbours lives, a dead cell with
  /// exactly three comes alive, every other cell is dead.
  func step(_ start: [UInt8], times: Int) -> [UInt8] {
    var current = start
    var next = start
    for _ in 0..<times {
      for row in 0..<side {
        let above = (row + side - 1) % side * side
        let here = row * side
        let below = (row + 1) % side * side
        for column in 0..<side {
          let left = (column + side - 1) % side
          let right = (column + 1) % side
          let neighbours =
            current[above + left] + current[above + column] + current[above + right] + current[here + left]
            + current[here + right] + current[below + left] + current[below + column] + current[below + right]
          next[here + column] = neighbours == 3 || (neighbours == 2 && current[here + column] == 1) ? 1 : 0
        }
      }
      swap(&current, &next)
    }
    return current
  }
}
