import Foundation
import Layers

/// Named columns of numbers written as a CSV file (one curve per column), for plotting the figures of an experiment.
public struct CSVTable: Sendable {
    public private(set) var names: [String] = []
    public private(set) var columns: [[Double]] = []

    public init() {}

    /// Adds a column; all columns have one length.
    public mutating func add(_ name: String, _ values: [Double]) {
        precondition(
            columns.isEmpty || columns[0].count == values.count,
            "CSVTable: column \(name) has \(values.count) values, the others \(columns.first?.count ?? 0)")
        names.append(name)
        columns.append(values)
    }

    /// Writes `name` into `folder` atomically and returns its path.
    @discardableResult
    public func write(_ name: String, into folder: URL) throws -> String {
        var lines = [names.joined(separator: ",")]
        for row in 0..<(columns.first?.count ?? 0) {
            lines.append(columns.map { String(format: "%.10g", $0[row]) }.joined(separator: ","))
        }
        let url = folder.appendingPathComponent(name)
        try FileAccess.writeAtomically(Array((lines.joined(separator: "\n") + "\n").utf8), to: url)
        return url.path
    }
}
