import Tensor

/// A projection determinantal point process on a finite candidate set: m points drawn with probability
/// P(S) = det(V_S·V_Sᵀ), V [N, m] with orthonormal columns (the kernel K = V·Vᵀ is a rank-m projection). For the
/// candidates' features Φ [N, m], V is Φ's reduced QR factor Q, so P(S) ∝ det(Φ_S)²: volume sampling.
///
/// Sampling is the chain rule of Hough, Krishnapur, Peres and Virág: the s-th point is drawn with probability
/// ‖Vᵢ‖² − Σ_{t<s}(Vᵢ·e_t)² over (m − s + 1), with e₁ … e_{s−1} the Gram–Schmidt orthonormalization of the rows
/// already drawn; O(N·m) per point, O(N·m²) per sample.
public struct ProjectionDPP: Sendable {
    /// V [N, m], row-major.
    public let orthonormalFeatures: [Double]
    public let candidateCount: Int
    public let rank: Int

    /// The DPP whose kernel projects onto the span of the columns of `features` [N, m] (row-major, rank m).
    public init(features: [Double], candidateCount: Int, rank: Int) {
        precondition(
            features.count == candidateCount * rank && candidateCount >= rank,
            "ProjectionDPP: features \(features.count) for \(candidateCount) candidates × rank \(rank)")
        let q = Linalg.qr(Tensor(features, shape: [candidateCount, rank], dtype: .float64)).q
        orthonormalFeatures = q.contiguous().toDoubles()
        self.candidateCount = candidateCount
        self.rank = rank
    }

    /// m distinct candidate indices, in the order drawn.
    public func sample(using generator: inout RandomGenerator) -> [Int] {
        let n = candidateCount
        let m = rank
        let v = orthonormalFeatures
        var remaining = (0..<n).map { i in (0..<m).reduce(0.0) { $0 + v[i * m + $1] * v[i * m + $1] } }
        var basis: [[Double]] = []
        var chosen: [Int] = []
        for _ in 0..<m {
            let total = remaining.reduce(0) { $0 + max($1, 0) }
            var target = generator.nextDouble() * total
            var index = n - 1
            for i in 0..<n {
                target -= max(remaining[i], 0)
                if target < 0 {
                    index = i
                    break
                }
            }
            chosen.append(index)
            var direction = Array(v[(index * m)..<(index * m + m)])
            for e in basis {
                let projection = zip(direction, e).reduce(0) { $0 + $1.0 * $1.1 }
                for k in 0..<m { direction[k] -= projection * e[k] }
            }
            let norm = direction.reduce(0) { $0 + $1 * $1 }.squareRoot()
            for k in 0..<m { direction[k] /= norm }
            basis.append(direction)
            v.withUnsafeBufferPointer { rows in
                for i in 0..<n {
                    var projection = 0.0
                    for k in 0..<m { projection += rows[i * m + k] * direction[k] }
                    remaining[i] -= projection * projection
                }
            }
            remaining[index] = 0
        }
        return chosen
    }
}
