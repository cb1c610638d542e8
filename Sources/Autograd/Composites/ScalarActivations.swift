import RealModule
import Tensor

/// GELU, exact form: x·Φ(x) = ½x(1 + erf(x/√2)). `Variable.gelu()` differentiates it with `Derivative`.
public struct ErfGELU: ElementwiseFunction {
    public init() {}

    @inlinable @inline(__always)
    public func callAsFunction<T: Real & ExpressibleByFloatLiteral>(_ x: T) -> T {
        0.5 * x * (1 + T.erf(0.7071067811865476 * x))
    }
}

/// GELU, tanh approximation: ½x(1 + tanh(√(2/π)(x + 0.044715x³))). `Variable.gelu(approximate: true)`
/// differentiates it with `Derivative`.
public struct TanhGELU: ElementwiseFunction {
    public init() {}

    @inlinable @inline(__always)
    public func callAsFunction<T: Real & ExpressibleByFloatLiteral>(_ x: T) -> T {
        0.5 * x * (1 + T.tanh(0.7978845608028654 * (x + 0.044715 * (x * x * x))))
    }
}

/// SiLU (swish): x·σ(x), with σ(x) = 1/(1 + e^−x) for x ≥ 0 and eˣ/(1 + eˣ) below, which neither overflows nor
/// loses its derivative for large |x|. Both choices test the same condition, so duals at x = ±0 take one side.
public struct SiLU: ElementwiseFunction {
    public init() {}

    @inlinable @inline(__always)
    public func callAsFunction<T: Real & ExpressibleByFloatLiteral>(_ x: T) -> T {
        let negative = x < 0
        let t = T.exp(negative ? x : -x)
        return x * (negative ? t : 1) / (1 + t)
    }
}

/// softplus: ln(1 + eˣ) = max(x, 0) + ln(1 + e^−|x|). Both pieces test the same condition: with `magnitude` for
/// |x| the dual at x = 0 would mix the sides and give the derivative −½ instead of ½.
public struct Softplus: ElementwiseFunction {
    public init() {}

    @inlinable @inline(__always)
    public func callAsFunction<T: Real & ExpressibleByFloatLiteral>(_ x: T) -> T {
        let positive = x > 0
        return (positive ? x : 0) + T.log(onePlus: T.exp(positive ? -x : x))
    }
}
