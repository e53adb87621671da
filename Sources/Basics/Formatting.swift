/// Renders a byte count with a binary unit for messages and tables: `512 B`, `1.5 KiB`, `2 GiB`.
public func formatBytes(_ bytes: Int) -> String {
  let units = ["B", "KiB", "MiB", "GiB", "TiB"]
  var value = Double(bytes)
  var unit = 0
  while value >= 1024, unit < units.count - 1 {
    value /= 1024
    unit += 1
  }
  if unit == 0 { return "\(bytes) B" }
  let rounded = (value * 10).rounded() / 10
  let text = rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
  return "\(text) \(units[unit])"
}
