import Tensor

/// A sparse matrix in compressed sparse row form (Float64), for reservoirs with a few connections per unit: a product
/// costs one multiply–add per stored entry instead of M·N.
public struct SparseMatrix: Sendable {
    public let rows: Int
    public let columns: Int
    /// Row r's entries are `values[rowStarts[r]..<rowStarts[r + 1]]` in columns `columnIndices[…]`.
    public let rowStarts: [Int]
    public let columnIndices: [Int]
    public let values: [Double]

    /// The matrix with the given entries, (row, column, value) in any order; repeated positions add up.
    public init(rows: Int, columns: Int, entries: [(row: Int, column: Int, value: Double)]) {
        precondition(rows >= 1 && columns >= 1, "SparseMatrix: shape [\(rows), \(columns)] must be positive")
        for entry in entries {
            precondition(
                (0..<rows).contains(entry.row) && (0..<columns).contains(entry.column),
                "SparseMatrix: entry (\(entry.row), \(entry.column)) outside [\(rows), \(columns)]")
        }
        let sorted = entries.sorted { ($0.row, $0.column) < ($1.row, $1.column) }
        var starts = [Int](repeating: 0, count: rows + 1)
        for entry in sorted { starts[entry.row + 1] += 1 }
        for r in 0..<rows { starts[r + 1] += starts[r] }
        self.rows = rows
        self.columns = columns
        rowStarts = starts
        columnIndices = sorted.map(\.column)
        values = sorted.map(\.value)
    }

    private init(rows: Int, columns: Int, rowStarts: [Int], columnIndices: [Int], values: [Double]) {
        (self.rows, self.columns, self.rowStarts, self.columnIndices, self.values) =
            (rows, columns, rowStarts, columnIndices, values)
    }

    /// The same pattern with every value multiplied by `factor`.
    public func scaled(by factor: Double) -> SparseMatrix {
        SparseMatrix(
            rows: rows, columns: columns, rowStarts: rowStarts, columnIndices: columnIndices,
            values: values.map { $0 * factor })
    }

    /// The dense matrix `[rows, columns]`, Float64.
    public func dense() -> Tensor {
        var elements = [Double](repeating: 0, count: rows * columns)
        for r in 0..<rows {
            for e in rowStarts[r]..<rowStarts[r + 1] { elements[r * columns + columnIndices[e]] += values[e] }
        }
        return Tensor(elements, shape: [rows, columns], dtype: .float64)
    }

    /// x·Wᵀ for row vectors x `[B, columns]` (Float64): `[B, rows]`, row b being W·x_b.
    public func rightMultiplied(_ x: Tensor) -> Tensor {
        precondition(
            x.rank == 2 && x.shape[1] == columns && x.dtype == .float64,
            "SparseMatrix.rightMultiplied: x must be Float64 [B, \(columns)], got \(x.dtype) \(x.shape)")
        let batch = x.shape[0]
        var result = Tensor.zeros([batch, rows], dtype: .float64)
        x.withContiguousElements(as: Double.self) { input in
            result.withMutableElements(as: Double.self) { output in
                for b in 0..<batch {
                    let (inputRow, outputRow) = (b * columns, b * rows)
                    for r in 0..<rows {
                        var sum = 0.0
                        for e in rowStarts[r]..<rowStarts[r + 1] {
                            sum += values[e] * input[inputRow + columnIndices[e]]
                        }
                        output[outputRow + r] = sum
                    }
                }
            }
        }
        return result
    }
}
