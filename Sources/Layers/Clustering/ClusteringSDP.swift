import Foundation
import Tensor

/// The semidefinite relaxation of clustering over group membership matrices, solved by ADMM with the PSD-cone
/// projection by eigh:
///
///     minimize Σ_k ⟨W_k, Z_k⟩  subject to  Σ_k Z_k·1 = 1,  tr Z_k = t_k,  Z_k ⪰ 0,  Z_k ≥ 0 (entrywise),
///
/// over symmetric Z_1 … Z_G [n, n]. With one group, W = −X·Xᵀ and t = K it is Peng and Wei's SDP relaxation of
/// K-means (2007), whose solution for a partition into clusters C is Σ_C 1_C·1_Cᵀ/|C|. With G groups and t_k = 1 it is
/// the relaxation of a labelling in which Z_k = 1_{C_k}·1_{C_k}ᵀ/|C_k| (iLA-SDP: Zhuang, Chen and Yang, 2022).
///
/// The solver is consensus ADMM (Boyd et al., 2011, §7.1) over three copies of the tuple (Z_k): X₁ in the affine set
/// with the linear cost, X₂ in the PSD cone, X₃ in the nonnegative orthant, each updated by its proximal step — an
/// affine projection in closed form, eigh with the negative eigenvalues zeroed, a clamp — then the consensus Z the
/// mean of Xᵢ + Uᵢ and the scaled duals Uᵢ += Xᵢ − Z. The costs are scaled to max |W| = 1 (the minimizers do not
/// change), the penalty ρ starts at n and is doubled or halved every 10 iterations when one relative residual exceeds
/// the other tenfold (residual balancing, Boyd et al. §3.4.1). The iteration stops when the relative primal residual
/// (Σᵢ‖Xᵢ − Z‖²)^½/‖Z‖ and the relative dual residual ρ(3‖Z − Z_prev‖²)^½/‖ρU‖ are both below the tolerance.
public struct ClusteringSDP: Sendable {
    /// The costs W_k, row-major [n·n] each, symmetrized.
    public let costs: [[Double]]
    /// The traces t_k.
    public let traces: [Double]
    /// n.
    public let size: Int

    /// - Parameters: costs: W_k [n, n] (their symmetric parts are used); traces: t_k > 0, one per cost, with
    ///   Σ t_k ≤ n (the feasible set is empty otherwise).
    public init(costs: [Tensor], traces: [Double]) {
        precondition(
            !costs.isEmpty && costs.count == traces.count && traces.allSatisfy { $0 > 0 },
            "ClusteringSDP: \(costs.count) costs and \(traces.count) positive traces")
        let n = costs[0].shape.last ?? 0
        precondition(
            costs.allSatisfy { $0.shape == [n, n] } && n >= 2,
            "ClusteringSDP: costs must be square [n, n] alike, got \(costs.map(\.shape))")
        precondition(
            traces.reduce(0, +) <= Double(n) + 1e-12, "ClusteringSDP: Σ traces \(traces.reduce(0, +)) exceeds n = \(n)")
        self.costs = costs.map { w in
            let w = w.cast(to: .float64)
            return ((w + w.transposed()) * 0.5).contiguous().toDoubles()
        }
        self.traces = traces
        size = n
    }

    /// Peng and Wei's K-means relaxation for `points` [n, d]: W = −X·Xᵀ, one group of trace K.
    public static func kMeans(points: Tensor, clusters: Int) -> ClusteringSDP {
        precondition(
            points.rank == 2 && clusters >= 1 && clusters <= points.shape[0],
            "ClusteringSDP.kMeans: points \(points.shape) into \(clusters) clusters")
        let x = points.cast(to: .float64)
        return ClusteringSDP(costs: [x.matmul(x.transposed()) * -1], traces: [Double(clusters)])
    }

    /// An ADMM solution.
    public struct Solution: Sendable {
        /// The PSD copy of each Z_k, [n, n] float64: exactly PSD, feasible to the residuals.
        public let memberships: [Tensor]
        /// Σ_k ⟨W_k, Z_k⟩ at `memberships`.
        public let objective: Double
        public let iterations: Int
        public let primalResidual: Double
        public let dualResidual: Double
        public let converged: Bool

