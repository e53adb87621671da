extension Metrics {
  /// icecube-neutrinos-in-deep-ice: the angle between the true and predicted directions, each given as
  /// (azimuth, zenith) in radians, averaged over rows. The target columns are azimuth then zenith.
  static let meanAngularError = Metric(
    name: "mean_angular_error", higherIsBetter: false, input: .numbers(.anyFinite),
    definition: "mean arccos(u · v) in radians between unit vectors from (azimuth, zenith) columns, dot clipped to [-1, 1]"
  ) { data, _ throws(MetricFailure) in
    let (truth, predicted) = try data.numbers()
    guard truth.count == 2, predicted.count == 2 else {
      throw .wrongInput("expected two target columns, azimuth then zenith")
    }
    return CompensatedSum.mean(truth[0].count) { row in
      angle(azimuth: truth[0][row], zenith: truth[1][row], predicted[0][row], predicted[1][row])
    }
  }

  static func angle(azimuth: Double, zenith: Double, _ predictedAzimuth: Double, _ predictedZenith: Double) -> Double {
    let dot = Elementary.sin(zenith) * Elementary.cos(azimuth) * Elementary.sin(predictedZenith)
      * Elementary.cos(predictedAzimuth)
      + Elementary.sin(zenith) * Elementary.sin(azimuth) * Elementary.sin(predictedZenith)
      * Elementary.sin(predictedAzimuth)
      + Elementary.cos(zenith) * Elementary.cos(predictedZenith)
    return Elementary.acos(min(1, max(-1, dot)))
  }
}
