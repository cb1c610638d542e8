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
        case .exp: Elementwise.unary(x, T.self, T.self, cost: 8) { T.exp($0) }
        case .expm1: Elementwise.unary(x, T.self, T.self, cost: 8) { T.expMinusOne($0) }
        case .log: Elementwise.unary(x, T.self, T.self, cost: 8) { T.log($0) }
        case .log1p: Elementwise.unary(x, T.self, T.self, cost: 8) { T.log(onePlus: $0) }
        case .sqrt: Elementwise.unary(x, T.self, T.self, cost: 2) { $0.squareRoot() }
        case .rsqrt: Elementwise.unary(x, T.self, T.self, cost: 2) { 1 / $0.squareRoot() }
        case .square: Elementwise.unary(x, T.self, T.self) { $0 * $0 }
        case .reciprocal: Elementwise.unary(x, T.self, T.self) { 1 / $0 }
        case .sin: Elementwise.unary(x, T.self, T.self, cost: 8) { T.sin($0) }
        case .cos: Elementwise.unary(x, T.self, T.self, cost: 8) { T.cos($0) }
        case .tanh: Elementwise.unary(x, T.self, T.self, cost: 8) { T.tanh($0) }
        case .sigmoid: Elementwise.unary(x, T.self, T.self, cost: 8) { ScalarMath.sigmoid($0) }
        case .softplus: Elementwise.unary(x, T.self, T.self, cost: 8) { ScalarMath.softplus($0) }
        case .relu: Elementwise.unary(x, T.self, T.self) { ScalarMath.relu($0) }
        case .geluTanh: Elementwise.unary(x, T.self, T.self, cost: 8) { ScalarMath.geluTanh($0) }
        case .geluErf: Elementwise.unary(x, T.self, T.self, cost: 8) { ScalarMath.geluErf($0) }
        case .erf: Elementwise.unary(x, T.self, T.self, cost: 8) { T.erf($0) }
        case .sign: Elementwise.unary(x, T.self, T.self) { ScalarMath.sign($0) }
        case .floor: Elementwise.unary(x, T.self, T.self) { $0.rounded(.down) }
        case .ceil: Elementwise.unary(x, T.self, T.self) { $0.rounded(.up) }
        case .round: Elementwise.unary(x, T.self, T.self) { $0.rounded(.toNearestOrEven) }
        }
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
