/// The elementwise functions of one tensor.
public enum UnaryFunction: Sendable, CaseIterable {
    case negate, abs, exp, expm1, log, log1p, sqrt, rsqrt, square, reciprocal
    case sin, cos, tanh, sigmoid, softplus, relu, geluTanh, geluErf, erf, sign, floor, ceil, round
}

extension Tensor {
    /// `f` applied to every element (floating dtypes only).
    public consuming func applying(_ function: UnaryFunction) -> Tensor {
        let reuse: Elementwise.Reuse = isUniquelyReferenced() ? .first : .none
        switch dtype {
        case .float32: return Tensor.apply(function, to: self, reuse: reuse, Float.self)
        case .float64: return Tensor.apply(function, to: self, reuse: reuse, Double.self)
        case .int64, .bool: preconditionFailure("\(function): expects a floating dtype, got \(dtype) (shape \(shape))")
        }
    }

    static func apply<T: FloatElement>(
        _ function: UnaryFunction, to x: Tensor, reuse: Elementwise.Reuse = .none, _: T.Type
    ) -> Tensor {
        switch function {
        case .negate: Elementwise.unary(x, T.self, T.self, reuse: reuse) { -$0 }
        case .abs: Elementwise.unary(x, T.self, T.self, reuse: reuse) { Swift.abs($0) }
        case .exp: vectorMath(.exp, x, reuse: reuse, T.self)
        case .expm1: vectorMath(.expm1, x, reuse: reuse, T.self)
        case .log: vectorMath(.log, x, reuse: reuse, T.self)
        case .log1p: vectorMath(.log1p, x, reuse: reuse, T.self)
        case .sqrt: Elementwise.unary(x, T.self, T.self, reuse: reuse) { $0.vectorizableSquareRoot() }
        case .rsqrt: Elementwise.unary(x, T.self, T.self, reuse: reuse) { 1 / $0.vectorizableSquareRoot() }
        case .square: Elementwise.unary(x, T.self, T.self, reuse: reuse) { $0 * $0 }
        case .reciprocal: Elementwise.unary(x, T.self, T.self, reuse: reuse) { 1 / $0 }
        case .sin: vectorMath(.sin, x, reuse: reuse, T.self)
        case .cos: vectorMath(.cos, x, reuse: reuse, T.self)
        case .tanh: vectorMath(.tanh, x, reuse: reuse, T.self)
        case .sigmoid: vectorMath(.sigmoid, x, reuse: reuse, T.self)
        case .softplus: vectorMath(.softplus, x, reuse: reuse, T.self)
        case .relu: Elementwise.unary(x, T.self, T.self, reuse: reuse) { ScalarMath.relu($0) }
        case .geluTanh: vectorMath(.geluTanh, x, reuse: reuse, T.self)
        case .geluErf: vectorMath(.geluErf, x, reuse: reuse, T.self)
        case .erf: vectorMath(.erf, x, reuse: reuse, T.self)
        case .sign: Elementwise.unary(x, T.self, T.self, reuse: reuse) { ScalarMath.sign($0) }
        case .floor: Elementwise.unary(x, T.self, T.self, reuse: reuse) { $0.rounded(.down) }
        case .ceil: Elementwise.unary(x, T.self, T.self, reuse: reuse) { $0.rounded(.up) }
        case .round: Elementwise.unary(x, T.self, T.self, reuse: reuse) { $0.rounded(.toNearestOrEven) }
        }
    }

    /// A transcendental function by `FastMath.apply`: vectorized loops over dense chunks, split across cores.
    static func vectorMath<T: FloatElement>(
        _ function: FastMath.Function, _ x: Tensor, reuse: Elementwise.Reuse = .none, _: T.Type
    ) -> Tensor {
        let source = x.contiguous()
        let result =
            reuse == .first && x.isContiguous
            ? x : Tensor(uninitializedShape: x.shape, strides: source.strides, dtype: T.dtype)
        let xp = UnsafeSendable(source.basePointer(as: T.self))
        let yp = UnsafeSendable(result.basePointer(as: T.self))
        Parallel.forEachChunk(count: x.count, cost: 8) { range in
            let n = range.count
            let start = range.lowerBound
            if T.self == Float.self {
                FastMath.apply(
                    function, UnsafeRawPointer(xp.value + start).assumingMemoryBound(to: Float.self),
                    UnsafeMutableRawPointer(yp.value + start).assumingMemoryBound(to: Float.self), count: n)
            } else {
                FastMath.apply(
                    function, UnsafeRawPointer(xp.value + start).assumingMemoryBound(to: Double.self),
                    UnsafeMutableRawPointer(yp.value + start).assumingMemoryBound(to: Double.self), count: n)
            }
        }
        return result
    }

    public consuming func negated() -> Tensor { applying(.negate) }
    public consuming func abs() -> Tensor { applying(.abs) }
    public consuming func exp() -> Tensor { applying(.exp) }
    public consuming func expm1() -> Tensor { applying(.expm1) }
    public consuming func log() -> Tensor { applying(.log) }
    public consuming func log1p() -> Tensor { applying(.log1p) }
    public consuming func sqrt() -> Tensor { applying(.sqrt) }
    public consuming func rsqrt() -> Tensor { applying(.rsqrt) }
    public consuming func square() -> Tensor { applying(.square) }
    public consuming func reciprocal() -> Tensor { applying(.reciprocal) }
    public consuming func sin() -> Tensor { applying(.sin) }
    public consuming func cos() -> Tensor { applying(.cos) }
    public consuming func tanh() -> Tensor { applying(.tanh) }
    public consuming func sigmoid() -> Tensor { applying(.sigmoid) }
    public consuming func softplus() -> Tensor { applying(.softplus) }
    public consuming func relu() -> Tensor { applying(.relu) }
    /// GELU; `approximate: true` is the tanh form, `false` the exact erf form.
    public consuming func gelu(approximate: Bool = false) -> Tensor { applying(approximate ? .geluTanh : .geluErf) }
    public consuming func erf() -> Tensor { applying(.erf) }
    public consuming func sign() -> Tensor { applying(.sign) }
    public consuming func floor() -> Tensor { applying(.floor) }
    public consuming func ceil() -> Tensor { applying(.ceil) }
    public consuming func rounded() -> Tensor { applying(.round) }

    public static prefix func - (x: consuming Tensor) -> Tensor { x.applying(.negate) }
}
