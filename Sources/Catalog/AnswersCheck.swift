import Scoring

/// Checks the answers against the manifest with the scoring engine's own reader, so `tatami bundle check`
/// runs every check scoring relies on: the id column, unique non-empty ids, Usage values, the target
/// columns and their types for the metric.
/// - Returns: the problem found, or nothing when the answers can be scored.
public func checkAnswers(_ bundle: CompetitionBundle) -> [BundleError] {
  do {
    _ = try bundle.scorer()
    return []
  } catch {
    return [error]
  }
}

extension CompetitionBundle {
  /// A scorer over the bundle's answers and metric: what `tatami score ID` and the agent loop score with.
  public func scorer() throws(BundleError) -> Scorer {
    let file = manifest.answers
    let answers = try read(file)
    do {
      let metric = try Metrics.require(manifest.metric.name)
      let parameters = try metric.resolve(manifest.metric.params)
      let key = try AnswerKey.read(
        .bytes(answers), metric: metric, idColumn: manifest.submission.idColumn,
        targetColumns: manifest.submission.targetColumns)
      return Scorer(key: key, parameters: parameters)
    } catch {
      throw .invalidAnswers(file: file, detail: error.message)
    }
  }
}
