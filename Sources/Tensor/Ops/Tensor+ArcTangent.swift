extension Tensor {
    /// atan2(self, x) elementwise (NumPy broadcasting): the angle of the point (x, y = self) in (−π, π], with C's
    /// conventions at zeros and infinities (atan2(±0, −0) = ±π, atan2(±0, +0) = ±0).
    /// - Parameter x: the abscissae, broadcastable with `self` and of its floating dtype.
    public func arcTangent2(_ x: Tensor) -> Tensor {
        switch dtype {
        case .float32: Tensor.arcTangent2(self, x, Float.self)
        case .float64: Tensor.arcTangent2(self, x, Double.self)
        case .int64, .bool: preconditionFailure("arcTangent2: expects floating dtypes, got \(dtype) and \(x.dtype)")
        }
    }

    private static func arcTangent2<T: FloatElement>(_ y: Tensor, _ x: Tensor, _: T.Type) -> Tensor {
        Elementwise.binary(y, x, T.self, T.self, op: "arcTangent2: \(y.shape) and \(x.shape)", cost: 16) {
            T.atan2(y: $0, x: $1)
        }
    }
}
