import Tensor

/// Walk-on-spheres (Muller, 1956) for the Dirichlet–Poisson problem Δu = f in Ω, u = g on ∂Ω: an unbiased Monte
/// Carlo estimate of u at a point, needing only the distance to ∂Ω.
///
/// From x₀ = x each step takes the largest ball B(x_k, r_k) in Ω, r_k = dist(x_k, ∂Ω), and moves to a uniform point
/// x_{k+1} on its sphere. By the mean-value property of Δu = f on that ball,
///
///     u(x_k) = E[u(x_{k+1})] − ∫_B G_k(|y − x_k|) f(y) dy,
///
/// G_k the ball's Green's function of −Δ (`BallGreenFunction`); the integral is estimated by one uniform point y in
/// the ball, |B_k|·G_k(|y − x_k|)·f(y). Once r_k < ε the walk stops and reads g at the closest boundary point, so
///
///     û(x) = g(x̄_N) − Σ_{k<N} |B_k|·G_k(|y_k − x_k|)·f(y_k),
///
/// unbiased up to the ε-shell (a bias O(ε)), with O(log 1/ε) steps on a convex domain. `maximumSteps` stops a walk
/// that has not reached the shell (it then reads g at the closest point too).
public struct PoissonWalkOnSpheres<Domain: WalkDomain>: Sendable {
    public let domain: Domain
    public let epsilon: Double
    public let maximumSteps: Int

    public init(domain: Domain, epsilon: Double = 1e-3, maximumSteps: Int = 1000) {
        precondition(
            domain.dimension >= 2 && epsilon > 0 && maximumSteps >= 1,
            "PoissonWalkOnSpheres: dimension \(domain.dimension) (≥ 2), epsilon \(epsilon), steps \(maximumSteps)")
        self.domain = domain
        self.epsilon = epsilon
        self.maximumSteps = maximumSteps
    }

    /// One walk's estimate û(x) for the source f and the boundary data g (read at boundary points). Inlinable, so
    /// a caller's domain and closures are specialized into the loop.
    @inlinable
    public func walk(
        from x: [Double], source: ([Double]) -> Double, boundary: ([Double]) -> Double,
        using generator: inout RandomGenerator
    ) -> Double {
        let d = domain.dimension
        precondition(x.count == d, "PoissonWalkOnSpheres.walk: a point of \(x.count) coordinates in \(d) dimensions")
        var point = x
        var offset = x  // buffers: a ball point, then a sphere direction
        var y = x
        var sourceSum = 0.0
        let green = BallGreenFunction(dimension: d)
        for _ in 0..<maximumSteps {
            let radius = domain.distanceToBoundary(point)
            precondition(radius >= 0, "PoissonWalkOnSpheres.walk: the point \(point) is outside the domain")
            if radius < epsilon { break }
            generator.nextBallPoint(into: &offset)
            let distance = offset.reduce(0) { $0 + $1 * $1 }.squareRoot() * radius
            if distance > 0 {
                for i in 0..<d { y[i] = point[i] + radius * offset[i] }
                sourceSum += green.volume(radius: radius) * green(distance, radius: radius) * source(y)
            }
            generator.nextSpherePoint(into: &offset)
            for i in 0..<d { point[i] += radius * offset[i] }
        }
        return boundary(domain.closestBoundaryPoint(point)) - sourceSum
    }

    /// The mean of `walks` independent walks from x, with its standard error.
    @inlinable
    public func estimate(
        at x: [Double], walks: Int, source: ([Double]) -> Double, boundary: ([Double]) -> Double,
        using generator: inout RandomGenerator
    ) -> MonteCarloEstimate {
        precondition(walks >= 1, "PoissonWalkOnSpheres.estimate: walks must be ≥ 1, got \(walks)")
        return MonteCarloEstimate(
            samples: (0..<walks).map { _ in walk(from: x, source: source, boundary: boundary, using: &generator) })
    }
}
