import Autograd
import Foundation
import Layers
import Tensor
import TestSupport
import XCTest

/// The chaotic vector fields against their formulas and Jacobians (dysts' hand-written `_jac`), RK4's differentiable
/// step against its tensor form, Dormand–Prince against closed forms and a fine RK4 run, and the Lyapunov exponents
/// against a linear flow (exact), the Lorenz-63 trace identity and short-run values.
final class DynamicalSystemsTests: XCTestCase {
    private let point = Tensor([1.0, 2.0, 3.0], shape: [1, 3], dtype: .float64)

    /// Each field at (1, 2, 3), worked by hand from its equations with the default parameters.
    func testFieldsMatchTheirEquations() {
        let cases: [(String, VectorField, [Double])] = [
            ("Lorenz-63", .lorenz63(), [10, 23, 2 - 8]),
            ("Rössler", .rossler(), [-5, 1.4, 0.2 + 3 * (1 - 5.7)]),
            ("Thomas", .thomas(), [-1.85 + 10 * sin(2.0), -3.7 + 10 * sin(3.0), -5.55 + 10 * sin(1.0)]),
            ("Halvorsen", .halvorsen(), [-1.4 - 20 - 4, -2.8 - 16 - 9, -4.2 - 12 - 1]),
        ]
        for (name, field, expected) in cases {
            let value = field(point).toDoubles()
            for (a, b) in zip(value, expected) { XCTAssertEqual(a, b, accuracy: 1e-12, name) }
        }
        // Lorenz-96 with K = 5 at x = (1, 2, 3, 4, 5), F = 8: x_i' = (x_{i+1} − x_{i−2})·x_{i−1} − x_i + 8.
        let x: [Double] = [1, 2, 3, 4, 5]
        let expected: [Double] = (0..<5).map { (i: Int) -> Double in
            let difference: Double = x[(i + 1) % 5] - x[(i + 3) % 5]
            return difference * x[(i + 4) % 5] - x[i] + 8
        }
        XCTAssertEqual(
            VectorField.lorenz96(dimension: 5)(Tensor(x, shape: [1, 5], dtype: .float64)).toDoubles(), expected)
        XCTAssertEqual(Lorenz.lorenz96()(Tensor(x, shape: [1, 5], dtype: .float64)).toDoubles(), expected)
    }

    /// The Jacobian from autograd equals the hand-written one of dysts' `flows.py` at a generic point.
    func testFieldJacobiansMatchTheHandWrittenOnes() {
        let (x, y, z) = (0.7, -1.3, 2.1)
        let s = Tensor([x, y, z], shape: [3], dtype: .float64)
        let (a, b, c) = (0.2, 0.2, 5.7)
        let cases: [(String, VectorField, [Double])] = [
            ("Lorenz-63", .lorenz63(), [-10, 10, 0, 28 - z, -1, -x, y, x, -8.0 / 3]),
            ("Rössler", .rossler(), [0, -1, -1, 1, a, 0, z, 0, x - c]),
            ("Thomas", .thomas(), [-1.85, 10 * cos(y), 0, 0, -1.85, 10 * cos(z), 10 * cos(x), 0, -1.85]),
            ("Halvorsen", .halvorsen(), [-1.4, -4 - 2 * y, -4, -4, -1.4, -4 - 2 * z, -4 - 2 * x, -4, -1.4]),
        ]
        _ = b
        for (name, field, expected) in cases {
            let jacobian = Derivatives.jacobian(at: s) { field($0) }.toDoubles()
            for (u, v) in zip(jacobian, expected) { XCTAssertEqual(u, v, accuracy: 1e-12, name) }
        }
    }

    func testRungeKutta4DifferentiableStepIsTheTensorStep() {
        let field = VectorField.halvorsen()
        let states = Tensor([1.0, 2.0, 3.0, -0.5, 0.25, 4.0], shape: [2, 3], dtype: .float64)
        let tensorStep = RungeKutta4(step: 0.01, derivative: field.callAsFunction).advance(states, steps: 3)
        var x = Variable(states)
        for _ in 0..<3 { x = RungeKutta4.step(x, size: 0.01, field: field.callAsFunction) }
        XCTAssertEqual(x.value.toDoubles(), tensorStep.toDoubles())
    }

