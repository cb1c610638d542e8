import Autograd
import Tensor

/// The deep operator network of Lu et al. (2021): G(u)(y) = Σ_k b_k(u)·t_k(y) + b₀, a branch net b reading the input
/// function at m sensors and a trunk net t reading a query point, both ending in p features.
///
/// Evaluated on every pair: sensors `[B, m]` and points `[P, d]` give `[B, P]`.
///
/// ```swift
/// let net = DeepONet(
///     branch: MLP([100, 64, 64], activation: .tanh, using: &g), trunk: MLP([1, 64, 64], activation: .tanh, using: &g))
/// let values = net(sensors, points)   // [B, 100], [P, 1] → [B, P]
/// ```
public final class DeepONet: Module {
    public let branch: any UnaryLayer
    public let trunk: any UnaryLayer
    public let bias: Parameter?

    public init(branch: any UnaryLayer, trunk: any UnaryLayer, bias: Bool = true, dtype: DType = .float32) {
        self.branch = branch
        self.trunk = trunk
        self.bias = bias ? Parameter(Tensor.zeros([1], dtype: dtype)) : nil
        super.init()
    }

    /// Sensors `[B, m]` and points `[P, d]` → `[B, P]`.
    public func callAsFunction(_ sensors: Variable, _ points: Variable) -> Variable {
        let b = branch(sensors)
        let t = trunk(points)
        precondition(
            b.rank == 2 && t.rank == 2 && b.shape[1] == t.shape[1],
            "DeepONet: branch features \(b.shape) and trunk features \(t.shape) must be [B, p] and [P, p]")
        let products = b.matmul(t.transposed())
        return bias.map { products + $0.variable } ?? products
    }
}
