import Foundation
import Layers
import Tensor
import XCTest

/// The reference solvers against independent solutions: Burgers against Cole–Hopf, Kuramoto–Sivashinsky against a
/// fine-step run (with its fourth order and its conserved mean), Darcy against a manufactured solution (second-order
/// convergence), the random field's spectrum against its covariance, RK4's order on the Lorenz systems.
final class PDESolverTests: XCTestCase {
    private func relativeL2(_ a: [Double], _ b: [Double]) -> Double {
        let difference = zip(a, b).map { ($0 - $1) * ($0 - $1) }.reduce(0, +)
        return (difference / b.map { $0 * $0 }.reduce(0, +)).squareRoot()
    }

    /// Cole–Hopf: u = −2ν φ_x/φ with φ_t = νφ_xx. For φ = 3 + e^{−νt} cos x + ½e^{−4νt} cos(2x + 1) (positive, so u is
    /// smooth and 2π-periodic) both are closed forms, exact to rounding.
    func testBurgersMatchesColeHopf() {
        let nu = 0.1
        let n = 128
        let time = 1.0
        let solver = PeriodicSemilinearSolver.burgers(viscosity: nu, points: n, length: 2 * Double.pi, step: 0.01)
        func exact(_ t: Double) -> [Double] {
            solver.grid.map { x in
                let (e1, e4) = (exp(-nu * t), exp(-4 * nu * t))
                let phi = 3 + e1 * cos(x) + 0.5 * e4 * cos(2 * x + 1)
                let phiX = -e1 * sin(x) - e4 * sin(2 * x + 1)
                return -2 * nu * phiX / phi
            }
        }
        let initial = Tensor(exact(0), shape: [1, n], dtype: .float64)
        let u = solver.advance(initial, steps: Int((time / solver.step).rounded()))
        let error = relativeL2(u.toDoubles(), exact(time))
        XCTAssertLessThan(error, 1e-6, "Burgers vs Cole–Hopf at t = \(time)")
        XCTAssertLessThan(relativeL2(u.toDoubles(), exact(0)), 1, "the solution moved")
        XCTAssertGreaterThan(relativeL2(u.toDoubles(), exact(0)), 1e-3, "the solution moved")
    }

    /// Kassam & Trefethen's run, u₀ = cos(x/16)(1 + sin(x/16)) on [0, 32π), to t = 20: steps 1/8 and 1/16 against
    /// 1/128 agree to ~1e-7, the error falling > 5× per halving (6.5× measured at these steps: ETDRK4's stiff order
    /// reduction, Hochbruck & Ostermann 2005, short of the asymptotic 16×); the mean stays put.
    func testKuramotoSivashinskyConvergesToAFineStepRunAndKeepsItsMean() {
        let n = 128
        let time = 20.0
        let grid = PeriodicSemilinearSolver.kuramotoSivashinsky(points: n, step: 1).grid
        let initial = Tensor(grid.map { cos($0 / 16) * (1 + sin($0 / 16)) }, shape: [1, n], dtype: .float64)
        func run(_ step: Double) -> [Double] {
            PeriodicSemilinearSolver.kuramotoSivashinsky(points: n, step: step)
                .advance(initial, steps: Int((time / step).rounded())).toDoubles()
        }
        let (coarse, medium, fine) = (run(1.0 / 8), run(1.0 / 16), run(1.0 / 128))
        let (coarseError, mediumError) = (relativeL2(coarse, fine), relativeL2(medium, fine))
        XCTAssertLessThan(mediumError, 1e-6, "KS step 1/16 vs 1/128 (1/8: \(coarseError))")
        XCTAssertGreaterThan(coarseError / mediumError, 5, "KS errors \(coarseError), \(mediumError)")
        let mean0 = initial.toDoubles().reduce(0, +) / Double(n)
        let mean = fine.reduce(0, +) / Double(n)
        XCTAssertEqual(mean, mean0, accuracy: 1e-12)
        XCTAssertGreaterThan(relativeL2(fine, initial.toDoubles()), 0.1, "the state evolved")
    }

