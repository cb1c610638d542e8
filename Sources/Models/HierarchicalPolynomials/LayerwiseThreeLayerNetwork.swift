import Autograd
import Layers
import Tensor

/// The three-layer network of Wang, Nichani & Lee (ICLR 2024), after Nichani, Damian & Lee (NeurIPS 2023),
///
/// f(x) = Σᵢ aᵢ·σ₁(wᵢ·σ₂(Vx) + bᵢ),  x `[d]`, V `[m₂, d]`, W `[m₁, m₂]`, b, a `[m₁]`,
///
/// with σ₂ = He₂ on fixed random first-layer weights (rows of V uniform on the unit sphere, so v·x ~ N(0, 1) and the
/// m₂ features span the quadratics) and σ₁ = ReLU, trained layer-wise on two halves of the data:
/// 1. `trainFeature`: one large gradient step on W alone (V, b and a frozen) from W = 0;
/// 2. `fitOuter`: b redrawn, then ridge regression for a alone (the convex problem that gradient descent with weight
///    decay solves), its ridge chosen by closed-form leave-one-out.
final class LayerwiseThreeLayerNetwork: Module {
    /// V `[m₂, d]`, frozen.
    let inner: Parameter
    /// W `[m₁, m₂]`.
    let middle: Parameter
    /// b `[m₁]`.
    let bias: Parameter
    /// a `[m₁]`.
    let outer: Parameter
    /// The half-width of the uniform law of the stage-2 biases.
    let biasRange: Double

    /// The symmetric start: W = 0, b = 1 (every unit active) and a = (+1, …, +1, −1, …, −1), so f ≡ 0.
    init(dimension d: Int, innerWidth: Int, middleWidth: Int, biasRange: Double, using generator: inout RandomGenerator)
    {
        precondition(
            middleWidth >= 2 && middleWidth % 2 == 0,
            "LayerwiseThreeLayerNetwork: the middle width must be even (± pairs), got \(middleWidth)")
        let directions = Tensor.normal([innerWidth, d], dtype: .float64, using: &generator)
        inner = Parameter(directions / directions.norm(axes: [1], keepDims: true), isFrozen: true)
        middle = Parameter(Tensor.zeros([middleWidth, innerWidth], dtype: .float64))
        bias = Parameter(Tensor.ones([middleWidth], dtype: .float64))
        outer = Parameter(Tensor((0..<middleWidth).map { $0 < middleWidth / 2 ? 1.0 : -1.0 }))
        self.biasRange = biasRange
        super.init()
    }

    /// σ₂(Vx) = (Vx)² − 1 for the rows of `x` `[n, d]` → `[n, m₂]`.
    func randomFeatures(_ x: Tensor) -> Tensor { x.matmul(inner.value.transposed()).square() - 1 }

    /// The middle units σ₁(Wσ₂(Vx) + b) `[n, m₁]`.
    func middleUnits(_ x: Variable) -> Variable {
        let features = (x.matmul(inner.variable.transposed())).square() - 1  // [n, m₂]
        return (features.matmul(middle.variable.transposed()) + bias.variable).relu()  // [n, m₁]
    }

    /// f at the rows of `x` `[n, d]` → `[n]`.
    func callAsFunction(_ x: Variable) -> Variable {
        middleUnits(x).matmul(outer.variable.unsqueezed(axis: 1)).squeezed(axis: 1)
    }

    /// The feature the first stage learned, φ(x) = w₁·σ₂(Vx) (every middle unit sees ±φ), at the rows of `x` → `[n]`.
    func learnedFeature(_ x: Tensor) -> Tensor {
        randomFeatures(x).matmul(middle.value.selected(axis: 0, index: 0))
    }

    /// Stage 1 on (`inputs` `[n, d]`, `targets` `[n]`): W ← −η₁∇_W L̂ with L̂ = (1/2n)Σⱼ(f(xⱼ) − yⱼ)², the step
    /// with weight decay λ₁ = 1/η₁ from W = 0. At the symmetric start f ≡ 0 and σ₁′(b) = 1, so wᵢ = η₁aᵢ·u with
    /// u = (1/n)Σⱼ yⱼσ₂(Vxⱼ), a random-feature estimate of the degree-2 part of the target. η₁ makes η₁·u·σ₂(Vx)
    /// unit-variance on these inputs (the theory's "large" step, at the scale of the stage-2 biases).
    func trainFeature(inputs: Tensor, targets: Tensor) {
        bias.isFrozen = true
        outer.isFrozen = true
        let loss = (self(Variable(inputs)) - Variable(targets)).square().mean() * 0.5
        loss.backward()
        let gradient = middle.gradient!  // [m₁, m₂], row i = −aᵢ·u
        let feature = randomFeatures(inputs).matmul(gradient.selected(axis: 0, index: 0))  // −u·σ₂(Vx)
        let stepSize = 1 / (feature - feature.mean()).square().mean().item().squareRoot()
        middle.assign(gradient * -stepSize)
        middle.isFrozen = true
    }

    /// Stage 2 on the other half (`inputs` `[n, d]`, `targets` `[n]`): biases redrawn from U[−B, B], then a = Hᵀc with
    /// c = (HHᵀ + λI)⁻¹y the ridge solution on the middle units H `[n, m₁]`, λ among `ridges` by leave-one-out.
    /// Returns the chosen λ and its leave-one-out mean squared error.
    @discardableResult
    func fitOuter(inputs: Tensor, targets: Tensor, ridges: [Double], using generator: inout RandomGenerator) throws
        -> (ridge: Double, error: Double)
    {
        bias.isFrozen = false
        bias.assign(
            Tensor.uniform(bias.shape, low: -biasRange, high: biasRange, dtype: .float64, using: &generator))
        bias.isFrozen = true
        let units = withoutGradients { middleUnits(Variable(inputs)).value }  // [n, m₁]
        let regression = try KernelRidgeRegression(kernel: units.matmul(units.transposed()))
        let selection = regression.leaveOneOutSelection(targets, candidates: ridges)
        outer.assign(units.transposed().matmul(regression.coefficients(targets, ridge: selection.ridge)))
        return selection
    }

    /// f at the rows of `x` `[n, d]`, without a graph.
    func predict(_ x: Tensor) -> Tensor { withoutGradients { self(Variable(x)).value } }
}
