/// A strided n-dimensional array of `Float`, `Double`, `Int64` or `Bool` on the CPU.
///
/// A tensor is a value: a `TensorStorage` buffer plus a layout (`shape`, `strides` in elements, `offset` in
/// elements). Views (`reshaped`, `transposed`, `permuted`, `sliced`, `expanded`, …) share the storage and only edit
/// the layout; every op returns a fresh tensor, and the few mutating methods copy first when the storage is shared.
///
/// ```swift
/// let a = Tensor([1, 2, 3, 4, 5, 6], shape: [2, 3])      // float64: the literals are Doubles
/// let b = a.transposed()                                   // [3, 2], no copy
/// let c = a.matmul(b)                                      // [2, 2]
/// ```
public struct Tensor: @unchecked Sendable {
    /// The shared buffer.
    public private(set) var storage: TensorStorage
    /// Size of each dimension; `[]` for a scalar.
    public let shape: [Int]
    /// Step, in elements, between neighbours along each dimension (0 for a broadcast dimension).
    public let strides: [Int]
    /// Index, in elements, of the first element in `storage`.
    public let offset: Int
    /// Element type.
    public let dtype: DType

    /// A tensor over existing storage with the given layout.
    public init(storage: TensorStorage, shape: [Int], strides: [Int], offset: Int = 0, dtype: DType) {
        self.storage = storage
        self.shape = shape
        self.strides = strides
        self.offset = offset
        self.dtype = dtype
    }

    /// An uninitialized contiguous tensor (kernels fill it before anyone can read it).
    init(uninitializedShape shape: [Int], dtype: DType) {
        let count = shape.reduce(1, *)
        self.init(
            storage: TensorStorage.allocate(byteCount: count * dtype.byteSize), shape: shape,
            strides: Layout.contiguousStrides(shape), dtype: dtype)
    }

    /// An uninitialized contiguous tensor that reuses an existing strides array (saves an allocation per op).
    @usableFromInline
    init(uninitializedShape shape: [Int], strides: [Int], dtype: DType) {
        let count = shape.reduce(1, *)
        self.init(
            storage: TensorStorage.allocate(byteCount: count * dtype.byteSize), shape: shape, strides: strides,
            dtype: dtype)
    }

    /// Number of dimensions.
    public var rank: Int { shape.count }
    /// Number of elements.
    public var count: Int { shape.reduce(1, *) }
    /// Whether the elements are laid out densely in row-major order (size-1 dimensions ignored).
    public var isContiguous: Bool { Layout.isContiguous(shape: shape, strides: strides) }

    /// Whether no other tensor shares this one's storage. An elementwise op handed its operand as a temporary
    /// (`consuming`: `x.tanh() * x + 1`) writes its result over that operand's elements when it is also dense and of
    /// the result's shape and dtype (NumPy elides temporaries the same way): no allocation, and a pass that reads and
    /// writes the same cache lines (eager `tanh(x)·x + 1` at 10⁶ Float32: 0.20 → 0.16 ms). A value the caller still
    /// uses is passed as a copy, so its storage is never unique here.
    mutating func isUniquelyReferenced() -> Bool { isKnownUniquelyReferenced(&storage) }

    /// Pointer to element `offset` as type `T` (no layout applied: callers use `strides`).
    @usableFromInline @inline(__always)
    func basePointer<T>(as _: T.Type) -> UnsafeMutablePointer<T> {
        storage.data.assumingMemoryBound(to: T.self) + offset
    }

    /// Runs `body` with a pointer to the first element as `T`. The layout is the caller's business.
    public func withUnsafePointer<T: TensorElement, R>(as type: T.Type, _ body: (UnsafePointer<T>) throws -> R) rethrows
        -> R
    {
        precondition(T.dtype == dtype, "withUnsafePointer: tensor is \(dtype), asked for \(T.dtype)")
        return try body(UnsafePointer(basePointer(as: T.self)))
    }

