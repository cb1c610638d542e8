import Autograd
import Tensor

/// The precision in which an iterative solver stores the result of every elementary operation.
///
/// `.bfloat16` emulates bfloat16 arithmetic the way PyTorch runs it on bfloat16 tensors: each op computes in the
/// tensor's dtype (products and sums accumulated in Float32 or Float64) and its result is rounded to the nearest
/// bfloat16 (`roundedToBFloat16`, ties to even) before the next op reads it. Rounding is straight-through for
/// gradients, so a solver in either precision is differentiable.
public enum ArithmeticPrecision: Sendable, Equatable {
    case native
    case bfloat16

    /// `x` as this precision stores it.
    @inline(__always)
    public func stored(_ x: Variable) -> Variable {
        switch self {
        case .native: x
        case .bfloat16: x.roundedToBFloat16()
        }
    }
}
