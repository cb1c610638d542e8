import Autograd
import Tensor

/// The gated linear unit (Dauphin et al. 2017): the input split in halves a, b along `axis`, y = a·σ(b).
///
/// `[…, 2d, …]` → `[…, d, …]` (the first half is a, the second b, as in PyTorch's `nn.GLU`).
public final class GLU: Module, UnaryLayer {
    public let axis: Int

    public init(axis: Int = -1) {
        self.axis = axis
        super.init()
    }

    /// `[…, 2d, …]` → `[…, d, …]`.
    public func callAsFunction(_ x: Variable) -> Variable {
        precondition(
            x.rank > 0 && (-x.rank..<x.rank).contains(axis),
            "GLU: axis \(axis) is out of range for input \(x.shape)")
        let resolved = axis < 0 ? axis + x.rank : axis
        precondition(
            x.shape[resolved] % 2 == 0, "GLU: input \(x.shape) has odd size \(x.shape[resolved]) along axis \(axis)")
        let halves = x.split(count: 2, axis: resolved)
        return halves[0] * halves[1].sigmoid()
    }
}
