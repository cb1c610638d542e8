/// Elementwise comparisons (to `bool` masks), logical operations on masks, and selection by a mask.
public enum Comparison: Sendable, CaseIterable {
    case equal, notEqual, less, lessEqual, greater, greaterEqual
}

extension Tensor {
    /// The mask `self ⋄ other` (broadcasting). Works for every dtype but bool.
    public func compared(_ comparison: Comparison, _ other: Tensor) -> Tensor {
        switch dtype {
        case .float32: Tensor.compare(comparison, self, other, Float.self)
        case .float64: Tensor.compare(comparison, self, other, Double.self)
        case .int64: Tensor.compare(comparison, self, other, Int64.self)
        case .bool: preconditionFailure("\(comparison): expects numbers, got bool masks")
        }
    }

    /// The mask `self ⋄ s`.
    public func compared(_ comparison: Comparison, scalar s: Double) -> Tensor {
        // An int64 tensor meets a scalar that int64 cannot hold (1.5, NaN, ±∞) in float64, as NumPy and PyTorch
        // promote: truncating it would make 1 == 1.5 true (and trap on NaN).
        if dtype == .int64 && Int64(exactly: s) == nil { return cast(to: .float64).compared(comparison, scalar: s) }
        return compared(comparison, Tensor(scalar: s, dtype: dtype))
    }

    static func compare<T: TensorElement & Comparable>(_ c: Comparison, _ a: Tensor, _ b: Tensor, _: T.Type) -> Tensor {
        // Built only for a failure message: formatting shapes costs microseconds per op.
        func name() -> String { "\(c): \(a.shape) and \(b.shape)" }
        switch c {
        case .equal: return Elementwise.binary(a, b, T.self, Bool.self, op: name()) { $0 == $1 }
        case .notEqual: return Elementwise.binary(a, b, T.self, Bool.self, op: name()) { $0 != $1 }
        case .less: return Elementwise.binary(a, b, T.self, Bool.self, op: name()) { $0 < $1 }
        case .lessEqual: return Elementwise.binary(a, b, T.self, Bool.self, op: name()) { $0 <= $1 }
        case .greater: return Elementwise.binary(a, b, T.self, Bool.self, op: name()) { $0 > $1 }
        case .greaterEqual: return Elementwise.binary(a, b, T.self, Bool.self, op: name()) { $0 >= $1 }
        }
    }

    /// Elementwise AND of two masks.
    public func logicalAnd(_ other: Tensor) -> Tensor {
        precondition(
            dtype == .bool && other.dtype == .bool, "logicalAnd: expects bool masks, got \(dtype), \(other.dtype)")
        return Elementwise.binary(self, other, Bool.self, Bool.self, op: "logicalAnd") { $0 && $1 }
    }

    /// Elementwise OR of two masks.
    public func logicalOr(_ other: Tensor) -> Tensor {
        precondition(
            dtype == .bool && other.dtype == .bool, "logicalOr: expects bool masks, got \(dtype), \(other.dtype)")
        return Elementwise.binary(self, other, Bool.self, Bool.self, op: "logicalOr") { $0 || $1 }
    }

    /// Elementwise NOT of a mask.
    public func logicalNot() -> Tensor {
        precondition(dtype == .bool, "logicalNot: expects a bool mask, got \(dtype)")
        return Elementwise.unary(self, Bool.self, Bool.self) { !$0 }
    }

    /// `condition ? a : b` elementwise, all three broadcast together; `condition` is a bool mask.
    public static func `where`(_ condition: Tensor, _ a: Tensor, _ b: Tensor) -> Tensor {
        precondition(condition.dtype == .bool, "where: condition must be a bool mask, got \(condition.dtype)")
        // Built only for a failure message: formatting shapes costs microseconds per op.
        func name() -> String { "where: \(condition.shape), \(a.shape), \(b.shape)" }
        switch a.dtype {
        case .float32: return Elementwise.ternary(condition, a, b, Bool.self, Float.self, op: name()) { $0 ? $1 : $2 }
        case .float64: return Elementwise.ternary(condition, a, b, Bool.self, Double.self, op: name()) { $0 ? $1 : $2 }
        case .int64: return Elementwise.ternary(condition, a, b, Bool.self, Int64.self, op: name()) { $0 ? $1 : $2 }
        case .bool: return Elementwise.ternary(condition, a, b, Bool.self, Bool.self, op: name()) { $0 ? $1 : $2 }
        }
    }
}
