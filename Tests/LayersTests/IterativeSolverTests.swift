import Autograd
import Foundation
import Layers
import Tensor
import TestSupport
import XCTest

/// Chebyshev iteration and conjugate gradient on batches of SPD systems: convergence to the Cholesky solution in
/// Float64, derivatives through the unrolled iterations, and the bfloat16-emulated mode.
final class IterativeSolverTests: XCTestCase {
    /// [batch, n, n] SPD matrices Q·diag(λ)·Qᵀ with λ spread over [1, κ] (log-spaced, shuffled by Q), and their
    /// exact extreme eigenvalues.
    private func systems(batch: Int, n: Int, conditionNumber: Double, seed: UInt64)
        -> (a: Tensor, b: Tensor, lower: Tensor, upper: Tensor)
    {
        var generator = RandomGenerator(seed: seed)
        let q = Linalg.qr(Tensor.normal([batch, n, n], dtype: .float64, using: &generator)).q
        let spectrum = (0..<n).map { Foundation.pow(conditionNumber, Double($0) / Double(n - 1)) }
        let diagonal = Tensor(spectrum, shape: [1, 1, n], dtype: .float64)
        let a = (q * diagonal).matmul(q.transposed(1, 2))
        let a64 = (a + a.transposed(1, 2)) * 0.5
        let b = Tensor.normal([batch, n], dtype: .float64, using: &generator)
        return (
            a64, b, Tensor.ones([batch], dtype: .float64), Tensor.full([batch], value: conditionNumber, dtype: .float64)
        )
    }

    private func choleskySolution(_ a: Tensor, _ b: Tensor) -> Tensor {
        Linalg.choleskySolve(try! Linalg.cholesky(a), b.unsqueezed(axis: -1)).squeezed(axis: -1)
    }

    func testChebyshevConvergesToTheCholeskySolution() {
        let s = systems(batch: 5, n: 8, conditionNumber: 20, seed: 1)
        let exact = choleskySolution(s.a, s.b)
        // Error bound 2·((√20 − 1)/(√20 + 1))^k·√κ: below 1e-10 at k = 90.
        let x = ChebyshevIteration.solve(
            Variable(s.a), Variable(s.b), lowerBound: Variable(s.lower), upperBound: Variable(s.upper), iterations: 90)
        assertClose(x.value, exact, relativeTolerance: 1e-10, absoluteTolerance: 1e-10)
        // Fewer steps, larger error: the iteration is really converging, not returning the answer some other way.
        let early = ChebyshevIteration.solve(
            Variable(s.a), Variable(s.b), lowerBound: Variable(s.lower), upperBound: Variable(s.upper), iterations: 5)
        XCTAssertGreaterThan((early.value - exact).abs().max().item(), 1e-3)
    }

    func testChebyshevErrorFallsAtTheChebyshevRate() {
        let s = systems(batch: 4, n: 16, conditionNumber: 100, seed: 2)
        let exact = choleskySolution(s.a, s.b)
        let rate = (10.0 - 1) / (10.0 + 1)
        for k in [10, 20, 40] {
            let x = ChebyshevIteration.solve(
                Variable(s.a), Variable(s.b), lowerBound: Variable(s.lower), upperBound: Variable(s.upper),
                iterations: k)
            // ‖e_k‖_A ≤ 2ρ^{k−1}‖e_0‖_A, and ‖·‖₂ ≤ √κ·(A-norm ratio).
            let error = (x.value - exact).square().sum(axes: [1]).sqrt()
            let initial = exact.square().sum(axes: [1]).sqrt()
            let bound = 2 * Foundation.pow(rate, Double(k - 1)) * 10
            XCTAssertLessThanOrEqual((error / initial).max().item(), bound, "k = \(k)")
        }
    }

    func testConjugateGradientConvergesToTheCholeskySolution() {
        let s = systems(batch: 5, n: 8, conditionNumber: 20, seed: 3)
        let exact = choleskySolution(s.a, s.b)
        let x = ConjugateGradient.solve(Variable(s.a), Variable(s.b), iterations: 30)
        assertClose(x.value, exact, relativeTolerance: 1e-10, absoluteTolerance: 1e-10)
        let early = ConjugateGradient.solve(Variable(s.a), Variable(s.b), iterations: 3)
        XCTAssertGreaterThan((early.value - exact).abs().max().item(), 1e-3)
    }