        /// The group of each point: argmax_k (Z_k·1)ᵢ (the rows of Σ_k Z_k sum to 1, so these are soft assignments).
        public func groupLabels() -> [Int] {
            let sums = memberships.map { $0.sum(axis: 1).toDoubles() }
            return (0..<sums[0].count).map { i in (0..<sums.count).max { sums[$0][i] < sums[$1][i] }! }
        }

        /// The usual rounding of a one-group (K-means) solution: k-means on the rows of the top-K eigenvectors of Z.
        public func spectralLabels(clusters: Int, restarts: Int = 10, using generator: inout RandomGenerator) throws
            -> [Int]
        {
            precondition(
                memberships.count == 1, "spectralLabels: rounds one membership matrix, got \(memberships.count)")
            let vectors = try Linalg.eigh(memberships[0]).eigenvectors
            let n = vectors.shape[0]
            let top = vectors.narrowed(axis: 1, start: n - clusters, length: clusters)
            return KMeans.fit(top, clusters: clusters, restarts: restarts, using: &generator).labels
        }
    }

    /// The largest violation of the constraints by `memberships`: max over |Σ_k Z_k·1 − 1|, |tr Z_k − t_k|, the
    /// negative part of the entries and of the eigenvalues.
    public func constraintViolation(_ memberships: [Tensor]) throws -> Double {
        precondition(memberships.count == costs.count, "constraintViolation: \(memberships.count) matrices")
        var rowSums = [Double](repeating: -1, count: size)
        var violation = 0.0
        for (k, z) in memberships.enumerated() {
            for (i, value) in z.sum(axis: 1).toDoubles().enumerated() { rowSums[i] += value }
            violation = max(violation, abs(z.diagonal().sum().item() - traces[k]))
            violation = max(violation, -z.min().item())
            violation = max(violation, -(try Linalg.eigh(z).eigenvalues.min().item()))
        }
        return max(violation, rowSums.map(abs).max()!)
    }

    /// Runs ADMM from Z_k = (t_k/n)·I projected on the affine set.
    /// - Throws: `LinearAlgebraError.notConverged` if an eigendecomposition fails.
    public func solve(maxIterations: Int = 300, tolerance: Double = 1e-4) throws -> Solution {
        let n = size
        let groups = costs.count
        let scale = costs.map { $0.map(abs).max()! }.max()!
        let scaledCosts = costs.map { $0.map { $0 / (scale > 0 ? scale : 1) } }
        var penalty = Double(n)
        var consensus = affineProjection(traces.map { t in identity(n).map { $0 * t / Double(n) } })
        let zero = [[Double]](repeating: [Double](repeating: 0, count: n * n), count: groups)
        var duals = [zero, zero, zero]
        var copies = [zero, zero, zero]
        var primal = Double.infinity
        var dual = Double.infinity
        var iterations = 0
        while iterations < maxIterations {
            iterations += 1
            copies[0] = affineProjection(
                (0..<groups).map { k in
                    (0..<(n * n)).map { consensus[k][$0] - duals[0][k][$0] - scaledCosts[k][$0] / penalty }
                })
            copies[1] = try (0..<groups).map { k in
                try psdProjection(zip(consensus[k], duals[1][k]).map { $0 - $1 })
            }
            copies[2] = (0..<groups).map { k in zip(consensus[k], duals[2][k]).map { max($0 - $1, 0) } }
            let previous = consensus
            for k in 0..<groups {
                for i in 0..<(n * n) {
                    var total = 0.0
                    for b in 0..<3 { total += copies[b][k][i] + duals[b][k][i] }
                    consensus[k][i] = total / 3
                }
            }
            var primalSquares = 0.0
            var dualSquares = 0.0
            for b in 0..<3 {
                for k in 0..<groups {
                    for i in 0..<(n * n) {
                        let gap = copies[b][k][i] - consensus[k][i]
                        duals[b][k][i] += gap
                        primalSquares += gap * gap
                        dualSquares += duals[b][k][i] * duals[b][k][i]
                    }
                }
            }
            let consensusNorm = squaredNorm(consensus).squareRoot()
            let change = zip(consensus, previous).reduce(0.0) { total, pair in
                total + zip(pair.0, pair.1).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
            }
            primal = primalSquares.squareRoot() / max(consensusNorm, .leastNormalMagnitude)
            dual = (3 * change).squareRoot() / max(dualSquares.squareRoot(), .leastNormalMagnitude)
            if primal < tolerance && dual < tolerance { break }
            if iterations % 10 == 0 && (primal > 10 * dual || dual > 10 * primal) {
                let factor = primal > dual ? 2.0 : 0.5
                penalty *= factor
                duals = duals.map { $0.map { $0.map { $0 / factor } } }
            }
        }
        let memberships = copies[1].map { Tensor($0, shape: [n, n], dtype: .float64) }
        let objective = (0..<groups).reduce(0.0) { total, k in
            total + zip(costs[k], copies[1][k]).reduce(0.0) { $0 + $1.0 * $1.1 }
        }
        return Solution(
            memberships: memberships, objective: objective, iterations: iterations, primalResidual: primal,
            dualResidual: dual, converged: primal < tolerance && dual < tolerance)
    }

