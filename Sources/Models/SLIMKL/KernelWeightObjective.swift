import Foundation
import Layers
import Tensor

/// The SLIM-KL objective of the sub-kernel weights of a linear multiple kernel on one data set (one agent's, or all
/// of it): ℓ(α) = yᵀC(α)⁻¹y + log det C(α), C(α) = Σ_m α_m·K_m + σ²I (−2 log p(y) up to N log 2π, as in the authors'
/// `compute_obj_val.m`), with the sub-kernel Gram matrices K_m `[M, N, N]` fixed and the noise variance σ² known.
///
/// ℓ is a difference of convex functions of α ≥ 0: yᵀC⁻¹y is convex (a matrix-fractional function), log det C is
/// concave. Successive convex approximation (SCA) linearizes the concave part at α_k, g_m = ∂log det C/∂α_m =
/// tr(C_k⁻¹K_m), and minimizes the convex surrogate yᵀC(α)⁻¹y + gᵀα (+ (ρ/2)‖α − v‖² for an ADMM proximal step)
/// over α ≥ 0 — the authors solve it as a conic program in MOSEK; here by damped projected Newton steps whose
/// nonnegative quadratic subproblems are solved by coordinate descent (exact zeros). With β = C⁻¹y and P_m = K_mβ:
/// ∂(yᵀC⁻¹y)/∂α_m = −βᵀK_mβ and ∂²(yᵀC⁻¹y)/∂α_m∂α_l = 2·P_mᵀC⁻¹P_l.
struct KernelWeightObjective {
    /// K_m `[M, N, N]`.
    let basis: Tensor
    /// y `[N, 1]`.
    let targets: Tensor
    let noiseVariance: Double

    /// The Cholesky factor of C(α) and what follows from it.
    struct Factorization {
        let weights: [Double]
        /// L `[N, N]`.
        let factor: Tensor
        /// β = C⁻¹y `[N, 1]`.
        let solution: Tensor
        /// yᵀC⁻¹y.
        let quadratic: Double
        /// log det C.
        let logDeterminant: Double
        var value: Double { quadratic + logDeterminant }
    }

    init(basis: Tensor, targets: Tensor, noiseVariance: Double) {
        precondition(
            basis.rank == 3 && basis.shape[1] == basis.shape[2] && targets.shape == [basis.shape[1]],
            "KernelWeightObjective: basis must be [M, N, N] and targets [N], got \(basis.shape), \(targets.shape)")
        self.basis = basis.contiguous()
        self.targets = targets.reshaped([-1, 1])
        self.noiseVariance = noiseVariance
    }

    var componentCount: Int { basis.shape[0] }
    var count: Int { basis.shape[1] }

    /// Σ_m α_m·K_m `[N, N]` for the sub-kernel matrices `[M, N, K]` of any pair of point sets.
    static func combine(_ weights: [Double], _ matrices: Tensor) -> Tensor {
        let (m, rows, columns) = (matrices.shape[0], matrices.shape[1], matrices.shape[2])
        let alpha = Tensor(weights, shape: [1, m], dtype: .float64)
        return alpha.matmul(matrices.reshaped([m, rows * columns])).reshaped([rows, columns])
    }

    func factorize(_ weights: [Double]) throws -> Factorization {
        let covariance = Self.combine(weights, basis) + Tensor.eye(count, dtype: .float64) * noiseVariance
        let factor = try Linalg.cholesky(covariance)
        let solution = Linalg.choleskySolve(factor, targets)
        let quadratic = (targets * solution).sum().item()
        let logDeterminant = 2 * factor.diagonal().log().sum().item()
        return Factorization(
            weights: weights, factor: factor, solution: solution, quadratic: quadratic, logDeterminant: logDeterminant)
    }

    /// g_m = tr(C⁻¹K_m) `[M]`, the gradient of log det C.
    func logDeterminantGradient(_ point: Factorization) -> [Double] {
        let inverse = Linalg.choleskySolve(point.factor, Tensor.eye(count, dtype: .float64))
        return basis.reshaped([componentCount, count * count]).matmul(inverse.reshaped([count * count, 1])).toDoubles()
    }

    /// The gradient −βᵀK_mβ `[M]` and Hessian 2·P_mᵀC⁻¹P_l (`[M, M]` row-major) of yᵀC⁻¹y.
    func quadraticDerivatives(_ point: Factorization) throws -> (gradient: [Double], hessian: [Double]) {
        let m = componentCount
        let products = basis.reshaped([m * count, count]).matmul(point.solution).reshaped([m, count])  // P [M, N]
        let gradient = (-products.matmul(point.solution)).toDoubles()
        let whitened = try Linalg.solveTriangular(point.factor, products.transposed(0, 1), upper: false)  // [N, M]
        let hessian = (whitened.transposed(0, 1).matmul(whitened) * 2).toDoubles()
        return (gradient, hessian)
    }

    /// SCA from `start`: `outerIterations` linearizations of log det C, each followed by `newtonSteps` damped projected
    /// Newton steps on the convex surrogate (+ (ρ/2)‖α − v‖² when `proximal` = (v, ρ)); a step is kept only when it
    /// lowers the surrogate, so ℓ (+ the proximal term) never increases.
    func minimize(
        from start: [Double], proximal: (anchor: [Double], penalty: Double)? = nil, outerIterations: Int,
        newtonSteps: Int
    ) throws -> [Double] {
        let m = componentCount
        let penalty = proximal?.penalty ?? 0
        let anchor = proximal?.anchor ?? [Double](repeating: 0, count: m)
        var current = try factorize(start.map { max($0, 0) })
        var damping = 1e-4
        for _ in 0..<outerIterations {
            let linearization = logDeterminantGradient(current)
            func surrogate(_ point: Factorization) -> Double {
                var total = point.quadratic
                for i in 0..<m {
                    let offset = point.weights[i] - anchor[i]
                    total += linearization[i] * point.weights[i] + 0.5 * penalty * offset * offset
                }
                return total
            }
            for _ in 0..<newtonSteps {
                let (quadraticGradient, hessian) = try quadraticDerivatives(current)
                let alpha = current.weights
                let gradient = (0..<m).map {
                    quadraticGradient[$0] + linearization[$0] + penalty * (alpha[$0] - anchor[$0])
                }
                let scale = (0..<m).map { hessian[$0 * m + $0] }.max() ?? 1
                var accepted = false
                for _ in 0..<8 {
                    // H + ρI + λ·diag(H) (+ a floor so every diagonal entry is positive).
                    var damped = hessian
                    for i in 0..<m { damped[i * m + i] += penalty + damping * hessian[i * m + i] + 1e-12 * scale }
                    // ½xᵀH̃x + (∇ − H̃α)ᵀx is the Newton model in x = α + d.
                    let linear = (0..<m).map { i in
                        gradient[i] - (0..<m).reduce(0.0) { $0 + damped[i * m + $1] * alpha[$1] }
                    }
                    let next = NonnegativeQuadraticProgram.solve(hessian: damped, linear: linear, initial: alpha)
                    let candidate = try factorize(next)
                    if surrogate(candidate) <= surrogate(current) {
                        current = candidate
                        damping = max(damping / 10, 1e-8)
                        accepted = true
                        break
                    }
                    damping *= 10
                }
                if !accepted { break }
            }
        }
        return current.weights
    }
}
