import Autograd
import Tensor

/// An m×n matrix whose entries are drawn from m + n − 1 coefficients c (a displacement structure):
///
///     Toeplitz  T_ij = c_{i − j + n − 1}   (constant along each diagonal; c_0 is the bottom-left corner)
///     Hankel    H_ij = c_{i + j}           (constant along each anti-diagonal; c_0 is the top-left corner)
///
/// H = T·J with J the n×n reversal, so H·x = T·(J·x): one Toeplitz product serves both. A product costs O(mn) by
/// gathering the dense matrix and O((m + n) log(m + n)) by FFT convolution; both are differentiable to every order in
/// x and in c (a gather pulls back by a scatter-add, the FFT by FFTs).
public enum StructuredMatrix: String, Sendable, CaseIterable {
    case toeplitz
    case hankel

    /// How a product with the matrix is computed.
    public enum ProductMethod: String, Sendable, CaseIterable {
        /// Gather the dense m×n matrix from c, then a matrix product (BLAS).
        case gather
        /// The linear convolution of c with x by zero-padded real FFTs.
        case fft
    }

    /// The number of coefficients of an m×n matrix, m + n − 1.
    public static func coefficientCount(rows: Int, columns: Int) -> Int { rows + columns - 1 }

    /// The index into c of entry (i, j) of a matrix with `columns` columns.
    public func coefficientIndex(row i: Int, column j: Int, columns n: Int) -> Int {
        switch self {
        case .toeplitz: i - j + n - 1
        case .hankel: i + j
        }
    }

    /// The dense matrix `[m, n]` gathered from c `[m + n − 1]`.
    public func dense(_ coefficients: Variable, rows m: Int, columns n: Int) -> Variable {
        checkCoefficients(coefficients, rows: m, columns: n, op: "dense")
        var indices: [Int64] = []
        indices.reserveCapacity(m * n)
        for i in 0..<m {
            for j in 0..<n { indices.append(Int64(coefficientIndex(row: i, column: j, columns: n))) }
        }
        return coefficients.indexSelected(axis: 0, indices: Tensor(indices, shape: [m * n])).reshaped([m, n])
    }

    /// y = A·x on the last axis: x `[…, n]` → y `[…, m]`, with A the m×n matrix of c `[m + n − 1]`.
    ///
    /// By FFT: for the Toeplitz matrix, y_i = Σ_j c_{i−j+n−1}·x_j = (c ∗ x)_{i+n−1}; the circular convolution of
    /// length P ≥ m + n − 1 (the power of two at or above) equals the linear one at those indices, because
    /// i + n − 1 − j stays in [0, m + n − 2] for every j (no index wraps around).
    public func apply(_ x: Variable, coefficients: Variable, rows m: Int, method: ProductMethod) -> Variable {
        let n = x.shape.last ?? 0
        precondition(
            x.rank >= 1 && n >= 1 && x.dtype == coefficients.dtype,
            "StructuredMatrix.apply (\(rawValue)): input \(x.dtype) \(x.shape) must have a last axis and the dtype of "
                + "the coefficients \(coefficients.dtype) \(coefficients.shape)")
        checkCoefficients(coefficients, rows: m, columns: n, op: "apply")
        switch method {
        case .gather:
            return x.matmul(dense(coefficients, rows: m, columns: n).transposed())
        case .fft:
            let input = self == .hankel ? x.flipped(axes: [x.rank - 1]) : x
            var size = 1
            while size < m + n - 1 { size *= 2 }
            let spectrum = FFT.rfft(input, axis: -1, length: size) * FFT.rfft(coefficients, axis: -1, length: size)
            return FFT.irfft(spectrum, axis: -1, length: size).narrowed(axis: -1, start: n - 1, length: m)
        }
    }

    private func checkCoefficients(_ coefficients: Variable, rows m: Int, columns n: Int, op: String) {
        precondition(
            m >= 1 && n >= 1 && coefficients.shape == [m + n - 1],
            "StructuredMatrix.\(op) (\(rawValue)): a \(m)×\(n) matrix needs coefficients [\(m + n - 1)], got "
                + "\(coefficients.shape)")
    }
}
