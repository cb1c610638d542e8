/// The elementwise functions of two tensors (NumPy broadcasting).
public enum BinaryFunction: Sendable, CaseIterable {
    case add, subtract, multiply, divide, maximum, minimum, power
}

extension Tensor {
    /// `f(self, other)` elementwise, broadcasting both to their common shape (floating dtypes).
    public func applying(_ function: BinaryFunction, _ other: Tensor) -> Tensor {
        switch dtype {
        case .float32: Tensor.apply(function, self, other, Float.self)
        case .float64: Tensor.apply(function, self, other, Double.self)
        case .int64, .bool:
            preconditionFailure("\(function): expects floating dtypes, got \(dtype) and \(other.dtype)")
        }
    }

    static func apply<T: FloatElement>(_ function: BinaryFunction, _ a: Tensor, _ b: Tensor, _: T.Type) -> Tensor {
        // Built only for a failure message: formatting shapes costs microseconds per op.
        func name() -> String { "\(function): \(a.shape) and \(b.shape)" }
        switch function {
        case .add: return Elementwise.binary(a, b, T.self, T.self, op: name()) { $0 + $1 }
        case .subtract: return Elementwise.binary(a, b, T.self, T.self, op: name()) { $0 - $1 }
        case .multiply: return Elementwise.binary(a, b, T.self, T.self, op: name()) { $0 * $1 }
        case .divide: return Elementwise.binary(a, b, T.self, T.self, op: name()) { $0 / $1 }
        case .maximum: return Elementwise.binary(a, b, T.self, T.self, op: name()) { $0 > $1 || $0.isNaN ? $0 : $1 }
        case .minimum: return Elementwise.binary(a, b, T.self, T.self, op: name()) { $0 < $1 || $0.isNaN ? $0 : $1 }
        case .power: return Elementwise.binary(a, b, T.self, T.self, op: name(), cost: 16) { ScalarMath.pow($0, $1) }
        }
    }

    /// `f(self, s)` elementwise with a scalar right operand.
    public func applying(_ function: BinaryFunction, scalar s: Double) -> Tensor {
        switch dtype {
        case .float32: Tensor.apply(function, self, Float(s))
        case .float64: Tensor.apply(function, self, s)
        case .int64, .bool: preconditionFailure("\(function): expects a floating dtype, got \(dtype)")
        }
    }

    static func apply<T: FloatElement>(_ function: BinaryFunction, _ a: Tensor, _ s: T) -> Tensor {
        // `s` is passed to the kernel, not captured: a capturing closure cannot be inlined into the parallel loop.
        switch function {
        case .add: Elementwise.unary(a, scalar: s, T.self, T.self) { $0 + $1 }
        case .subtract: Elementwise.unary(a, scalar: s, T.self, T.self) { $0 - $1 }
        case .multiply: Elementwise.unary(a, scalar: s, T.self, T.self) { $0 * $1 }
        case .divide: Elementwise.unary(a, scalar: s, T.self, T.self) { $0 / $1 }
        case .maximum: Elementwise.unary(a, scalar: s, T.self, T.self) { $0 > $1 || $0.isNaN ? $0 : $1 }
        case .minimum: Elementwise.unary(a, scalar: s, T.self, T.self) { $0 < $1 || $0.isNaN ? $0 : $1 }
        case .power:
            if s == 2 {
                Elementwise.unary(a, T.self, T.self) { $0 * $0 }
            } else if s == T(0.5) {
                Elementwise.unary(a, T.self, T.self, cost: 2) { $0.squareRoot() }
            } else {
                Elementwise.unary(a, scalar: s, T.self, T.self, cost: 16) { ScalarMath.pow($0, $1) }
            }
        }
    }

    /// `s - self` and `s / self` (the scalar on the left).
    public func reverseSubtracting(_ s: Double) -> Tensor { applying(.negate).applying(.add, scalar: s) }
    public func reverseDividing(_ s: Double) -> Tensor {
        switch dtype {
        case .float32: return Elementwise.unary(self, scalar: Float(s), Float.self, Float.self) { $1 / $0 }
        case .float64: return Elementwise.unary(self, scalar: s, Double.self, Double.self) { $1 / $0 }
        case .int64, .bool: preconditionFailure("divide: expects a floating dtype, got \(dtype)")
        }
    }

    public static func + (a: Tensor, b: Tensor) -> Tensor { a.applying(.add, b) }
    public static func - (a: Tensor, b: Tensor) -> Tensor { a.applying(.subtract, b) }
    public static func * (a: Tensor, b: Tensor) -> Tensor { a.applying(.multiply, b) }
    public static func / (a: Tensor, b: Tensor) -> Tensor { a.applying(.divide, b) }
    public static func + (a: Tensor, s: Double) -> Tensor { a.applying(.add, scalar: s) }
    public static func - (a: Tensor, s: Double) -> Tensor { a.applying(.subtract, scalar: s) }
    public static func * (a: Tensor, s: Double) -> Tensor { a.applying(.multiply, scalar: s) }
    public static func / (a: Tensor, s: Double) -> Tensor { a.applying(.divide, scalar: s) }
    public static func + (s: Double, a: Tensor) -> Tensor { a.applying(.add, scalar: s) }
    public static func - (s: Double, a: Tensor) -> Tensor { a.reverseSubtracting(s) }
    public static func * (s: Double, a: Tensor) -> Tensor { a.applying(.multiply, scalar: s) }
    public static func / (s: Double, a: Tensor) -> Tensor { a.reverseDividing(s) }

    public func maximum(_ other: Tensor) -> Tensor { applying(.maximum, other) }
    public func minimum(_ other: Tensor) -> Tensor { applying(.minimum, other) }
    public func pow(_ exponent: Tensor) -> Tensor { applying(.power, exponent) }
    public func pow(_ exponent: Double) -> Tensor { applying(.power, scalar: exponent) }

    /// Each element limited to `[lower, upper]` (either bound may be nil).
    public func clamped(min lower: Double? = nil, max upper: Double? = nil) -> Tensor {
        var result = self
        if let lower { result = result.applying(.maximum, scalar: lower) }
        if let upper { result = result.applying(.minimum, scalar: upper) }
        return lower == nil && upper == nil ? copied() : result
    }
}
