import Autograd
import Foundation
import Layers
import Tensor

/// Claim (a): Chebyshev iteration against conjugate gradient on the ridge systems of a GKA memory, in emulated
/// bfloat16.
///
/// A system is (H + λI) x = q with d = 32: H = Σ_{i≤t} γ^{t−i} k_i k_iᵀ over t ~ U{1…128} tokens, γ ~ U[0.9, 1),
/// keys k_i ~ N(0, Σ) scaled to unit length, Σ = Q diag(s) Qᵀ with s geometric from 1 to 10⁻² (keys of a trained
/// layer are anisotropic) and Q a random rotation per system; λ = α·tr H with α log-uniform in [1/99, 1/9], so
/// κ(H + λI) ≤ 1 + 1/α ≤ 100; q a random unit vector. Both solvers get the bfloat16-rounded H + λI and q and
/// round every intermediate result (`ArithmeticPrecision.bfloat16`), 30 iterations, from x₀ = 0; Chebyshev uses
/// GKA's bounds [λ, λ + tr H]. The figure per system is the relative residual ‖q − A x‖/‖q‖ of the rounded system,
/// in Float64.
struct LowPrecisionSolverStudy {
    static let dimension = 32
    static let iterations = 30
    static let maximumLength = 128

    /// One batch of systems: A [count, d, d] (already bfloat16 values, Float32), q [count, d], λ [count],
    /// tr H [count], and κ(A) [count] from its eigenvalues.
    struct Systems {
        let matrices: Tensor
        let rightHandSides: Tensor
        let shifts: Tensor
        let traces: Tensor
        let conditionNumbers: [Double]
    }

    static func systems(count: Int, using generator: inout RandomGenerator) throws -> Systems {
        let d = dimension
        var matrices: [Double] = []
        var shifts: [Double] = []
        var traces: [Double] = []
        let spectrum = Tensor(
            (0..<d).map { Foundation.pow(0.01, Double($0) / Double(d - 1)).squareRoot() }, shape: [1, d],
            dtype: .float64)
        for _ in 0..<count {
            let length = 1 + Int(generator.nextInteger(below: UInt64(maximumLength)))
            let gamma = 0.9 + 0.1 * generator.nextDouble()
            let alpha = Foundation.exp(Foundation.log(1.0 / 99) + generator.nextDouble() * Foundation.log(99.0 / 9))
            let rotation = Linalg.qr(Tensor.normal([d, d], dtype: .float64, using: &generator)).q
            let raw = (Tensor.normal([length, d], dtype: .float64, using: &generator) * spectrum).matmul(
                rotation.transposed())
            let keys = raw / raw.square().sum(axes: [1], keepDims: true).sqrt()
            let weights = Tensor(
                (0..<length).map { Foundation.pow(gamma, Double(length - 1 - $0)) }, shape: [length, 1], dtype: .float64
            )
            let gram = (keys * weights).transposed().matmul(keys)
            let trace = gram.diagonal().sum().item()
            let shift = alpha * trace
            let a = gram + Tensor.eye(d, dtype: .float64) * shift
            matrices += a.toDoubles()
            shifts.append(shift)
            traces.append(trace)
        }
        let a = Tensor(matrices, shape: [count, d, d], dtype: .float64).cast(to: .float32).roundedToBFloat16()
        let q = Tensor.normal([count, d], dtype: .float64, using: &generator)
        let unit = (q / q.square().sum(axes: [1], keepDims: true).sqrt()).cast(to: .float32).roundedToBFloat16()
        let eigenvalues = try Linalg.eigh(a.cast(to: .float64)).eigenvalues.toDoubles()
        let conditionNumbers = (0..<count).map { eigenvalues[$0 * d + d - 1] / eigenvalues[$0 * d] }
        return Systems(
            matrices: a, rightHandSides: unit, shifts: Tensor(shifts, shape: [count], dtype: .float32),
            traces: Tensor(traces, shape: [count], dtype: .float32), conditionNumbers: conditionNumbers)
    }

    /// ‖q − A x‖/‖q‖ per system, in Float64.
    static func relativeResiduals(_ systems: Systems, _ x: Tensor) -> [Double] {
        let a = systems.matrices.cast(to: .float64)
        let q = systems.rightHandSides.cast(to: .float64)
        let residual = q - a.matmul(x.cast(to: .float64).unsqueezed(axis: -1)).squeezed(axis: -1)
        let ratio = residual.square().sum(axes: [1]).sqrt() / q.square().sum(axes: [1]).sqrt()
        return ratio.toDoubles().map { $0.isFinite ? $0 : .infinity }
    }

    /// The floor of any answer stored in bfloat16: the residuals of the exact solution (Cholesky, Float64) rounded
    /// to bfloat16.
    static func roundedExactSolutionResiduals(_ systems: Systems) throws -> [Double] {
        let a = systems.matrices.cast(to: .float64)
        let q = systems.rightHandSides.cast(to: .float64).unsqueezed(axis: -1)
        let exact = Linalg.choleskySolve(try Linalg.cholesky(a), q).squeezed(axis: -1)
        return relativeResiduals(systems, exact.roundedToBFloat16())
    }

    /// Residuals in `precision` of Chebyshev iteration (Saad's updated residual, as the claim fixes it), of
    /// conjugate gradient, and of Chebyshev with the residual recomputed as q − A x each step (a diagnostic).
    static func solve(_ systems: Systems, precision: ArithmeticPrecision) -> (
        chebyshev: [Double], conjugateGradient: [Double], chebyshevRecomputed: [Double]
    ) {
        withoutGradients {
            let a = Variable(systems.matrices)
            let q = Variable(systems.rightHandSides)
            let lower = Variable(systems.shifts)
            let upper = Variable(systems.shifts + systems.traces)
            let chebyshev = ChebyshevIteration.solve(
                a, q, lowerBound: lower, upperBound: upper, iterations: iterations, precision: precision)
            let recomputed = ChebyshevIteration.solve(
                a, q, lowerBound: lower, upperBound: upper, iterations: iterations, precision: precision,
                residual: .recomputed)
            let cg = ConjugateGradient.solve(a, q, iterations: iterations, precision: precision)
            return (
                relativeResiduals(systems, chebyshev.value), relativeResiduals(systems, cg.value),
                relativeResiduals(systems, recomputed.value)
            )
        }
    }
}
