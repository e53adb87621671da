import Scoring

extension CompetitionBundle {
  /// A scorer over the bundle's answers and metric: what `tatami score ID` and the agent loop score with.
  /// Reading the answers with the scoring engine itself checks the id column, unique non-empty ids, Usage
  /// values, the target columns and their types for the metric.
  public func scorer() throws(BundleError) -> Scorer {
    try scorer(answers: try read(manifest.answers))
  }

  /// A scorer over `answers`, the bytes of the bundle's answers file already read.
  public func scorer(answers: [UInt8]) throws(BundleError) -> Scorer {
    let file = manifest.answers
    do {
      let metric = try Metrics.require(manifest.metric.name)
      let parameters = try metric.resolve(manifest.metric.params)
      let key = try AnswerKey.read(
        .bytes(answers), metric: metric, parameters: parameters, idColumn: manifest.submission.idColumn,
        targetColumns: manifest.submission.targetColumns)
      return Scorer(key: key, parameters: parameters)
    } catch {
      throw .invalidAnswers(file: file, detail: error.message)
    }
  }
}