    func testBadInputStopsWithAMessage() {
        expectFatalError(containing: "VectorField: states [1, 4] must end in the dimension 3") {
            _ = VectorField.lorenz63()(Tensor.zeros([1, 4], dtype: .float64))
        }
        expectFatalError(containing: "LyapunovExponents.leading: states must be [B, D] with 1 ≤ count ≤ D") {
            var generator = RandomGenerator(seed: 0)
            _ = LyapunovExponents.leading(
                4, states: Tensor.zeros([1, 3], dtype: .float64), timeStep: 0.01, steps: 1, using: &generator
            ) { $0 }
        }
        expectFatalError(containing: "DormandPrince: tolerances must be > 0") {
            _ = DormandPrince(relativeTolerance: 0, derivative: { $0 })
        }
    }

    /// The step is differentiable to second order in its state (central differences, Float64), on a batch of states
    /// and on a transposed (non-contiguous) one: the tangent propagation of `LyapunovExponents` rests on it.
    func testRungeKutta4StepGradientsToSecondOrder() {
        var generator = RandomGenerator(seed: 2)
        let states = Tensor.normal([2, 3], dtype: .float64, using: &generator)
        let transposed = Tensor.normal([3, 2], dtype: .float64, using: &generator).transposed()
        for field in [VectorField.thomas(), .halvorsen(), .lorenz63()] {
            for x in [states, transposed] {
                let result = checkGradients(at: [x], order: 2) { v in
                    RungeKutta4.step(v[0], size: 0.01, field: field.callAsFunction)
                }
                XCTAssert(result.passed, "\(result)")
            }
        }
    }

    /// x' = −x + y, y' = −2y from (1, 1): y = e^{−2t}, x = 2e^{−t} − e^{−2t}. Tighter tolerances give smaller errors and
    /// more steps; the error tracks the tolerance.
    func testDormandPrinceMatchesAClosedForm() {
        let field: (Tensor) -> Tensor = { s in
            let x = s.narrowed(axis: -1, start: 0, length: 1)
            let y = s.narrowed(axis: -1, start: 1, length: 1)
            return Tensor.concatenated([y - x, y * -2], axis: -1)
        }
        let start = Tensor([1.0, 1.0], shape: [1, 2], dtype: .float64)
        var errors: [Double] = []
        var steps: [Int] = []
        for tolerance in [1e-4, 1e-7, 1e-10] {
            let solver = DormandPrince(relativeTolerance: tolerance, absoluteTolerance: tolerance, derivative: field)
            let (states, statistics) = solver.trajectory(from: start, interval: 0.5, snapshots: 6)
            XCTAssertEqual(states.shape, [6, 1, 2])
            let values = states.toDoubles()
            var worst = 0.0
            for m in 1...6 {
                let t = 0.5 * Double(m)
                let exact = [2 * exp(-t) - exp(-2 * t), exp(-2 * t)]
                for i in 0..<2 { worst = max(worst, abs(values[(m - 1) * 2 + i] - exact[i])) }
            }
            XCTAssertLessThan(worst, 20 * tolerance, "tolerance \(tolerance)")
            errors.append(worst)
            steps.append(statistics.acceptedSteps)
        }
        XCTAssertLessThan(errors[2], errors[1])
        XCTAssertLessThan(errors[1], errors[0])
        XCTAssertGreaterThan(steps[2], steps[1])
        XCTAssertGreaterThan(steps[1], steps[0])
    }

    /// On Lorenz-63 to t = 2 (about two Lyapunov times of error growth), Dormand–Prince at 1e-10 agrees with RK4 at
    /// h = 1/2000 (error ~1e-11) to 1e-7, and with far fewer steps.
    func testDormandPrinceAgreesWithAFineRungeKutta4Run() {
        let field = VectorField.lorenz63()
        let start = Tensor([1.0, 1.0, 1.0, -5, 3, 20], shape: [2, 3], dtype: .float64)
        let reference = RungeKutta4(step: 1.0 / 2000, derivative: field.callAsFunction).advance(start, steps: 4000)
        let solver = DormandPrince(relativeTolerance: 1e-10, absoluteTolerance: 1e-10, derivative: field.callAsFunction)
        let (states, statistics) = solver.trajectory(from: start, interval: 2, snapshots: 1)
        for (a, b) in zip(states.toDoubles(), reference.toDoubles()) { XCTAssertEqual(a, b, accuracy: 1e-7) }
        XCTAssertLessThan(statistics.acceptedSteps, 2000)
    }

