extension Metrics {
  /// The mean Earth radius of the smartphone-decimeter competitions' haversine, in metres.
  static let earthRadius = 6_371_000.0

  static let geoMetrics: [Metric] = [
    Metric(
      name: "haversine", higherIsBetter: false, input: .numbers(.anyFinite),
      definition: "mean great-circle distance in metres (R = 6,371,000) between (latitude, longitude) pairs in degrees"
    ) { data, _ throws(MetricFailure) in
      let (truth, predicted) = try data.numbers()
      guard truth.count == 2, predicted.count == 2 else {
        throw .wrongInput("haversine needs two target columns: latitude, then longitude")
      }
      return CompensatedSum.mean(truth[0].count) { row in
        haversineDistance(
          latitude: truth[0][row], longitude: truth[1][row], otherLatitude: predicted[0][row],
          otherLongitude: predicted[1][row])
      }
    }
  ]

  /// 2R asin(sqrt(sin²(Δφ/2) + cos φ₁ cos φ₂ sin²(Δλ/2))), with the root clamped to 1 against rounding.
  static func haversineDistance(latitude: Double, longitude: Double, otherLatitude: Double, otherLongitude: Double)
    -> Double
  {
    let radians = Double.pi / 180
    let (phi1, phi2) = (latitude * radians, otherLatitude * radians)
    // Halves first, so that huge (meaningless but finite) coordinates cannot overflow the difference.
    let halfDeltaPhi = phi2 / 2 - phi1 / 2
    let halfDeltaLambda = (otherLongitude / 2 - longitude / 2) * radians
    let sinPhi = Elementary.sin(halfDeltaPhi)
    let sinLambda = Elementary.sin(halfDeltaLambda)
    let a = sinPhi * sinPhi + Elementary.cos(phi1) * Elementary.cos(phi2) * sinLambda * sinLambda
    return 2 * earthRadius * Elementary.asin(min(1, a.squareRoot()))
  }
}
