import Foundation
import Layers
import Tensor

/// The hierarchical target h = g ∘ p on x ~ N(0, I_d): a quadratic feature p(x) = (xᵀAx − tr A)/(√2‖A‖_F)
/// (mean 0, variance 1) and a cubic link g.
///
/// A = Q·diag(±1)·Qᵀ with Q a random orthogonal basis and half of the signs negative: ‖A‖_op = ‖A‖_F/√d, the
/// "well-spread" quadratics of the paper's theory, and the degree-2 Hermite projection of g(p) is exactly
/// proportional to p (see the page, docs/experiments/hierarchical-polynomials.md).
struct HierarchicalPolynomialTarget {
    /// The link g.
    enum Link: String {
        /// He₃(z)/√6 = (z³ − 3z)/√6, the target of PLAN (E[g′(Z)] = 0 for Z ~ N(0, 1)).
        case hermite3
        /// z³/√15 = (He₃ + 3He₁)/√15, a control with E[g′(Z)] = 3/√15 ≠ 0.
        case cube

        func callAsFunction(_ z: Tensor) -> Tensor {
            switch self {
            case .hermite3: OrthogonalPolynomial.probabilistsHermite(z, degree: 3) / 6.0.squareRoot()
            case .cube: z * z * z / 15.0.squareRoot()
            }
        }
    }

    /// A `[d, d]`, symmetric.
    let matrix: Tensor
    let link: Link
    private let trace: Double
    private let scale: Double

    init(dimension d: Int, link: Link, using generator: inout RandomGenerator) throws {
        let gaussian = Tensor.normal([d, d], dtype: .float64, using: &generator)
        let basis = try Linalg.eigh(gaussian + gaussian.transposed()).eigenvectors  // [d, d] orthogonal
        let signs = Tensor((0..<d).map { $0 < d / 2 ? 1.0 : -1.0 })
        let a = (basis * signs.unsqueezed(axis: 0)).matmul(basis.transposed())
        matrix = a
        self.link = link
        trace = (0..<d).reduce(0.0) { $0 + a.element(at: [$1, $1]) }
        scale = 2.0.squareRoot() * a.norm().item()
    }

    var dimension: Int { matrix.shape[0] }

    /// p at the rows of `x` `[n, d]` → `[n]`.
    func feature(_ x: Tensor) -> Tensor {
        ((x.matmul(matrix) * x).sum(axis: 1) - trace) / scale
    }

    /// h = g(p(x)) at the rows of `x` `[n, d]` → `[n]`.
    func callAsFunction(_ x: Tensor) -> Tensor { link(feature(x)) }

    /// `count` inputs x ~ N(0, I) `[count, d]` and their targets `[count]`.
    func sample(_ count: Int, using generator: inout RandomGenerator) -> (inputs: Tensor, targets: Tensor) {
        let x = Tensor.normal([count, dimension], dtype: .float64, using: &generator)
        return (x, self(x))
    }
}
