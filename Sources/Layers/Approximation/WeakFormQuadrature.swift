import Autograd
import Tensor

/// Weak-form residuals of a 1-D divergence-form equation −(F(u))′ = S against compactly supported test functions
/// φ_k(x) = φ(|x − c_k|/R) (a `WendlandFunction`), each integrated by Gauss–Legendre on the two halves of its own
/// support, [c_k − R, c_k] and [c_k, c_k + R] (φ_k is a polynomial on each half; across c_k its third derivative
/// jumps, which a rule over the whole support would integrate inexactly): with K centers and Q nodes per support
/// (Q/2 per half) there are K·Q quadrature points x_{kq}, and
///
///     r_k = ∫ F·φ_k′ − S·φ_k dx ≈ Σ_q w_{kq}·(F(x_{kq})·φ_k′(x_{kq}) − S(x_{kq})·φ_k(x_{kq})),
///
/// zero for a weak solution (φ_k vanishes at the ends of its support, so no boundary term; the supports must lie in
/// the domain). For −(a u′)′ = f, F = a u′ and S = f. The integrand F needs only u′: no second derivatives.
public struct WeakFormQuadrature: Sendable {
    public let centers: [Double]
    public let radius: Double
    /// The quadrature points x_{kq}, center-major: `[K·Q]`.
    public let points: [Double]
    /// w_{kq} (R times the Gauss–Legendre weights): `[K, Q]`.
    public let weights: Tensor
    /// φ_k(x_{kq}): `[K, Q]`.
    public let testValues: Tensor
    /// φ_k′(x_{kq}): `[K, Q]`.
    public let testDerivatives: Tensor

    /// K test functions of radius R at `centers`, Q = `nodesPerSupport` (even) Gauss–Legendre nodes on each support.
    public init(
        centers: [Double], radius: Double, nodesPerSupport: Int, testFunction: WendlandFunction = .init(dimension: 1),
        dtype: DType = .float32
    ) {
        precondition(
            !centers.isEmpty && radius > 0 && nodesPerSupport >= 2 && nodesPerSupport % 2 == 0
                && testFunction.dimension == 1,
            "WeakFormQuadrature: \(centers.count) centers, radius \(radius), \(nodesPerSupport) nodes (even, ≥ 2), a "
                + "\(testFunction.dimension)-D test function (1-D wanted)")
        let rule = GaussLegendreQuadrature(count: nodesPerSupport / 2)
        // s = (x − c)/R on [−1, 0] then [0, 1], mapped from the rule's [−1, 1].
        let halves = [-1.0, 1.0].flatMap { side in
            zip(rule.nodes, rule.weights).map { (($0.0 + side) / 2, $0.1 / 2) }
        }
        var points: [Double] = []
        var weights: [Double] = []
        var values: [Double] = []
        var derivatives: [Double] = []
        for center in centers {
            for (node, weight) in halves {
                points.append(center + radius * node)
                weights.append(radius * weight)
                let r = abs(node)
                values.append(testFunction.value(r))
                // d/dx φ(|x − c|/R) = (φ′(r)/r)·(x − c)/R² with (x − c)/R = node.
                derivatives.append(testFunction.derivativeOverRadius(r) * node / radius)
            }
        }
        let shape = [centers.count, nodesPerSupport]
        self.centers = centers
        self.radius = radius
        self.points = points
        self.weights = Tensor(weights, shape: shape, dtype: dtype)
        self.testValues = Tensor(values, shape: shape, dtype: dtype)
        self.testDerivatives = Tensor(derivatives, shape: shape, dtype: dtype)
    }

    /// K equally spaced centers with their supports inside [low, high]: c_k from low + R to high − R.
    public static func uniform(
        count: Int, radius: Double, nodesPerSupport: Int, on interval: ClosedRange<Double> = 0...1,
        testFunction: WendlandFunction = .init(dimension: 1), dtype: DType = .float32
    ) -> WeakFormQuadrature {
        let (low, high) = (interval.lowerBound + radius, interval.upperBound - radius)
        precondition(count >= 2 && low < high, "WeakFormQuadrature.uniform: \(count) supports of radius \(radius)")
        let centers = (0..<count).map { low + (high - low) * Double($0) / Double(count - 1) }
        return WeakFormQuadrature(
            centers: centers, radius: radius, nodesPerSupport: nodesPerSupport, testFunction: testFunction,
            dtype: dtype)
    }

    /// The residuals r `[B, K]` from the flux F and the source S at the quadrature points, `[B, K·Q]` each (a
    /// source may be `[1, K·Q]`, shared by the batch).
    public func residuals(flux: Variable, source: Variable) -> Variable {
        let (k, q) = (weights.shape[0], weights.shape[1])
        precondition(
            flux.rank == 2 && flux.shape[1] == k * q && source.rank == 2 && source.shape[1] == k * q,
            "WeakFormQuadrature.residuals: flux \(flux.shape) and source \(source.shape) must be [B, \(k * q)]")
        let f = flux.reshaped([flux.shape[0], k, q])
        let s = source.reshaped([source.shape[0], k, q])
        let integrand = f * Variable(testDerivatives) - s * Variable(testValues)
        return (integrand * Variable(weights)).sum(axes: [2])
    }
}