    /// u = sin πx sin πy with a = 1 + ½ sin(2πx + 1) cos πy, f = −∇·(a∇u): the max error falls ~4× per halving of h.
    func testDarcyConvergesAtSecondOrderOnAManufacturedSolution() {
        var errors: [Double] = []
        for n in [15, 31, 63] {
            let side = n + 2
            let h = 1 / Double(n + 1)
            var a = [Double]()
            var f = [Double]()
            var exact = [Double]()
            for i in 0..<side {
                for j in 0..<side {
                    let (x, y) = (Double(i) * h, Double(j) * h)
                    let coefficient = 1 + 0.5 * sin(2 * .pi * x + 1) * cos(.pi * y)
                    let ax = Double.pi * cos(2 * .pi * x + 1) * cos(.pi * y)
                    let ay = -0.5 * .pi * sin(2 * .pi * x + 1) * sin(.pi * y)
                    let (ux, uy) = (Double.pi * cos(.pi * x) * sin(.pi * y), Double.pi * sin(.pi * x) * cos(.pi * y))
                    let u = sin(.pi * x) * sin(.pi * y)
                    a.append(coefficient)
                    exact.append(u)
                    f.append(-ax * ux - ay * uy + 2 * .pi * .pi * coefficient * u)
                }
            }
            let u = DarcyFlow.solve(permeability: a, source: f, interiorPoints: n)
            errors.append(zip(u, exact).map { Swift.abs($0 - $1) }.max()!)
        }
        for (coarse, fine) in zip(errors, errors.dropFirst()) {
            let order = log2(coarse / fine)
            XCTAssertGreaterThan(order, 1.8, "errors \(errors)")
            XCTAssertLessThan(order, 2.2, "errors \(errors)")
        }
    }

    func testDarcyPermeabilityIsTwoValuedAndSolvable() {
        var generator = RandomGenerator(seed: 4)
        let a = DarcyFlow.permeability(1, interiorPoints: 15, using: &generator)
        XCTAssertEqual(a.shape, [1, 17, 17])
        XCTAssertEqual(Set(a.toDoubles()), [3, 12])
        let u = DarcyFlow.solve(
            permeability: a.toDoubles(), source: [Double](repeating: 1, count: 17 * 17), interiorPoints: 15)
        XCTAssert(u.allSatisfy { $0 >= 0 && $0.isFinite }, "positive source, zero boundary: u ≥ 0 (maximum principle)")
        XCTAssertGreaterThan(u.max()!, 0)
    }

    /// E|û_k|² = n²σ²(4π²k² + τ²)^{−α} for 0 < k < n/2; the same seed gives the same samples.
    func testRandomFieldSpectrumMatchesItsCovarianceAndIsDeterministic() {
        let n = 32
        let count = 2000
        let field = GaussianRandomField(points: n, alpha: 2, tau: 3)
        var generator = RandomGenerator(seed: 11)
        let samples = field.sample(count, using: &generator)
        let spectrum = FFT.rfft(samples, axis: -1)
        let power = (spectrum.real * spectrum.real + spectrum.imaginary * spectrum.imaginary).mean(axes: [0])
            .toDoubles()
        for k in 1..<(n / 2) {
            let expected = Double(n * n) * field.sigma * field.sigma * pow(4 * .pi * .pi * Double(k * k) + 9, -2)
            XCTAssertEqual(power[k] / expected, 1, accuracy: 0.12, "mode \(k)")
        }
        XCTAssertEqual(power[0], 0, accuracy: 1e-20)
        var again = RandomGenerator(seed: 11)
        XCTAssertEqual(field.sample(count, using: &again).toDoubles(), samples.toDoubles())
        let planar = GaussianRandomField(points: 16, dimensions: 2).sample(2, using: &generator)
        XCTAssertEqual(planar.shape, [2, 16, 16])
        XCTAssert(planar.toDoubles().allSatisfy(\.isFinite))
    }

    /// Halving the step divides the error (against step/32) by ~16 on Lorenz-63 and Lorenz-96.
    func testRungeKutta4IsFourthOrderOnTheLorenzSystems() {
        let cases: [(String, (Tensor) -> Tensor, Tensor)] = [
            ("Lorenz-63", Lorenz.lorenz63(), Tensor([1.0, 1.0, 1.0], shape: [1, 3], dtype: .float64)),
            (
                "Lorenz-96", Lorenz.lorenz96(),
                Tensor((0..<8).map { 8 + 0.1 * sin(Double($0)) }, shape: [1, 8], dtype: .float64)
            ),
        ]
        for (name, f, x0) in cases {
            let h = 0.01
            let time = 0.5
            func run(_ step: Double) -> [Double] {
                RungeKutta4(step: step, derivative: f).advance(x0, steps: Int((time / step).rounded())).toDoubles()
            }
            let reference = run(h / 32)
            let (e1, e2) = (relativeL2(run(h), reference), relativeL2(run(h / 2), reference))
            XCTAssertEqual(log2(e1 / e2), 4, accuracy: 0.4, "\(name): errors \(e1), \(e2)")
        }
        let fixed = Tensor([Double](repeating: 8, count: 6), shape: [6], dtype: .float64)
        XCTAssertEqual(
            Lorenz.lorenz96()(fixed).toDoubles(), [Double](repeating: 0, count: 6), "x_i = F is a fixed point")
    }
}
