import Tensor

/// The outcome of `checkGradients`: whether every compared entry agreed, and the worst one.
public struct GradientCheckResult: CustomStringConvertible {
    /// True when every analytic entry matched its finite-difference estimate within tolerance.
    public let passed: Bool
    /// Worst |analytic − numeric| / (absoluteTolerance + relativeTolerance·|numeric|); ≤ 1 passes.
    public let worstRatio: Double
    /// The worst entry: which input, which element (flat index; −1 for a random-direction check), the two values.
    public let worstInput: Int
    public let worstElement: Int
    public let analytic: Double
    public let numeric: Double
    /// Derivative order checked (1: gradient, 2: gradient of a gradient, …).
    public let order: Int

    public var description: String {
        let what = worstElement >= 0 ? "element \(worstElement)" : "a random direction"
        return "\(passed ? "passed" : "FAILED") (order \(order)): worst at input \(worstInput), \(what): "
            + "analytic \(analytic), numeric \(numeric), |Δ| = \(Swift.abs(analytic - numeric)), ratio to tolerance \(worstRatio)"
    }
}

/// Checks the derivatives of `f` against central finite differences in Float64.
///
/// `f` maps the inputs to any output; it is projected on fixed random cotangents c (L = ⟨c, f(x)⟩), and ∂L/∂x
/// from the graph is compared with (L(x + εeᵢ) − L(x − εeᵢ))/2ε for every input element, or, with
/// `randomDirections: k`, along k random directions t using ⟨t, Jᵀc⟩ = ⟨J t, c⟩ (for large inputs).
/// `order: n` checks every order 1, 2, …, n and returns the worst of them (a failing order's result when one
/// fails): order 2 is the gradient of the gradient, checked by treating c as one more input and checking
/// h(x, c) = ⟨d, ∂⟨c, f(x)⟩/∂x⟩ (d fixed and random) to first order, and so on recursively. A backward rule that
/// is wrong at order 1 can pass at order 2 alone, so orders are never skipped.
///
/// ```swift
/// let result = checkGradients(at: [x]) { v in (v[0].sin() * v[0]).sum() }
/// XCTAssert(result.passed, "\(result)")
/// ```
public func checkGradients(
    at inputs: [Tensor], order: Int = 1, epsilon: Double = 1e-6, absoluteTolerance: Double = 1e-7,
    relativeTolerance: Double = 1e-6, randomDirections: Int? = nil, seed: UInt64 = 0x5eed,
    _ f: @escaping ([Variable]) -> Variable
) -> GradientCheckResult {
    for (i, x) in inputs.enumerated() {
        precondition(
            x.dtype == .float64,
            "checkGradients: input \(i) is \(x.dtype); finite differences need float64 inputs (use .cast(to: .float64))"
        )
    }
    precondition(order >= 1, "checkGradients: order must be ≥ 1, got \(order)")
    var worst: GradientCheckResult?
    for k in 1...order {
        let result = checkGradients(
            at: inputs, exactOrder: k, epsilon: epsilon, absoluteTolerance: absoluteTolerance,
            relativeTolerance: relativeTolerance, randomDirections: randomDirections, seed: seed, f)
        if worst == nil || !(result.worstRatio <= worst!.worstRatio) { worst = result }
    }
    return worst!
}

/// The check of `checkGradients` at order `exactOrder` alone.
private func checkGradients(
    at inputs: [Tensor], exactOrder order: Int, epsilon: Double, absoluteTolerance: Double,
    relativeTolerance: Double, randomDirections: Int?, seed: UInt64, _ f: @escaping ([Variable]) -> Variable
) -> GradientCheckResult {
    var random = SplitMix(seed: seed)
    if order == 1 {
        var checker = GradientChecker(
            epsilon: epsilon, absoluteTolerance: absoluteTolerance, relativeTolerance: relativeTolerance,
            randomDirections: randomDirections, random: random)
        return checker.firstOrder(at: inputs, f)
    }
    // Order n: check h(x, c) = ⟨d, ∇ₓ⟨c, f(x)⟩⟩ to order n − 1.
    let outputShape = withoutGradients { f(inputs.map(Variable.init)).shape }
    let cotangent = random.tensor(outputShape)
    let directions = inputs.map { random.tensor($0.shape) }
    let lifted: ([Variable]) -> Variable = { variables in
        // Evaluated both on the graph (for the analytic side) and on constants (for finite differences): the
        // inner gradient needs recording and leaves either way.
        withGradients {
            let xs = variables.dropLast().map { $0.requiresGradient ? $0 : Variable.leaf($0.value) }
            let c = variables.last!
            let y = f(xs)
            let grads = gradients(of: y, wrt: xs, seed: c, createGraph: true)
            var total = Variable(Tensor.zeros([], dtype: .float64))
            for (g, d) in zip(grads, directions) { total = total + (g * Variable(d)).sum() }
            return total
        }
    }
    let inner = checkGradients(
        at: inputs + [cotangent], exactOrder: order - 1, epsilon: epsilon, absoluteTolerance: absoluteTolerance,
        relativeTolerance: relativeTolerance, randomDirections: randomDirections, seed: random.next(), lifted)
    return GradientCheckResult(
        passed: inner.passed, worstRatio: inner.worstRatio, worstInput: inner.worstInput,
        worstElement: inner.worstElement, analytic: inner.analytic, numeric: inner.numeric, order: order)
}

