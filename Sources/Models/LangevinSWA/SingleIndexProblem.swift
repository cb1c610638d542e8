import Layers
import Tensor

/// A single-index model with a degree-3 Hermite link: y = He₃(θ*·x), x ~ N(0, I_d), θ* uniform on the sphere
/// (information exponent k* = 3), fitted on the sphere ‖θ‖ = 1 with the correlation loss
///
/// L̂(θ) = −(1/(6n))·Σᵢ yᵢ·He₃(θ·xᵢ), whose population value is −(θ·θ*)³ (E[He₃(u)He₃(v)] = 6·cov(u, v)³),
/// ∇L̂(θ) = −(1/(2n))·Xᵀ(y ∘ He₂(Xθ)) (He′₃ = 3He₂).
struct SingleIndexProblem {
    let inputs: Tensor  // [n, d]
    let targets: Tensor  // [n]
    let direction: Tensor  // θ* [d]

    init(dimension d: Int, samples n: Int, seed: UInt64) {
        var generator = RandomGenerator(seed: seed)
        direction = SphereProjection.projected(Tensor.normal([d], dtype: .float64, using: &generator))
        inputs = Tensor.normal([n, d], dtype: .float64, using: &generator)
        targets = OrthogonalPolynomial.probabilistsHermite(inputs.matmul(direction), degree: 3)
    }

    var dimension: Int { direction.shape[0] }
    var count: Int { targets.shape[0] }

    /// ∇L̂ at θ `[d]` over the rows `range` of the data (all by default).
    func gradient(at theta: Tensor, rows range: Range<Int>? = nil) -> Tensor {
        let range = range ?? 0..<count
        let x = inputs.narrowed(axis: 0, start: range.lowerBound, length: range.count)
        let y = targets.narrowed(axis: 0, start: range.lowerBound, length: range.count)
        let slopes = OrthogonalPolynomial.probabilistsHermite(x.matmul(theta), degree: 2) * y
        return x.transposed().matmul(slopes) * (-0.5 / Double(range.count))
    }

    /// |θ̂·θ*| for θ̂ = θ/‖θ‖.
    func overlap(_ theta: Tensor) -> Double {
        abs((theta * direction).sum().item()) / theta.norm().item()
    }
}
