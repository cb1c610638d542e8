/// Creation from Swift values and the standard constant tensors.
extension Tensor {
    /// A tensor of `shape` holding `values` in row-major order. `T` sets the dtype.
    public init<T: TensorElement>(_ values: [T], shape: [Int]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor(values:shape:): negative size in \(shape)")
        precondition(
            values.count == shape.reduce(1, *),
            "Tensor(values:shape:): \(values.count) values do not fill shape \(shape)")
        self.init(uninitializedShape: shape, dtype: T.dtype)
        let pointer = basePointer(as: T.self)
        values.withUnsafeBufferPointer { pointer.update(from: $0.baseAddress!, count: values.count) }
    }

    /// A contiguous tensor of `shape` whose elements `initializer` writes, every one of them (as
    /// `Array(unsafeUninitializedCapacity:initializingWith:)`): for kernels outside this module that compute a fresh
    /// result without filling it first. `T` sets the dtype.
    public init<T: TensorElement>(
        unsafeUninitializedShape shape: [Int], as _: T.Type,
        initializingWith initializer: (UnsafeMutableBufferPointer<T>) throws -> Void
    ) rethrows {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor(unsafeUninitializedShape:): negative size in \(shape)")
        self.init(uninitializedShape: shape, dtype: T.dtype)
        try initializer(UnsafeMutableBufferPointer(start: basePointer(as: T.self), count: count))
    }

    /// A 1-D tensor holding `values`.
    public init<T: TensorElement>(_ values: [T]) { self.init(values, shape: [values.count]) }

    /// A tensor of `shape` holding `values` (given as `Double`) converted to the floating `dtype`.
    public init(_ values: [Double], shape: [Int], dtype: DType) {
        switch dtype {
        case .float64: self.init(values, shape: shape)
        case .float32: self.init(values.map { Float($0) }, shape: shape)
        case .int64:
            self.init(values.map { Tensor.truncatedToInt64($0, op: "Tensor(values:shape:dtype:)") }, shape: shape)
        case .bool: self.init(values.map { $0 != 0 }, shape: shape)
        }
    }

    /// A scalar (rank-0) tensor.
    public init<T: TensorElement>(scalar value: T) { self.init([value], shape: []) }

    /// A scalar (rank-0) tensor of a given dtype.
    public init(scalar value: Double, dtype: DType) { self.init([value], shape: [], dtype: dtype) }

    /// A tensor of `shape` with every element `value`.
    public static func full(_ shape: [Int], value: Double, dtype: DType = .float32) -> Tensor {
        precondition(shape.allSatisfy { $0 >= 0 }, "full: negative size in \(shape)")
        var result = Tensor(uninitializedShape: shape, dtype: dtype)
        let n = result.count
        switch dtype {
        case .float32: result.fill(Float(value), count: n)
        case .float64: result.fill(value, count: n)
        case .int64: result.fill(Tensor.truncatedToInt64(value, op: "full"), count: n)
        case .bool: result.fill(value != 0, count: n)
        }
        return result
    }

    private mutating func fill<T: TensorElement>(_ value: T, count n: Int) {
        basePointer(as: T.self).initialize(repeating: value, count: n)
    }

    /// Zeros of `shape`.
    public static func zeros(_ shape: [Int], dtype: DType = .float32) -> Tensor {
        precondition(shape.allSatisfy { $0 >= 0 }, "zeros: negative size in \(shape)")
        let count = shape.reduce(1, *)
        return Tensor(
            storage: TensorStorage.allocate(zeroedByteCount: count * dtype.byteSize), shape: shape,
            strides: Layout.contiguousStrides(shape), dtype: dtype)
    }

    /// Ones of `shape`.
    public static func ones(_ shape: [Int], dtype: DType = .float32) -> Tensor { full(shape, value: 1, dtype: dtype) }

    /// Zeros with the shape and dtype of `other`.
    public static func zeros(like other: Tensor) -> Tensor { zeros(other.shape, dtype: other.dtype) }
    /// Ones with the shape and dtype of `other`.
    public static func ones(like other: Tensor) -> Tensor { ones(other.shape, dtype: other.dtype) }

    /// The `rows × columns` matrix with ones on the diagonal.
    public static func eye(_ rows: Int, _ columns: Int? = nil, dtype: DType = .float32) -> Tensor {
        let columns = columns ?? rows
        precondition(rows >= 0 && columns >= 0, "eye: negative size [\(rows), \(columns)]")
        var values = [Double](repeating: 0, count: rows * columns)
        for i in 0..<Swift.min(rows, columns) { values[i * columns + i] = 1 }
        return Tensor(values, shape: [rows, columns], dtype: dtype)
    }

    /// `0, step, 2·step, …` up to but excluding `end`.
    public static func arange(_ end: Double, step: Double = 1, dtype: DType = .float32) -> Tensor {
        arange(0, end, step: step, dtype: dtype)
    }

    /// `start, start + step, …` up to but excluding `end`.
    public static func arange(_ start: Double, _ end: Double, step: Double = 1, dtype: DType = .float32) -> Tensor {
        precondition(step != 0, "arange: step must be non-zero")
        let n = Swift.max(0, Int(((end - start) / step).rounded(.up)))
        return Tensor((0..<n).map { start + Double($0) * step }, shape: [n], dtype: dtype)
    }

    /// `count` evenly spaced values from `start` to `end` inclusive.
    public static func linspace(_ start: Double, _ end: Double, count: Int, dtype: DType = .float32) -> Tensor {
        precondition(count >= 0, "linspace: negative count \(count)")
        let step = count > 1 ? (end - start) / Double(count - 1) : 0
        return Tensor(
            (0..<count).map { $0 == count - 1 && count > 1 ? end : start + Double($0) * step }, shape: [count],
            dtype: dtype)
    }
}
