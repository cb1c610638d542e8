import RealModule

/// A scalar function f: ℝ → ℝ written once, generic over `Real`, that `Tensor.map` and `Variable.map` apply to every
/// element in one pass.
///
/// The same text serves every purpose: on `Float` and `Double` tensors `map` evaluates it on a scalar type whose exp,
/// log, tanh, erf, sin, cos… are the vectorizable `FastMath` kernels, so the loop compiles to SIMD code with no
/// intermediate tensors; on `Dual` numbers it yields the derivative (`Derivative`), to any order.
///
/// ```swift
/// struct TanhGELU: ElementwiseFunction {
///     func callAsFunction<T: Real & ExpressibleByFloatLiteral>(_ x: T) -> T {
///         0.5 * x * (1 + T.tanh(0.7978845608028654 * (x + 0.044715 * x * x * x)))
///     }
/// }
/// let y = x.map(TanhGELU())                  // [n] → [n], one pass
/// let dy = x.map(Derivative(TanhGELU()))     // f′ elementwise, one pass
/// ```
///
/// Write branches as `?:` on comparisons (the value decides, as in any forward-mode AD) and avoid calls the compiler
/// cannot inline (they stop the loop from vectorizing). Stored properties (a slope, a temperature) are allowed.
public protocol ElementwiseFunction: Sendable {
    /// f(x).
    func callAsFunction<T: Real & ExpressibleByFloatLiteral>(_ x: T) -> T
}

/// f′, the derivative of an `ElementwiseFunction`, computed by evaluating f on the dual number x + ε.
///
/// It is itself an `ElementwiseFunction`, so `Derivative<Derivative<F>>` is f″ (duals of duals), and so on.
@frozen
public struct Derivative<Function: ElementwiseFunction>: ElementwiseFunction {
    /// The function being differentiated.
    public let function: Function

    @inlinable
    public init(_ function: Function) { self.function = function }

    /// f′(x).
    @inlinable @inline(__always)
    public func callAsFunction<T: Real & ExpressibleByFloatLiteral>(_ x: T) -> T {
        function(Dual(x, tangent: 1)).tangent
    }
}
