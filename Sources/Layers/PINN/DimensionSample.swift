import Autograd
import Tensor

/// A random set of k input dimensions out of D, for the stochastic dimension gradient descent of PINNs (SDGD;
/// Hu, Shukla, Karniadakis, Kawaguchi, 2024): the Laplacian Δu = Σᵢ ∂²u/∂xᵢ² is replaced by
///
///     Δ̂u = (D/k)·Σ_{i∈I} ∂²u/∂xᵢ²,   I ⊂ {0, …, D−1} uniform without replacement, |I| = k,
///
/// which is unbiased (each i lies in I with probability k/D), so a residual loss built from it has, step by step,
/// the full residual's expectation inside the square's linear part. Only the k second derivatives are computed
/// (`ForwardLaplacian.derivativesWithHessianDiagonal(of:at:dimensions:)` or
/// `InputDerivatives.hessianDiagonal(of:at:dimensions:)`), so the cost of a step grows with k, not with D.
public struct DimensionSample: Sendable, Equatable {
    /// D, the number of input dimensions.
    public let dimension: Int
    /// The k sampled dimensions, distinct, in the order drawn.
    public let indices: [Int]

    /// k dimensions of `0..<dimension` drawn uniformly without replacement (a partial Fisher–Yates shuffle).
    public init(dimension: Int, count: Int, using generator: inout RandomGenerator) {
        precondition(
            dimension >= 1 && (1...dimension).contains(count),
            "DimensionSample: cannot draw \(count) of \(dimension) dimensions")
        var pool = Array(0..<dimension)
        for j in 0..<count {
            let pick = j + Int(generator.nextInteger(below: UInt64(dimension - j)))
            pool.swapAt(j, pick)
        }
        self.init(dimension: dimension, indices: Array(pool[0..<count]))
    }

    /// A given set of distinct dimensions (all D of them give the exact Laplacian).
    public init(dimension: Int, indices: [Int]) {
        precondition(
            !indices.isEmpty && indices.allSatisfy { (0..<dimension).contains($0) }
                && Set(indices).count == indices.count,
            "DimensionSample: indices \(indices) must be distinct dimensions in 0..<\(dimension)")
        self.dimension = dimension
        self.indices = indices
    }

    /// D/k, the weight that makes the sum over the sample unbiased.
    public var scale: Double { Double(dimension) / Double(indices.count) }

    /// Δ̂u = (D/k)·Σⱼ hessianDiagonal[:, j, …] from the second derivatives along the sampled dimensions,
    /// `[N, k, …]` → `[N, …]`.
    public func laplacianEstimate(from hessianDiagonal: Variable) -> Variable {
        precondition(
            hessianDiagonal.rank >= 2 && hessianDiagonal.shape[1] == indices.count,
            "DimensionSample.laplacianEstimate: second derivatives \(hessianDiagonal.shape) for \(indices.count) sampled dimensions"
        )
        return hessianDiagonal.sum(axes: [1]) * scale
    }
}
