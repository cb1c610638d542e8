import Foundation

/// Wendland's compactly supported radial basis functions (Wendland, 1995): the piecewise polynomials φ_{D,k}(r) of
/// minimal degree that are C^{2k} and positive definite in ℝᴰ, zero for r ≥ 1. With ℓ = ⌊D/2⌋ + k + 1,
///
///     k = 1 (C²):  φ = (1 − r)^{ℓ+1}·((ℓ + 1)r + 1),
///     k = 2 (C⁴):  φ = (1 − r)^{ℓ+2}·((ℓ² + 4ℓ + 3)r² + (3ℓ + 6)r + 3)/3,
///
/// both normalized to φ(0) = 1 (in 1-D: (1 − r)³(3r + 1) and (1 − r)⁵(8r² + 5r + 1)). The derivative is given as
/// φ′(r)/r, a polynomial, so the gradient of x ↦ φ(|x − c|/R) is (φ′(r)/r)·(x − c)/R², smooth at the center.
public struct WendlandFunction: Sendable {
    /// The smoothness: C² or C⁴.
    public enum Smoothness: Sendable {
        case c2, c4
    }

    public let dimension: Int
    public let smoothness: Smoothness

    public init(dimension: Int, smoothness: Smoothness = .c2) {
        precondition(dimension >= 1, "WendlandFunction: dimension must be ≥ 1, got \(dimension)")
        self.dimension = dimension
        self.smoothness = smoothness
    }

    private var ell: Double {
        Double(dimension / 2 + (smoothness == .c2 ? 1 : 2) + 1)
    }

    /// φ(r), zero for r ≥ 1 (r ≥ 0).
    public func value(_ r: Double) -> Double {
        guard r < 1 else { return 0 }
        let l = ell
        switch smoothness {
        case .c2: return pow(1 - r, l + 1) * ((l + 1) * r + 1)
        case .c4: return pow(1 - r, l + 2) * ((l * l + 4 * l + 3) * r * r + (3 * l + 6) * r + 3) / 3
        }
    }

    /// φ′(r)/r, zero for r ≥ 1:  C²: −(ℓ + 1)(ℓ + 2)(1 − r)^ℓ;  C⁴: −(ℓ + 3)(ℓ + 4)(1 − r)^{ℓ+1}((ℓ + 1)r + 1)/3.
    public func derivativeOverRadius(_ r: Double) -> Double {
        guard r < 1 else { return 0 }
        let l = ell
        switch smoothness {
        case .c2: return -(l + 1) * (l + 2) * pow(1 - r, l)
        case .c4: return -(l + 3) * (l + 4) * pow(1 - r, l + 1) * ((l + 1) * r + 1) / 3
        }
    }
}
