import Foundation
import Tensor

/// Chebyshev interpolation on [−1, 1] at the n Chebyshev–Gauss points xⱼ = cos(π(j + ½)/n): the interpolant of degree
/// n − 1 is p = Σ_k c_k T_k with c = D·f(x), D[k, j] = (2 − δ_{k0})/n · cos(πk(j + ½)/n) (a DCT-II), exact for
/// polynomials of degree < n. In d dimensions the coefficients of the tensor-product interpolant are the values on
/// the node grid times D along every mode (`Tensor.modeProduct`).
public struct ChebyshevBasis: Sendable {
    /// n, the number of nodes (degree n − 1).
    public let count: Int

    public init(count: Int) {
        precondition(count >= 1, "ChebyshevBasis: count must be ≥ 1, got \(count)")
        self.count = count
    }

    /// x₀ > x₁ > … > x_{n−1}.
    public var nodes: [Double] { (0..<count).map { cos(Double.pi * (Double($0) + 0.5) / Double(count)) } }

    /// D [n, n], values at the nodes → coefficients.
    public var coefficientMatrix: Tensor {
        let n = Double(count)
        var entries: [Double] = []
        for k in 0..<count {
            for j in 0..<count {
                entries.append((k == 0 ? 1 : 2) / n * cos(Double.pi * Double(k) * (Double(j) + 0.5) / n))
            }
        }
        return Tensor(entries, shape: [count, count], dtype: .float64)
    }

    /// T₀(x) … T_{n−1}(x), by T_{k+1} = 2x·T_k − T_{k−1}.
    public func values(at x: Double) -> [Double] {
        var result = [Double](repeating: 0, count: count)
        result[0] = 1
        if count > 1 { result[1] = x }
        if count > 2 { for k in 2..<count { result[k] = 2 * x * result[k - 1] - result[k - 2] } }
        return result
    }

    /// The coefficients [n, n, n] of the tensor-product interpolant of `values` [n, n, n] given on the node grid
    /// (values[i, j, k] = f(xᵢ, xⱼ, x_k)).
    public func coefficients3D(_ values: Tensor) -> Tensor {
        precondition(
            values.shape == [count, count, count], "coefficients3D: values \(values.shape) for \(count) nodes per axis")
        let d = coefficientMatrix
        return values.modeProduct(d, mode: 0).modeProduct(d, mode: 1).modeProduct(d, mode: 2)
    }
}
