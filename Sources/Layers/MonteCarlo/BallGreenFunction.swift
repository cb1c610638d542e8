import Foundation

/// The Green's function of −Δ with zero Dirichlet data on a ball of radius R in ℝᴰ, seen from the ball's center:
/// G_R(ρ) at distance ρ from the center,
///
///     D = 2:  G_R = ln(R/ρ) / (2π),      D ≥ 3:  G_R = (ρ^{2−D} − R^{2−D}) / ((D − 2)·|S^{D−1}|),
///
/// so that u(center) = mean of u over the sphere + ∫_B G_R·(−Δu). Its integral over the ball is R²/(2D).
public struct BallGreenFunction: Sendable {
    public let dimension: Int
    /// |S^{D−1}| = 2π^{D/2}/Γ(D/2), the area of the unit sphere.
    public let unitSphereArea: Double

    public init(dimension: Int) {
        precondition(dimension >= 2, "BallGreenFunction: dimension must be ≥ 2, got \(dimension)")
        self.dimension = dimension
        unitSphereArea = 2 * pow(Double.pi, Double(dimension) / 2) / tgamma(Double(dimension) / 2)
    }

    /// |B_R| = |S^{D−1}|·R^D/D.
    @inlinable
    public func volume(radius: Double) -> Double { unitSphereArea * pow(radius, Double(dimension)) / Double(dimension) }

    /// G_R(ρ) for ρ ∈ (0, R].
    @inlinable
    public func callAsFunction(_ distance: Double, radius: Double) -> Double {
        if dimension == 2 { return log(radius / distance) / (2 * Double.pi) }
        let exponent = Double(2 - dimension)
        return (pow(distance, exponent) - pow(radius, exponent)) / (Double(dimension - 2) * unitSphereArea)
    }
}
