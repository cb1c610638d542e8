/// Approximate equality of tensors (NumPy's `isclose` / `allclose`) and their largest difference.
extension Tensor {
    /// The bool mask of elements where this tensor is close to `other`, broadcasting both (NumPy's `isclose`).
    ///
    /// `a` is close to `b` when `|a - b| <= absoluteTolerance + relativeTolerance · |b|` (asymmetric: the tolerance
    /// scales with `other`), or when they are equal (so equal infinities are close). NaN is close to nothing,
    /// except to NaN when `equalNaN` is true. Tensors of one floating dtype are compared in it; any other pair
    /// (`float32` with `float64`, integers, bools) is compared in `float64`.
    public func isClose(
        _ other: Tensor, relativeTolerance: Double = 1e-5, absoluteTolerance: Double = 1e-8, equalNaN: Bool = false
    ) -> Tensor {
        let (a, b) = closenessOperands(other)
        let name = "isClose: shapes \(shape) and \(other.shape)"
        return switch a.dtype {
        case .float32:
            Tensor.closeMask(a, b, Float(relativeTolerance), Float(absoluteTolerance), equalNaN, name)
        default:
            Tensor.closeMask(a, b, relativeTolerance, absoluteTolerance, equalNaN, name)
        }
    }

    /// Whether every element of this tensor is close to `other` (NumPy's `allclose`; see `isClose` for the rule).
    /// Shapes broadcast; tensors with no elements are all close.
    public func allClose(
        _ other: Tensor, relativeTolerance: Double = 1e-5, absoluteTolerance: Double = 1e-8, equalNaN: Bool = false
    ) -> Bool {
        isClose(
            other, relativeTolerance: relativeTolerance, absoluteTolerance: absoluteTolerance, equalNaN: equalNaN
        ).withContiguousElements(as: Bool.self) { $0.allSatisfy { $0 } }
    }

    /// The largest `|self - other|` over the broadcast shape, as `Double`: NaN when either side has a NaN there,
    /// 0 for tensors with no elements.
    public func maxAbsoluteDifference(_ other: Tensor) -> Double {
        let (a, b) = closenessOperands(other)
        let name = "maxAbsoluteDifference: shapes \(shape) and \(other.shape)"
        let difference =
            switch a.dtype {
            case .float32: Elementwise.binary(a, b, Float.self, Double.self, op: name) { Double(Swift.abs($0 - $1)) }
            default: Elementwise.binary(a, b, Double.self, Double.self, op: name) { Swift.abs($0 - $1) }
            }
        return difference.withContiguousElements(as: Double.self) { values in
            var largest = 0.0
            for value in values {
                if value.isNaN { return .nan }
                largest = Swift.max(largest, value)
            }
            return largest
        }
    }

    /// Both operands in one floating dtype: their own when they share one, else `float64`.
    private func closenessOperands(_ other: Tensor) -> (Tensor, Tensor) {
        if dtype == other.dtype && dtype.isFloatingPoint { return (self, other) }
        return (cast(to: .float64), other.cast(to: .float64))
    }

    private static func closeMask<T: FloatElement>(
        _ a: Tensor, _ b: Tensor, _ relative: T, _ absolute: T, _ equalNaN: Bool, _ name: String
    ) -> Tensor {
        Elementwise.binary(a, b, T.self, Bool.self, op: name) { x, y in
            if x == y { return true }
            if x.isNaN || y.isNaN { return equalNaN && x.isNaN && y.isNaN }
            if x.isInfinite || y.isInfinite { return false }
            return Swift.abs(x - y) <= absolute + relative * Swift.abs(y)
        }
    }
}
