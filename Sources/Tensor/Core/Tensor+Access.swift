/// Reading elements out, copying, and converting between dtypes.
extension Tensor {
    /// A dense row-major copy with fresh storage.
    public func copied() -> Tensor {
        let dense = isContiguous
        let result = Tensor(
            uninitializedShape: shape, strides: dense ? strides : SmallArrays.contiguousStrides(shape), dtype: dtype)
        StridedCopy.copy(self, into: result)
        return result
    }

    /// This tensor if it is already dense and row-major, otherwise a dense copy.
    public func contiguous() -> Tensor { isContiguous ? self : copied() }

    /// The elements in row-major order as a Swift array of `T` (which must match `dtype`).
    public func scalars<T: TensorElement>(as type: T.Type = T.self) -> [T] {
        precondition(T.dtype == dtype, "scalars: tensor is \(dtype), asked for \(T.dtype)")
        return withContiguousElements(as: T.self) { Array($0) }
    }

    /// The elements in row-major order converted to `Double` (any dtype).
    public func toDoubles() -> [Double] {
        switch dtype {
        case .float32: scalars(as: Float.self).map(Double.init)
        case .float64: scalars(as: Double.self)
        case .int64: scalars(as: Int64.self).map(Double.init)
        case .bool: scalars(as: Bool.self).map { $0 ? 1 : 0 }
        }
    }

    /// Whether no element is NaN or ±∞ (always true for int64 and bool tensors).
    public var isAllFinite: Bool {
        switch dtype {
        case .float32: withContiguousElements(as: Float.self) { $0.allSatisfy(\.isFinite) }
        case .float64: withContiguousElements(as: Double.self) { $0.allSatisfy(\.isFinite) }
        case .int64, .bool: true
        }
    }

    /// The single element of a one-element tensor, as `Double`.
    public func item() -> Double {
        precondition(count == 1, "item: tensor of shape \(shape) has \(count) elements, not 1")
        let p = storage.data
        switch dtype {
        case .float32: return Double(p.assumingMemoryBound(to: Float.self)[offset])
        case .float64: return p.assumingMemoryBound(to: Double.self)[offset]
        case .int64: return Double(p.assumingMemoryBound(to: Int64.self)[offset])
        case .bool: return p.assumingMemoryBound(to: Bool.self)[offset] ? 1 : 0
        }
    }

    /// The element at a full multi-index, as `Double`.
    public func element(at index: [Int]) -> Double {
        precondition(index.count == rank, "element(at:): index \(index) for shape \(shape)")
        var position = offset
        for axis in 0..<rank {
            precondition(
                index[axis] >= 0 && index[axis] < shape[axis],
                "element(at:): index \(index) out of bounds for shape \(shape)")
            position += index[axis] * strides[axis]
        }
        return Tensor(storage: storage, shape: [], strides: [], offset: position, dtype: dtype).item()
    }

    /// The same values as `dtype` (a copy; no copy when the dtype already matches).
    public func cast(to target: DType) -> Tensor {
        if target == dtype { return self }
        switch (dtype, target) {
        case (.float32, .float64): return Elementwise.unary(self, Float.self, Double.self) { Double($0) }
        case (.float64, .float32): return Elementwise.unary(self, Double.self, Float.self) { Float($0) }
        case (.float32, .int64):
            return Elementwise.unary(self, Float.self, Int64.self) { Tensor.truncatedToInt64(Double($0), op: "cast") }
        case (.float64, .int64):
            return Elementwise.unary(self, Double.self, Int64.self) { Tensor.truncatedToInt64($0, op: "cast") }
        case (.int64, .float32): return Elementwise.unary(self, Int64.self, Float.self) { Float($0) }
        case (.int64, .float64): return Elementwise.unary(self, Int64.self, Double.self) { Double($0) }
        case (.bool, .float32): return Elementwise.unary(self, Bool.self, Float.self) { $0 ? 1 : 0 }
        case (.bool, .float64): return Elementwise.unary(self, Bool.self, Double.self) { $0 ? 1 : 0 }
        case (.bool, .int64): return Elementwise.unary(self, Bool.self, Int64.self) { $0 ? 1 : 0 }
        case (.float32, .bool): return Elementwise.unary(self, Float.self, Bool.self) { $0 != 0 }
        case (.float64, .bool): return Elementwise.unary(self, Double.self, Bool.self) { $0 != 0 }
        case (.int64, .bool): return Elementwise.unary(self, Int64.self, Bool.self) { $0 != 0 }
        default: preconditionFailure("cast: \(dtype) to \(target)")
        }
    }

    /// `value` truncated toward zero, or a stop naming `op` when int64 cannot hold it: Swift's own conversion traps
    /// on NaN, ±∞ and out-of-range values without any message in release builds.
    @inline(__always)
    static func truncatedToInt64(_ value: Double, op: @autoclosure () -> String) -> Int64 {
        precondition(value >= -0x1p63 && value < 0x1p63, "\(op()): \(value) does not fit in int64")
        return Int64(value)
    }
}