    /// The Euclidean projection of symmetric (V_k) onto {Σ_k Z_k·1 = 1, tr Z_k = t_k}: Z_k = V_k + ½(λ1ᵀ + 1λᵀ) + μ_k·I,
    /// the multipliers solving the constraints. With s = 1ᵀλ, r = 1 − Σ_k V_k·1 and G groups:
    /// s = (1ᵀr − Σt_k + Σ tr V_k)/(G(n − 1)), μ_k = (t_k − tr V_k − s)/n, λ = 2(r − (Gs/2 + Σμ_k)·1)/(Gn).
    func affineProjection(_ matrices: [[Double]]) -> [[Double]] {
        let n = size
        let groups = Double(matrices.count)
        var residual = [Double](repeating: 1, count: n)
        var traceTotal = 0.0
        var traceOf: [Double] = []
        for v in matrices {
            var trace = 0.0
            for i in 0..<n {
                var rowSum = 0.0
                for j in 0..<n { rowSum += 0.5 * (v[i * n + j] + v[j * n + i]) }
                residual[i] -= rowSum
                trace += v[i * n + i]
            }
            traceOf.append(trace)
            traceTotal += trace
        }
        let s =
            (residual.reduce(0, +) - traces.reduce(0, +) + traceTotal) / (groups * Double(n - 1))
        let shifts = (0..<matrices.count).map { (traces[$0] - traceOf[$0] - s) / Double(n) }
        let shiftTotal = shifts.reduce(0, +)
        let lambda = residual.map { 2 * ($0 - (groups * s / 2 + shiftTotal)) / (groups * Double(n)) }
        return matrices.enumerated().map { k, v in
            var z = [Double](repeating: 0, count: n * n)
            for i in 0..<n {
                for j in 0..<n { z[i * n + j] = 0.5 * (v[i * n + j] + v[j * n + i]) + 0.5 * (lambda[i] + lambda[j]) }
                z[i * n + i] += shifts[k]
            }
            return z
        }
    }

    /// The nearest PSD matrix to symmetric `v` [n·n]: V·max(Λ, 0)·Vᵀ.
    func psdProjection(_ v: [Double]) throws -> [Double] {
        let (values, vectors) = try Linalg.eigh(Tensor(v, shape: [size, size], dtype: .float64))
        return (vectors * values.relu()).matmul(vectors.transposed()).contiguous().toDoubles()
    }

    private func identity(_ n: Int) -> [Double] {
        (0..<(n * n)).map { $0 / n == $0 % n ? 1 : 0 }
    }

    private func squaredNorm(_ matrices: [[Double]]) -> Double {
        matrices.reduce(0.0) { total, m in total + m.reduce(0.0) { $0 + $1 * $1 } }
    }
}
