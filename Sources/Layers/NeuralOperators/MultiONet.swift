import Autograd
import Tensor

/// The multi-layer DeepONet of DGNO (Zang & Koutsourelakis): the branch and trunk features meet at each of their last
/// L hidden layers instead of only at the end,
///
///     G(u)(y) = (1/L) Σ_{l=1..L} w_l·⟨b_l(u), t_l(y)⟩ + b₀,
///
/// with b_l, t_l the activations of the l-th of the last L layers of each net (equal widths there) and w_l learned
/// scalars starting at 1. Sensors `[B, m]` and points `[P, d]` give `[B, P]`.
public final class MultiONet: Module {
    public let branchLayers: [Linear]
    public let trunkLayers: [Linear]
    public let activation: ActivationFunction
    public let layerWeights: Parameter
    public let bias: Parameter?

    /// Nets of sizes `branchSizes` (m, …) and `trunkSizes` (d, …) of equal depth, whose last `summedLayers` widths
    /// agree.
    public init(
        branchSizes: [Int], trunkSizes: [Int], summedLayers: Int, activation: ActivationFunction = .tanh,
        bias: Bool = true,
        dtype: DType = .float32, using generator: inout RandomGenerator
    ) {
        precondition(
            branchSizes.count == trunkSizes.count && summedLayers >= 1 && summedLayers < branchSizes.count
                && branchSizes.suffix(summedLayers) == trunkSizes.suffix(summedLayers),
            "MultiONet: branch \(branchSizes) and trunk \(trunkSizes) must have equal depth and equal widths in their last "
                + "\(summedLayers) layers")
        branchLayers = (1..<branchSizes.count).map {
            Linear(branchSizes[$0 - 1], branchSizes[$0], dtype: dtype, using: &generator)
        }
        trunkLayers = (1..<trunkSizes.count).map {
            Linear(trunkSizes[$0 - 1], trunkSizes[$0], dtype: dtype, using: &generator)
        }
        self.activation = activation
        layerWeights = Parameter(Tensor.ones([summedLayers], dtype: dtype))
        self.bias = bias ? Parameter(Tensor.zeros([1], dtype: dtype)) : nil
        super.init()
    }

    public var summedLayers: Int { layerWeights.shape[0] }

    /// Sensors `[B, m]` and points `[P, d]` → `[B, P]`.
    public func callAsFunction(_ sensors: Variable, _ points: Variable) -> Variable {
        var (b, t) = (sensors, points)
        var total: Variable?
        let first = branchLayers.count - summedLayers
        for l in 0..<branchLayers.count {
            b = activation(branchLayers[l](b))
            t = activation(trunkLayers[l](t))
            guard l >= first else { continue }
            let term = b.matmul(t.transposed()) * layerWeights.variable.narrowed(axis: 0, start: l - first, length: 1)
            total = total.map { $0 + term } ?? term
        }
        let mean = total! * (1 / Double(summedLayers))
        return bias.map { mean + $0.variable } ?? mean
    }
}
