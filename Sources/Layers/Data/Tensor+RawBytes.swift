import Tensor

// The file formats SciGrad writes (.npy, safetensors) are little-endian, and so is every machine Swift runs on
// today; the raw elements are copied as they are.
#if _endian(big)
    #error("SciGrad's file formats assume a little-endian machine")
#endif

extension Tensor {
    /// Runs `body` with the bytes of the elements in row-major order (a dense copy is made when needed).
    func withRawBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        let dense = contiguous()
        let start = dense.storage.data + dense.offset * dtype.byteSize
        return try body(UnsafeRawBufferPointer(start: start, count: count * dtype.byteSize))
    }
}

extension Tensor {
    /// The number of bytes `shape` elements of `elementSize` bytes fill, or nil when the shape is negative or too
    /// large to lay out: the product of the sizes other than zero (which the strides are made of) must fit in an
    /// `Int` too, so that a file's `[0, 2³², 2³²]` is refused here rather than trapping in `Tensor.zeros`.
    static func rawByteCount(shape: [Int], elementSize: Int) -> Int? {
        var layoutBytes = elementSize
        for size in shape {
            guard size >= 0 else { return nil }
            let (product, overflow) = layoutBytes.multipliedReportingOverflow(by: Swift.max(size, 1))
            guard !overflow else { return nil }
            layoutBytes = product
        }
        return shape.contains(0) ? 0 : layoutBytes
    }

    /// A dense tensor whose elements are the little-endian bytes in `raw` (exactly `count × byteSize` of them).
    /// Any non-zero byte of a bool tensor is true: a Swift `Bool` must never hold another bit pattern than 0 or 1.
    init(rawBytes raw: UnsafeRawBufferPointer, shape: [Int], dtype: DType) {
        var tensor = Tensor.zeros(shape, dtype: dtype)
        precondition(
            raw.count == tensor.count * dtype.byteSize, "Tensor(rawBytes:): \(raw.count) bytes for \(shape) \(dtype)")
        switch dtype {
        case .float32:
            tensor.withMutableElements(as: Float.self) { UnsafeMutableRawBufferPointer($0).copyMemory(from: raw) }
        case .float64:
            tensor.withMutableElements(as: Double.self) { UnsafeMutableRawBufferPointer($0).copyMemory(from: raw) }
        case .int64:
            tensor.withMutableElements(as: Int64.self) { UnsafeMutableRawBufferPointer($0).copyMemory(from: raw) }
        case .bool:
            tensor.withMutableElements(as: Bool.self) { elements in
                for i in elements.indices { elements[i] = raw[i] != 0 }
            }
        }
        self = tensor
    }
}
