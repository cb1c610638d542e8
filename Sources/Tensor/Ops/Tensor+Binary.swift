/// The elementwise functions of two tensors (NumPy broadcasting).
public enum BinaryFunction: Sendable, CaseIterable {
    case add, subtract, multiply, divide, maximum, minimum, power
}

extension Tensor {
    /// `f(self, other)` elementwise, broadcasting both to their common shape (floating dtypes).
    public consuming func applying(_ function: BinaryFunction, _ other: consuming Tensor) -> Tensor {
        precondition(dtype.isFloatingPoint, "\(function): expects floating dtypes, got \(dtype) and \(other.dtype)")
        let reuse: Elementwise.Reuse =
            isUniquelyReferenced() ? .first : other.isUniquelyReferenced() ? .second : .none
        return dtype == .float32
            ? Tensor.apply(function, self, other, reuse: reuse, Float.self)
            : Tensor.apply(function, self, other, reuse: reuse, Double.self)
    }

    static func apply<T: FloatElement>(
        _ function: BinaryFunction, _ a: Tensor, _ b: Tensor, reuse: Elementwise.Reuse = .none, _: T.Type
    ) -> Tensor {
        // Built only for a failure message: formatting shapes costs microseconds per op.
        func name() -> String { "\(function): \(a.shape) and \(b.shape)" }
        switch function {
        case .add: return Elementwise.binary(a, b, T.self, T.self, op: name(), reuse: reuse) { $0 + $1 }
        case .subtract: return Elementwise.binary(a, b, T.self, T.self, op: name(), reuse: reuse) { $0 - $1 }
        case .multiply: return Elementwise.binary(a, b, T.self, T.self, op: name(), reuse: reuse) { $0 * $1 }
        case .divide: return Elementwise.binary(a, b, T.self, T.self, op: name(), reuse: reuse) { $0 / $1 }
        case .maximum:
            return Elementwise.binary(a, b, T.self, T.self, op: name(), reuse: reuse) { $0 > $1 || $0.isNaN ? $0 : $1 }
        case .minimum:
            return Elementwise.binary(a, b, T.self, T.self, op: name(), reuse: reuse) { $0 < $1 || $0.isNaN ? $0 : $1 }
        case .power:
            return Elementwise.binary(a, b, T.self, T.self, op: name(), cost: 16, reuse: reuse) {
                ScalarMath.pow($0, $1)
            }
        }
    }

    /// `f(self, s)` elementwise with a scalar right operand.
    public consuming func applying(_ function: BinaryFunction, scalar s: Double) -> Tensor {
        let reuse: Elementwise.Reuse = isUniquelyReferenced() ? .first : .none
        switch dtype {
        case .float32: return Tensor.apply(function, self, Float(s), reuse: reuse)
        case .float64: return Tensor.apply(function, self, s, reuse: reuse)
        case .int64, .bool: preconditionFailure("\(function): expects a floating dtype, got \(dtype)")
        }
    }

    static func apply<T: FloatElement>(
        _ function: BinaryFunction, _ a: Tensor, _ s: T, reuse: Elementwise.Reuse = .none
    ) -> Tensor {
        // `s` is passed to the kernel, not captured: a capturing closure cannot be inlined into the parallel loop.
        switch function {
        case .add: Elementwise.unary(a, scalar: s, T.self, T.self, reuse: reuse) { $0 + $1 }
        case .subtract: Elementwise.unary(a, scalar: s, T.self, T.self, reuse: reuse) { $0 - $1 }
        case .multiply: Elementwise.unary(a, scalar: s, T.self, T.self, reuse: reuse) { $0 * $1 }
        case .divide: Elementwise.unary(a, scalar: s, T.self, T.self, reuse: reuse) { $0 / $1 }
        case .maximum: Elementwise.unary(a, scalar: s, T.self, T.self, reuse: reuse) { $0 > $1 || $0.isNaN ? $0 : $1 }
        case .minimum: Elementwise.unary(a, scalar: s, T.self, T.self, reuse: reuse) { $0 < $1 || $0.isNaN ? $0 : $1 }
        case .power:
            if s == 2 {
                Elementwise.unary(a, T.self, T.self, reuse: reuse) { $0 * $0 }
            } else if s == T(0.5) {
                Elementwise.unary(a, T.self, T.self, cost: 2, reuse: reuse) { $0.squareRoot() }
            } else {
                Elementwise.unary(a, scalar: s, T.self, T.self, cost: 16, reuse: reuse) { ScalarMath.pow($0, $1) }
            }
        }
    }

    /// `s - self` and `s / self` (the scalar on the left).
    public consuming func reverseSubtracting(_ s: Double) -> Tensor { applying(.negate).applying(.add, scalar: s) }
    public consuming func reverseDividing(_ s: Double) -> Tensor {
        let reuse: Elementwise.Reuse = isUniquelyReferenced() ? .first : .none
        switch dtype {
        case .float32:
            return Elementwise.unary(self, scalar: Float(s), Float.self, Float.self, reuse: reuse) { $1 / $0 }
        case .float64: return Elementwise.unary(self, scalar: s, Double.self, Double.self, reuse: reuse) { $1 / $0 }
        case .int64, .bool: preconditionFailure("divide: expects a floating dtype, got \(dtype)")
        }
    }

    public static func + (a: consuming Tensor, b: consuming Tensor) -> Tensor { a.applying(.add, b) }
    public static func - (a: consuming Tensor, b: consuming Tensor) -> Tensor { a.applying(.subtract, b) }
    public static func * (a: consuming Tensor, b: consuming Tensor) -> Tensor { a.applying(.multiply, b) }
    public static func / (a: consuming Tensor, b: consuming Tensor) -> Tensor { a.applying(.divide, b) }
    public static func + (a: consuming Tensor, s: Double) -> Tensor { a.applying(.add, scalar: s) }
    public static func - (a: consuming Tensor, s: Double) -> Tensor { a.applying(.subtract, scalar: s) }
    public static func * (a: consuming Tensor, s: Double) -> Tensor { a.applying(.multiply, scalar: s) }
    public static func / (a: consuming Tensor, s: Double) -> Tensor { a.applying(.divide, scalar: s) }
    public static func + (s: Double, a: consuming Tensor) -> Tensor { a.applying(.add, scalar: s) }
    public static func - (s: Double, a: consuming Tensor) -> Tensor { a.reverseSubtracting(s) }
    public static func * (s: Double, a: consuming Tensor) -> Tensor { a.applying(.multiply, scalar: s) }
    public static func / (s: Double, a: consuming Tensor) -> Tensor { a.reverseDividing(s) }

    public consuming func maximum(_ other: consuming Tensor) -> Tensor { applying(.maximum, other) }
    public consuming func minimum(_ other: consuming Tensor) -> Tensor { applying(.minimum, other) }
    public consuming func pow(_ exponent: consuming Tensor) -> Tensor { applying(.power, exponent) }
    public consuming func pow(_ exponent: Double) -> Tensor { applying(.power, scalar: exponent) }

    /// Each element limited to `[lower, upper]` (either bound may be nil).
    public func clamped(min lower: Double? = nil, max upper: Double? = nil) -> Tensor {
        var result = self
        if let lower { result = result.applying(.maximum, scalar: lower) }
        if let upper { result = result.applying(.minimum, scalar: upper) }
        return lower == nil && upper == nil ? copied() : result
    }
}
