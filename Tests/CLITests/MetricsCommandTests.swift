import Foundation
import Testing

/// `tatami metrics`: every metric name of the contract, with its direction.
struct MetricsCommandTests {
  /// The contract's metric table (shared/design/interfaces.md), name → higher is better.
  static let contract: [String: Bool] = [
    "accuracy": true, "balanced_accuracy": true, "precision": true, "recall": true, "f1": true, "f1_micro": true,
    "f1_macro": true, "f1_weighted": true, "fbeta": true, "mcc": true, "cohen_kappa": true,
    "quadratic_weighted_kappa": true, "roc_auc": true, "average_precision": true, "gini": true, "log_loss": false,
    "multiclass_log_loss": false, "mean_columnwise_roc_auc": true, "mean_columnwise_log_loss": false,
    "top_k_accuracy": true, "rmse": false, "mse": false, "mae": false, "median_absolute_error": false, "r2": true,
    "rmsle": false, "msle": false, "mean_columnwise_rmse": false, "mean_columnwise_rmsle": false, "mape": false,
    "smape": false, "rmspe": false, "pearson": true, "spearman": true, "kendall_tau": true,
    "poisson_deviance": false, "pinball": false, "map_at_k": true, "ndcg_at_k": true, "levenshtein": false,
    "jaccard_word": true, "dice": true, "iou": true, "kl_divergence": false, "haversine": false,
  ]

  @Test("--json lists every metric of the contract with its direction")
  func contractMetrics() throws {
    let outcome = try TatamiBinary.run(["metrics", "--json"])
    #expect(outcome.status == 0)
    let listed = try #require(JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [[String: Any]])
    let directions = Dictionary(
      uniqueKeysWithValues: listed.compactMap { item in
        (item["name"] as? String).map { ($0, item["higher_is_better"] as? Bool) }
      })
    for (name, higherIsBetter) in Self.contract {
      #expect(directions[name] == higherIsBetter, "\(name)")
    }
  }

  @Test("--json lists the values a text parameter may take, and a value outside them is refused")
  func parameterChoices() throws {
    let outcome = try TatamiBinary.run(["metrics", "--json"])
    let listed = try #require(JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [[String: Any]])
    let detection = try #require(listed.first { $0["name"] as? String == "detection_map" })
    let parameters = try #require(detection["parameters"] as? [[String: Any]])
    let average = try #require(parameters.first { $0["name"] as? String == "average" })
    #expect(average["choices"] as? [String] == ["class", "image"])
    #expect(parameters.first { $0["name"] as? String == "iou" }?["choices"] == nil)

    let folder = NSTemporaryDirectory() + "tatami-choices-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let answers = folder + "/answers.csv"
    try "image_id,PredictionString\na,x 1 0 0 5 5\n".write(toFile: answers, atomically: true, encoding: .utf8)
    let refused = try TatamiBinary.run(
      ["score", "--answers", answers, "--metric", "detection_map", "--param", "average=images", "--id", "image_id",
       answers])
    #expect(refused.status != 0 && refused.stderr.contains("'images' is not one of class, image"), "\(refused.stderr)")
  }

  @Test("--json names parameter types in snake_case, answer columns included")
  func parameterTypes() throws {
    let outcome = try TatamiBinary.run(["metrics", "--json"])
    let listed = try #require(JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [[String: Any]])
    let types = Set(listed.flatMap { ($0["parameters"] as? [[String: Any]] ?? []).compactMap { $0["type"] as? String } })
    let documented: Set = ["integer", "real", "text", "boolean", "number_columns", "group_column", "flag_columns"]
    #expect(types.isSubset(of: documented), "\(types.subtracting(documented))")
    let weights = listed.first { $0["name"] as? String == "weighted_mae" }?["parameters"] as? [[String: Any]]
    #expect(weights?.first { $0["name"] as? String == "weight_columns" }?["type"] as? String == "number_columns")
  }

  @Test("the table names each metric and marks required parameters")
  func table() throws {
    let outcome = try TatamiBinary.run(["metrics"])
    #expect(outcome.status == 0)
    #expect(outcome.stdout.contains("map_at_k") && outcome.stdout.contains("k (required)"))
  }
}