    /// For x' = Ax with A upper triangular, the exponents are A's diagonal; RK4's growth per step is its stability
    /// polynomial R(hλ) = Σ_{j≤4} (hλ)^j/j!, so log R(hλ)/h is the exact answer of the discrete flow. Once the
    /// transient has aligned the frame with the Schur basis (the gaps of 0.5 shrink misalignment like e^{−0.5t}), each
    /// QR returns R = the triangular step matrix, whose diagonal is R(hλᵢ).
    func testLinearFlowExponentsAreTheDiagonal() {
        let a = Tensor([0.3, 1.0, -0.5, 0.0, -0.2, 2.0, 0.0, 0.0, -1.5], shape: [3, 3], dtype: .float64)
        let field = VectorField(dimension: 3) { x in x.matmul(Variable(a.transposed())) }
        let h = 0.05
        var generator = RandomGenerator(seed: 3)
        let (exponents, _) = LyapunovExponents.leading(
            3, states: Tensor.normal([2, 3], dtype: .float64, using: &generator), timeStep: h, steps: 400,
            transientSteps: 600, orthonormalizeEvery: 5, using: &generator
        ) { RungeKutta4.step($0, size: h, field: field.callAsFunction) }
        XCTAssertEqual(exponents.shape, [2, 3])
        for (index, lambda) in [0.3, -0.2, -1.5].enumerated() {
            let z = h * lambda
            let exact = log(1 + z + z * z / 2 + z * z * z / 6 + z * z * z * z / 24) / h
            for b in 0..<2 {
                XCTAssertEqual(exponents.element(at: [b, index]), exact, accuracy: 1e-3, "λ\(index + 1)")
            }
        }
    }

    /// Lorenz-63 on a short run: λ₁ near 0.906 (a loose band: the run is 20 time units), λ₂ near 0, and the sum of all
    /// three equals the constant divergence −(σ + 1 + β) of the flow (Liouville), which holds along any trajectory.
    func testLorenz63ExponentsOnAShortRun() {
        let field = VectorField.lorenz63()
        let h = 0.02
        var generator = RandomGenerator(seed: 7)
        let start =
            Tensor.normal([8, 3], dtype: .float64, using: &generator)
            + Tensor([0.0, 0, 25], shape: [1, 3], dtype: .float64)
        let onAttractor = RungeKutta4(step: h, derivative: field.callAsFunction).advance(start, steps: 500)
        let (exponents, _) = LyapunovExponents.leading(
            3, states: onAttractor, timeStep: h, steps: 1000, transientSteps: 100, orthonormalizeEvery: 5,
            using: &generator
        ) { RungeKutta4.step($0, size: h, field: field.callAsFunction) }
        let mean = exponents.mean(axes: [0]).toDoubles()
        XCTAssertEqual(mean[0], 0.906, accuracy: 0.25, "λ₁ \(mean)")
        XCTAssertEqual(mean[1], 0, accuracy: 0.1, "λ₂ \(mean)")
        for sum in exponents.sum(axes: [1]).toDoubles() { XCTAssertEqual(sum, -(10 + 1 + 8.0 / 3), accuracy: 0.02) }
    }

    /// Lorenz-96 (K = 40, F = 8) on a short run: λ₁ near 1.68 (a loose band for 10 time units).
    func testLorenz96LargestExponentOnAShortRun() {
        let field = VectorField.lorenz96(dimension: 40)
        let h = 0.05
        var generator = RandomGenerator(seed: 11)
        let start = Tensor.normal([4, 40], dtype: .float64, using: &generator) + 8
        let onAttractor = RungeKutta4(step: h, derivative: field.callAsFunction).advance(start, steps: 200)
        let (exponents, _) = LyapunovExponents.leading(
            1, states: onAttractor, timeStep: h, steps: 200, transientSteps: 40, orthonormalizeEvery: 4,
            using: &generator
        ) { RungeKutta4.step($0, size: h, field: field.callAsFunction) }
        XCTAssertEqual(exponents.mean().item(), 1.68, accuracy: 0.4, "λ₁ \(exponents.toDoubles())")
    }
}
