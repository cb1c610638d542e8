import Foundation

/// Named columns of numbers written as a CSV file (one curve per column), for plotting the figures of an experiment.
struct CurveTable {
    private(set) var names: [String] = []
    private(set) var columns: [[Double]] = []

    /// Adds a column; all columns have one length.
    mutating func add(_ name: String, _ values: [Double]) {
        precondition(
            columns.isEmpty || columns[0].count == values.count, "CurveTable: column \(name) has another length")
        names.append(name)
        columns.append(values)
    }

    /// Writes `name` into `folder` atomically and returns its path.
    @discardableResult
    func write(_ name: String, into folder: URL) throws -> String {
        var lines = [names.joined(separator: ",")]
        for row in 0..<(columns.first?.count ?? 0) {
            lines.append(columns.map { String(format: "%.10g", $0[row]) }.joined(separator: ","))
        }
        let url = folder.appendingPathComponent(name)
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }
}

/// The least-squares slope of log y against log x.
func logLogSlope(_ x: [Double], _ y: [Double]) -> Double {
    let u = x.map { Foundation.log($0) }
    let v = y.map { Foundation.log($0) }
    let meanU = u.reduce(0, +) / Double(u.count)
    let meanV = v.reduce(0, +) / Double(v.count)
    var covariance = 0.0
    var variance = 0.0
    for (a, b) in zip(u, v) {
        covariance += (a - meanU) * (b - meanV)
        variance += (a - meanU) * (a - meanU)
    }
    return covariance / variance
}

/// The median of a non-empty array.
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}