    func testMatrixFreeFormEqualsTheMatrixForm() {
        let s = systems(batch: 3, n: 6, conditionNumber: 10, seed: 4)
        let a = Variable(s.a)
        for precision in [ArithmeticPrecision.native, .bfloat16] {
            let viaMatrix = ChebyshevIteration.solve(
                a, Variable(s.b), lowerBound: Variable(s.lower), upperBound: Variable(s.upper), iterations: 7,
                precision: precision)
            let rounded = precision.stored(a)
            let viaFunction = ChebyshevIteration.solve(
                applying: { rounded.batchedMatrixVectorProduct($0) }, Variable(s.b), lowerBound: Variable(s.lower),
                upperBound: Variable(s.upper), iterations: 7, precision: precision)
            XCTAssertEqual(viaMatrix.value.toDoubles(), viaFunction.value.toDoubles())
            let cgMatrix = ConjugateGradient.solve(a, Variable(s.b), iterations: 5, precision: precision)
            let cgFunction = ConjugateGradient.solve(
                applying: { rounded.batchedMatrixVectorProduct($0) }, Variable(s.b), iterations: 5,
                precision: precision)
            XCTAssertEqual(cgMatrix.value.toDoubles(), cgFunction.value.toDoubles())
        }
    }

    /// Gradients through the unrolled iterations with respect to the matrix (symmetrized inside), the right-hand
    /// side and the bounds, first and second order, with the right-hand side in several layouts and the matrix
    /// transposed (a non-contiguous view).
    func testGradientsThroughTheUnrolledIterations() {
        let s = systems(batch: 2, n: 3, conditionNumber: 4, seed: 5)
        for variant in layoutVariants(of: s.b) {
            let a = s.a.transposed(1, 2)
            for order in [1, 2] {
                let chebyshev = checkGradients(at: [a, variant.tensor, s.lower * 0.9, s.upper * 1.1], order: order) {
                    v in
                    let symmetric = (v[0] + v[0].transposed(1, 2)) * 0.5
                    let x = ChebyshevIteration.solve(
                        symmetric, v[1], lowerBound: v[2], upperBound: v[3], iterations: 4)
                    return (x * x.sin()).sum()
                }
                XCTAssert(chebyshev.passed, "Chebyshev, \(variant.name), order \(order): \(chebyshev)")
                let cg = checkGradients(at: [a, variant.tensor], order: order) { v in
                    let symmetric = (v[0] + v[0].transposed(1, 2)) * 0.5
                    let x = ConjugateGradient.solve(symmetric, v[1], iterations: 2)
                    return (x * x.sin()).sum()
                }
                XCTAssert(cg.passed, "conjugate gradient, \(variant.name), order \(order): \(cg)")
            }
        }
    }

    /// In bfloat16 every iterate is a bfloat16, the answer is still close to the solution on an easy system, and
    /// the straight-through rounding passes gradients (equal to the native ones to bfloat16 accuracy).
    func testBFloat16Mode() {
        let s = systems(batch: 4, n: 8, conditionNumber: 5, seed: 6)
        let exact = choleskySolution(s.a, s.b)
        let b = Variable.leaf(s.b)
        let native = ChebyshevIteration.solve(
            Variable(s.a), b, lowerBound: Variable(s.lower), upperBound: Variable(s.upper), iterations: 20)
        let rounded = ChebyshevIteration.solve(
            Variable(s.a), b, lowerBound: Variable(s.lower), upperBound: Variable(s.upper), iterations: 20,
            precision: .bfloat16)
        XCTAssertEqual(rounded.value.toDoubles(), rounded.value.roundedToBFloat16().toDoubles())
        XCTAssertNotEqual(rounded.value.toDoubles(), native.value.toDoubles())
        let relative = (rounded.value - exact).square().sum().sqrt().item() / exact.square().sum().sqrt().item()
        XCTAssertLessThan(relative, 0.05)
        let gNative = gradients(of: native.sum(), wrt: [b])[0].value
        let gRounded = gradients(of: rounded.sum(), wrt: [b])[0].value
        assertClose(gRounded, gNative, relativeTolerance: 0.05, absoluteTolerance: 0.05)
        let cg = ConjugateGradient.solve(Variable(s.a), b, iterations: 8, precision: .bfloat16)
        XCTAssertEqual(cg.value.toDoubles(), cg.value.roundedToBFloat16().toDoubles())
    }

