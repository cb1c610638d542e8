/// The elementwise functions of one tensor.
public enum UnaryFunction: Sendable, CaseIterable {
    case negate, abs, exp, expm1, log, log1p, sqrt, rsqrt, square, reciprocal
    case sin, cos, tanh, sigmoid, softplus, relu, geluTanh, geluErf, erf, sign, floor, ceil, round
}

extension Tensor {
    /// `f` applied to every element (floating dtypes only).
    public func applying(_ function: UnaryFunction) -> Tensor {
        switch dtype {
        case .float32: Tensor.apply(function, to: self, Float.self)
        case .float64: Tensor.apply(function, to: self, Double.self)
        case .int64, .bool: preconditionFailure("\(function): expects a floating dtype, got \(dtype) (shape \(shape))")
        }
    }

    static func apply<T: FloatElement>(_ function: UnaryFunction, to x: Tensor, _: T.Type) -> Tensor {
        switch function {
        case .negate: Elementwise.unary(x, T.self, T.self) { -$0 }
        case .abs: Elementwise.unary(x, T.self, T.self) { Swift.abs($0) }
        case .exp: vectorMath(.exp, x, T.self)
        case .expm1: vectorMath(.expm1, x, T.self)
        case .log: vectorMath(.log, x, T.self)
        case .log1p: vectorMath(.log1p, x, T.self)
        case .sqrt: Elementwise.unary(x, T.self, T.self) { $0.vectorizableSquareRoot() }
        case .rsqrt: Elementwise.unary(x, T.self, T.self) { 1 / $0.vectorizableSquareRoot() }
        case .square: Elementwise.unary(x, T.self, T.self) { $0 * $0 }
        case .reciprocal: Elementwise.unary(x, T.self, T.self) { 1 / $0 }
        case .sin: vectorMath(.sin, x, T.self)
        case .cos: vectorMath(.cos, x, T.self)
        case .tanh: vectorMath(.tanh, x, T.self)
        case .sigmoid: vectorMath(.sigmoid, x, T.self)
        case .softplus: vectorMath(.softplus, x, T.self)
        case .relu: Elementwise.unary(x, T.self, T.self) { ScalarMath.relu($0) }
        case .geluTanh: vectorMath(.geluTanh, x, T.self)
        case .geluErf: vectorMath(.geluErf, x, T.self)
        case .erf: vectorMath(.erf, x, T.self)
        case .sign: Elementwise.unary(x, T.self, T.self) { ScalarMath.sign($0) }
        case .floor: Elementwise.unary(x, T.self, T.self) { $0.rounded(.down) }
        case .ceil: Elementwise.unary(x, T.self, T.self) { $0.rounded(.up) }
        case .round: Elementwise.unary(x, T.self, T.self) { $0.rounded(.toNearestOrEven) }
        }
    }

    /// A transcendental function by `FastMath.apply`: vectorized loops over dense chunks, split across cores.
    static func vectorMath<T: FloatElement>(_ function: FastMath.Function, _ x: Tensor, _: T.Type) -> Tensor {
        let source = x.contiguous()
        let result = Tensor(uninitializedShape: x.shape, strides: source.strides, dtype: T.dtype)
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

    public func negated() -> Tensor { applying(.negate) }
    public func abs() -> Tensor { applying(.abs) }
    public func exp() -> Tensor { applying(.exp) }
    public func expm1() -> Tensor { applying(.expm1) }
    public func log() -> Tensor { applying(.log) }
    public func log1p() -> Tensor { applying(.log1p) }
    public func sqrt() -> Tensor { applying(.sqrt) }
    public func rsqrt() -> Tensor { applying(.rsqrt) }
    public func square() -> Tensor { applying(.square) }
    public func reciprocal() -> Tensor { applying(.reciprocal) }
    public func sin() -> Tensor { applying(.sin) }
    public func cos() -> Tensor { applying(.cos) }
    public func tanh() -> Tensor { applying(.tanh) }
    public func sigmoid() -> Tensor { applying(.sigmoid) }
    public func softplus() -> Tensor { applying(.softplus) }
    public func relu() -> Tensor { applying(.relu) }
    /// GELU; `approximate: true` is the tanh form, `false` the exact erf form.
    public func gelu(approximate: Bool = false) -> Tensor { applying(approximate ? .geluTanh : .geluErf) }
    public func erf() -> Tensor { applying(.erf) }
    public func sign() -> Tensor { applying(.sign) }
    public func floor() -> Tensor { applying(.floor) }
    public func ceil() -> Tensor { applying(.ceil) }
    public func rounded() -> Tensor { applying(.round) }

    public static prefix func - (x: Tensor) -> Tensor { x.applying(.negate) }
}
