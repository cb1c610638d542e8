import Tensor

/// Minimizes a smooth function of a few variables (a likelihood over a handful of coefficients) by damped Newton steps
/// with central-difference derivatives: the gradient with steps h = 10⁻⁶·max(1, |xᵢ|), the Hessian with
/// h = 10⁻⁴·max(1, |xᵢ|). A step solves (H + λI)·δ = −g with the smallest λ in {0, 10⁻⁸, 10⁻⁶, …, 10²}·(1 + max Hᵢᵢ)
/// for which H + λI is positive definite and f decreases; a non-finite f (outside the domain) rejects the step.
/// It stops when max |gᵢ| ≤ `gradientTolerance` or max |δᵢ| ≤ 10⁻¹²·max(1, |xᵢ|).
public struct NewtonMinimizer: Sendable {
    public var gradientTolerance: Double
    public var maximumIterations: Int

    public init(gradientTolerance: Double = 1e-9, maximumIterations: Int = 100) {
        self.gradientTolerance = gradientTolerance
        self.maximumIterations = maximumIterations
    }

    /// The minimizer found, f there, the Newton iterations taken and whether a stopping rule (rather than the
    /// iteration limit or a failed step) ended the search.
    public struct Result: Sendable {
        public let minimizer: [Double]
        public let value: Double
        public let iterations: Int
        public let converged: Bool
    }

    public func minimize(_ f: ([Double]) -> Double, from start: [Double]) -> Result {
        var x = start
        var value = f(x)
        precondition(value.isFinite, "NewtonMinimizer: f is not finite at the start \(start)")
        let n = x.count
        for iteration in 0..<maximumIterations {
            let (gradient, hessian) = derivatives(f, at: x, value: value)
            if gradient.allSatisfy({ abs($0) <= gradientTolerance }) {
                return Result(minimizer: x, value: value, iterations: iteration, converged: true)
            }
            let scale = 1 + (0..<n).map { abs(hessian[$0 * n + $0]) }.max()!
            var accepted: [Double]?
            for damping in [0.0, 1e-8, 1e-6, 1e-4, 1e-2, 1, 1e2] {
                guard let step = Self.solve(hessian, gradient, damping: damping * scale, n: n) else { continue }
                let candidate = zip(x, step).map { $0 + $1 }
                let candidateValue = f(candidate)
                if candidateValue.isFinite && candidateValue <= value {
                    if zip(step, x).allSatisfy({ abs($0) <= 1e-12 * max(1, abs($1)) }) {
                        return Result(
                            minimizer: candidate, value: candidateValue, iterations: iteration + 1, converged: true)
                    }
                    accepted = candidate
                    value = candidateValue
                    break
                }
            }
            guard let next = accepted else {
                return Result(minimizer: x, value: value, iterations: iteration, converged: false)
            }
            x = next
        }
        return Result(minimizer: x, value: value, iterations: maximumIterations, converged: false)
    }

    /// The central-difference gradient [n] and Hessian [n, n] (row-major) of f at x.
    func derivatives(_ f: ([Double]) -> Double, at x: [Double], value: Double) -> ([Double], [Double]) {
        let n = x.count
        func shifted(_ moves: [(Int, Double)]) -> Double {
            var point = x
            for (index, amount) in moves { point[index] += amount }
            return f(point)
        }
        let gradientSteps = x.map { 1e-6 * max(1, abs($0)) }
        let hessianSteps = x.map { 1e-4 * max(1, abs($0)) }
        var gradient = [Double](repeating: 0, count: n)
        var hessian = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            let h = gradientSteps[i]
            gradient[i] = (shifted([(i, h)]) - shifted([(i, -h)])) / (2 * h)
            let k = hessianSteps[i]
            hessian[i * n + i] = (shifted([(i, k)]) - 2 * value + shifted([(i, -k)])) / (k * k)
            for j in 0..<i {
                let l = hessianSteps[j]
                let mixed =
                    shifted([(i, k), (j, l)]) - shifted([(i, k), (j, -l)]) - shifted([(i, -k), (j, l)])
                    + shifted([(i, -k), (j, -l)])
                hessian[i * n + j] = mixed / (4 * k * l)
                hessian[j * n + i] = hessian[i * n + j]
            }
        }
        return (gradient, hessian)
    }

    /// δ = −(H + λI)⁻¹·g by Cholesky; nil when H + λI is not positive definite (or the solve is not finite).
    static func solve(_ hessian: [Double], _ gradient: [Double], damping: Double, n: Int) -> [Double]? {
        var matrix = hessian
        for i in 0..<n { matrix[i * n + i] += damping }
        guard matrix.allSatisfy(\.isFinite),
            let factor = try? Linalg.cholesky(Tensor(matrix, shape: [n, n], dtype: .float64))
        else { return nil }
        let rhs = Tensor(gradient.map { -$0 }, shape: [n, 1], dtype: .float64)
        let step = Linalg.choleskySolve(factor, rhs).toDoubles()
        return step.allSatisfy(\.isFinite) ? step : nil
    }
}