    /// The recomputed residual gives the same iterates as the updated one in Float64, differentiates the same way,
    /// and in bfloat16 ends nearer the solution (it corrects for the rounding of x at every step).
    func testRecomputedResidual() {
        let s = systems(batch: 6, n: 12, conditionNumber: 50, seed: 7)
        let (a, b, lower, upper) = (Variable(s.a), Variable(s.b), Variable(s.lower), Variable(s.upper))
        let updated = ChebyshevIteration.solve(a, b, lowerBound: lower, upperBound: upper, iterations: 12)
        let recomputed = ChebyshevIteration.solve(
            a, b, lowerBound: lower, upperBound: upper, iterations: 12, residual: .recomputed)
        assertClose(recomputed.value, updated.value, relativeTolerance: 1e-10, absoluteTolerance: 1e-12)
        let small = systems(batch: 2, n: 3, conditionNumber: 4, seed: 8)
        let result = checkGradients(at: [small.a, small.b], order: 2) { v in
            let symmetric = (v[0] + v[0].transposed(1, 2)) * 0.5
            let x = ChebyshevIteration.solve(
                symmetric, v[1], lowerBound: Variable(small.lower), upperBound: Variable(small.upper), iterations: 4,
                residual: .recomputed)
            return (x * x.sin()).sum()
        }
        XCTAssert(result.passed, "\(result)")
        let exact = choleskySolution(s.a, s.b)
        func error(_ form: ChebyshevIteration.Residual) -> Double {
            let x = ChebyshevIteration.solve(
                Variable(s.a.cast(to: .float32)), Variable(s.b.cast(to: .float32)),
                lowerBound: Variable(s.lower.cast(to: .float32)), upperBound: Variable(s.upper.cast(to: .float32)),
                iterations: 60, precision: .bfloat16, residual: form)
            return (x.value.cast(to: .float64) - exact).square().sum().sqrt().item()
        }
        XCTAssertLessThan(error(.recomputed), error(.updated))
    }

    /// Mismatched shapes stop with a message naming the solver and the shapes.
    func testBadInputNamesTheSolverAndTheShapes() {
        let a = Variable(Tensor.eye(3, dtype: .float64).expanded(to: [2, 3, 3]))
        let b = Variable(Tensor.ones([2, 3], dtype: .float64))
        let bounds = Variable(Tensor.ones([2], dtype: .float64))
        expectFatalError(containing: "ChebyshevIteration.solve: matrices [2, 3, 3] and right-hand sides [2, 4]") {
            _ = ChebyshevIteration.solve(
                a, Variable(Tensor.ones([2, 4], dtype: .float64)), lowerBound: bounds, upperBound: bounds,
                iterations: 3)
        }
        expectFatalError(containing: "ChebyshevIteration.solve: bounds [3] and [2] for right-hand sides [2, 3]") {
            _ = ChebyshevIteration.solve(
                a, b, lowerBound: Variable(Tensor.ones([3], dtype: .float64)), upperBound: bounds, iterations: 3)
        }
        expectFatalError(containing: "ConjugateGradient.solve: matrices [2, 3, 3] and right-hand sides [3]") {
            _ = ConjugateGradient.solve(a, Variable(Tensor.ones([3], dtype: .float64)), iterations: 3)
        }
        expectFatalError(containing: "roundedToBFloat16: expects a floating dtype") {
            _ = Tensor([Int64(1), 2]).roundedToBFloat16()
        }
    }
}
