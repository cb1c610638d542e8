/// Triangular parts of (batches of) matrices.
extension Tensor {
    /// The `rows × columns` bool mask of a triangle: `true` where `j - i <= offset` (lower) or `j - i >= offset`
    /// (`upper: true`).
    ///
    /// Offset 0 includes the main diagonal, positive offsets move the boundary above it, negative below:
    /// the causal attention mask is `triangularMask(rows: n)`, its strict upper part `triangularMask(rows: n,
    /// offset: 1, upper: true)`.
    public static func triangularMask(rows: Int, columns: Int? = nil, offset: Int = 0, upper: Bool = false) -> Tensor {
        let columns = columns ?? rows
        precondition(rows >= 0 && columns >= 0, "triangularMask: negative size [\(rows), \(columns)]")
        var mask = [Bool](repeating: false, count: rows * columns)
        for i in 0..<rows {
            for j in 0..<columns {
                mask[i * columns + j] = upper ? j - i >= offset : j - i <= offset
            }
        }
        return Tensor(mask, shape: [rows, columns])
    }

    /// The lower triangle of the matrices in the last two axes, zeros above it (torch.tril), for any batch shape.
    ///
    /// `result[…, i, j] = self[…, i, j]` where `j - i <= offset`, else 0 (`false` for bool tensors).
    public func lowerTriangle(offset: Int = 0) -> Tensor { triangle(offset: offset, upper: false, op: "lowerTriangle") }

    /// The upper triangle of the matrices in the last two axes, zeros below it (torch.triu), for any batch shape.
    ///
    /// `result[…, i, j] = self[…, i, j]` where `j - i >= offset`, else 0 (`false` for bool tensors).
    public func upperTriangle(offset: Int = 0) -> Tensor { triangle(offset: offset, upper: true, op: "upperTriangle") }

    private func triangle(offset: Int, upper: Bool, op: String) -> Tensor {
        precondition(rank >= 2, "\(op): needs a matrix or a batch of them, got shape \(shape)")
        let mask = Tensor.triangularMask(rows: shape[rank - 2], columns: shape[rank - 1], offset: offset, upper: upper)
        return Tensor.where(mask, self, Tensor.zeros([], dtype: dtype))
    }
}
