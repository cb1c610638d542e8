import Foundation
import Tensor

/// The measures of the HiPPO framework (Gu et al., 2020) whose state matrices SciGrad builds, with the
/// normalization of S4's code.
public enum HiPPOMeasure: Sendable, CaseIterable {
    /// Scaled Legendre (LegS), S4's matrix: A_nk = −√(2n+1)·√(2k+1) below the diagonal, −(n+1) on it, 0 above;
    /// B_n = √(2n+1). Low-rank factor P_n = √(n + ½) (rank 1), so A_N = −½I + S with S skew-symmetric.
    case legendreScaled
    /// Translated Legendre (LegT), halved for timescale as in S4: A_nk = −½√(2n+1)·√(2k+1) for n ≥ k and
    /// −½√(2n+1)·√(2k+1)·(−1)^(n−k) for n < k; B_n = ½√(2n+1). Low-rank factor of rank 2 (odd and even indices of
    /// √(n + ½)); A_N is skew-symmetric.
    case legendreTranslated
    /// Translated Fourier (FouT): states `[1, ·, cos 1, sin 1, cos 2, sin 2, …]` (state 1 is the unused sine of
    /// frequency 0); A = π·Σ_k k·(E_{2k+1,2k} − E_{2k,2k+1}) − B·Bᵀ, B_0 = 1, B_{2k} = √2, odd entries 0. Low-rank
    /// factor P = B (rank 1); A_N is skew-symmetric.
    case fourierTranslated
}

/// A HiPPO system x′ = A·x + B·u in float64, with its normal-plus-low-rank (NPLR) form A = A_N − Pᵀ·P.
///
/// `normalPart` A_N is normal (a multiple of the identity plus a skew-symmetric matrix), so it has a unitary
/// eigendecomposition (`diagonalizedNormalPart()`); A itself is non-normal and, for LegS, has exponentially
/// ill-conditioned eigenvectors (the reason for S4's DPLR form, S4D's diagonal approximation and S4-PTD).
///
/// ```swift
/// let hippo = HiPPO(.legendreScaled, stateSize: 64)
/// hippo.stateMatrix          // A [64, 64]
/// hippo.inputVector          // B [64]
/// hippo.lowRankFactor        // P [1, 64]
/// ```
public struct HiPPO: Sendable {
    /// The measure.
    public let measure: HiPPOMeasure
    /// A `[N, N]`.
    public let stateMatrix: Tensor
    /// B `[N]`.
    public let inputVector: Tensor
    /// P `[r, N]`: A = A_N − PᵀP.
    public let lowRankFactor: Tensor
    /// A_N = A + PᵀP `[N, N]`.
    public let normalPart: Tensor

    /// The HiPPO matrices of `measure` with `stateSize` states.
    public init(_ measure: HiPPOMeasure, stateSize n: Int) {
        precondition(n >= 1, "HiPPO: state size must be positive, got \(n)")
        self.measure = measure
        var a = [Double](repeating: 0, count: n * n)
        var b = [Double](repeating: 0, count: n)
        var factors: [[Double]]
        let root = (0..<n).map { (2 * Double($0) + 1).squareRoot() }
        switch measure {
        case .legendreScaled:
            for row in 0..<n {
                b[row] = root[row]
                for column in 0...row {
                    a[row * n + column] = row == column ? -Double(row + 1) : -root[row] * root[column]
                }
            }
            factors = [(0..<n).map { (Double($0) + 0.5).squareRoot() }]
        case .legendreTranslated:
            for row in 0..<n {
                b[row] = 0.5 * root[row]
                for column in 0..<n {
                    let sign = row >= column || (row - column) % 2 == 0 ? 1.0 : -1.0
                    a[row * n + column] = -0.5 * root[row] * root[column] * sign
                }
            }
            let scaled = root.map { $0 / 2.squareRoot() }
            factors = [
                scaled.enumerated().map { $0.offset % 2 == 1 ? $0.element : 0 },
                scaled.enumerated().map { $0.offset % 2 == 0 ? $0.element : 0 },
            ]
        case .fourierTranslated:
            for row in stride(from: 0, to: n, by: 2) { b[row] = row == 0 ? 1 : 2.squareRoot() }
            for k in stride(from: 2, to: n - 1, by: 2) {
                let frequency = Double.pi * Double(k / 2)
                a[k * n + k + 1] = -frequency
                a[(k + 1) * n + k] = frequency
            }
            for row in 0..<n { for column in 0..<n { a[row * n + column] -= b[row] * b[column] } }
            factors = [b]
        }
        let p = Tensor(factors.flatMap { $0 }, shape: [factors.count, n])
        stateMatrix = Tensor(a, shape: [n, n])
        inputVector = Tensor(b, shape: [n])
        lowRankFactor = p
        normalPart = stateMatrix + p.transposed().matmul(p)
    }

    /// N, the number of states.
    public var stateSize: Int { inputVector.shape[0] }
}