/// First-order comparison of graph gradients with central differences.
private struct GradientChecker {
    let epsilon: Double, absoluteTolerance: Double, relativeTolerance: Double
    let randomDirections: Int?
    var random: SplitMix

    mutating func firstOrder(at inputs: [Tensor], _ f: ([Variable]) -> Variable) -> GradientCheckResult {
        let outputShape = withoutGradients { f(inputs.map(Variable.init)).shape }
        let cotangent = random.tensor(outputShape)
        let c = Variable(cotangent)
        func loss(_ xs: [Tensor]) -> Double {
            withoutGradients { (f(xs.map(Variable.init)) * c).sum().item() }
        }
        let leaves = inputs.map { Variable.leaf($0) }
        // Recording on even when the caller turned it off: the analytic side needs the graph.
        let analytic = withGradients { gradients(of: f(leaves), wrt: leaves, seed: cotangent) }.map {
            $0.value.toDoubles()
        }

        var worst = (ratio: -1.0, input: 0, element: 0, analytic: 0.0, numeric: 0.0)
        func compare(_ a: Double, _ n: Double, input: Int, element: Int) {
            let ratio = Swift.abs(a - n) / (absoluteTolerance + relativeTolerance * Swift.abs(n))
            if ratio > worst.ratio || ratio.isNaN { worst = (ratio.isNaN ? .infinity : ratio, input, element, a, n) }
        }
        if let k = randomDirections {
            for _ in 0..<k {
                let directions = inputs.map { random.tensor($0.shape) }
                let plus = zip(inputs, directions).map { $0 + $1 * epsilon }
                let minus = zip(inputs, directions).map { $0 - $1 * epsilon }
                let numeric = (loss(plus) - loss(minus)) / (2 * epsilon)
                var predicted = 0.0
                for (g, t) in zip(analytic, directions) {
                    predicted += zip(g, t.toDoubles()).reduce(0) { $0 + $1.0 * $1.1 }
                }
                compare(predicted, numeric, input: 0, element: -1)
            }
        } else {
            for (i, x) in inputs.enumerated() {
                for e in 0..<x.count {
                    var plus = inputs
                    var minus = inputs
                    plus[i] = x.perturbed(element: e, by: epsilon)
                    minus[i] = x.perturbed(element: e, by: -epsilon)
                    compare(analytic[i][e], (loss(plus) - loss(minus)) / (2 * epsilon), input: i, element: e)
                }
            }
        }
        return GradientCheckResult(
            passed: worst.ratio <= 1, worstRatio: Swift.max(worst.ratio, 0), worstInput: worst.input,
            worstElement: worst.element, analytic: worst.analytic, numeric: worst.numeric, order: 1)
    }
}

/// A tiny deterministic generator for the check's random cotangents and directions (independent of the
/// tensor RNG, so a check is reproducible on its own).
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform values in [−1, 1) of `shape`, Float64.
    mutating func tensor(_ shape: [Int]) -> Tensor {
        let n = shape.reduce(1, *)
        var values = [Double](repeating: 0, count: n)
        for i in 0..<n { values[i] = Double(next() >> 11) * 0x1p-52 - 1 }
        return Tensor(values, shape: shape)
    }
}

extension Tensor {
    /// A copy with element `e` (flat, row-major) increased by `delta` (Float64).
    func perturbed(element e: Int, by delta: Double) -> Tensor {
        var copy = copied()
        copy.withMutableElements(as: Double.self) { $0[e] += delta }
        return copy
    }
}