    /// Runs `body` with the elements of a contiguous copy (no copy when already contiguous).
    public func withContiguousElements<T: TensorElement, R>(
        as type: T.Type, _ body: (UnsafeBufferPointer<T>) throws -> R
    ) rethrows -> R {
        precondition(T.dtype == dtype, "withContiguousElements: tensor is \(dtype), asked for \(T.dtype)")
        let dense = contiguous()
        return try body(UnsafeBufferPointer(start: dense.basePointer(as: T.self), count: dense.count))
    }

    /// Makes the storage uniquely owned and contiguous, copying when needed, then lets `body` write the elements.
    public mutating func withMutableElements<T: TensorElement, R>(
        as type: T.Type, _ body: (UnsafeMutableBufferPointer<T>) throws -> R
    ) rethrows -> R {
        precondition(T.dtype == dtype, "withMutableElements: tensor is \(dtype), asked for \(T.dtype)")
        if !isKnownUniquelyReferenced(&storage) || !isContiguous || offset != 0
            || storage.byteCount != count * dtype.byteSize
        {
            self = copied()
        }
        return try body(UnsafeMutableBufferPointer(start: basePointer(as: T.self), count: count))
    }
}

/// Helpers on shapes and strides.
public enum Layout {
    /// Row-major strides of a dense tensor of `shape`.
    @inline(__always)
    public static func contiguousStrides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var step = 1
        for axis in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[axis] = step
            step *= shape[axis]
        }
        return strides
    }

    /// True when `strides` describe a dense row-major layout of `shape` (size-1 dimensions may have any stride).
    @inline(__always)
    public static func isContiguous(shape: [Int], strides: [Int]) -> Bool {
        var expected = 1
        for axis in stride(from: shape.count - 1, through: 0, by: -1) where shape[axis] != 1 {
            if strides[axis] != expected { return false }
            expected *= shape[axis]
        }
        return true
    }

    /// Resolves a possibly negative axis against `rank` (a position among `rank` places, such as where
    /// `unsqueezed` inserts an axis), or stops with a message naming `op`.
    @inline(__always)
    public static func normalizeAxis(_ axis: Int, rank: Int, op: @autoclosure () -> String) -> Int {
        let resolved = axis < 0 ? axis + rank : axis
        precondition(resolved >= 0 && resolved < rank, "\(op()): axis \(axis) is out of range for rank \(rank)")
        return resolved
    }

    /// Resolves a possibly negative axis of a tensor of `shape`, or stops with a message naming `op` and the shape.
    @inline(__always)
    public static func normalizeAxis(_ axis: Int, shape: [Int], op: @autoclosure () -> String) -> Int {
        let resolved = axis < 0 ? axis + shape.count : axis
        precondition(
            resolved >= 0 && resolved < shape.count,
            "\(op()): axis \(axis) is out of range for shape \(shape) (rank \(shape.count))")
        return resolved
    }

    /// The broadcast shape of two shapes by the NumPy rule, or nil when they do not broadcast.
    public static func broadcastShape(_ a: [Int], _ b: [Int]) -> [Int]? {
        if a == b { return a }
        let rank = max(a.count, b.count)
        var result = [Int](repeating: 1, count: rank)
        for i in 0..<rank {
            let x = i < rank - a.count ? 1 : a[i - (rank - a.count)]
            let y = i < rank - b.count ? 1 : b[i - (rank - b.count)]
            if x == y || y == 1 {
                result[i] = x
            } else if x == 1 {
                result[i] = y
            } else {
                return nil
            }
        }
        return result
    }

    /// Strides that view a tensor of (`shape`, `strides`) as `target` by broadcasting (stride 0 on new or size-1 axes).
    static func broadcastStrides(shape: [Int], strides: [Int], to target: [Int]) -> [Int] {
        if shape == target { return strides }
        var result = [Int](repeating: 0, count: target.count)
        let lead = target.count - shape.count
        for i in 0..<shape.count where shape[i] != 1 || target[lead + i] == 1 {
            result[lead + i] = strides[i]
        }
        return result
    }
}
