/// Moves elements between strided layouts without looking at them.
///
/// Structure ops (concatenation, padding, gathering, …) only move values, so one kernel per element width
/// (1, 4 or 8 bytes) serves every dtype. The walk is a `StridedLoop`: rows that are contiguous on both sides become
/// `memcpy`, broadcast rows (stride 0) become a fill, and large copies are split across cores.
enum StridedCopy {
    /// Copies every element of `source` (any layout, including stride-0 and negative strides) into `destination`,
    /// a tensor of the same shape and dtype that views freshly allocated storage nobody else reads yet.
    static func copy(_ source: Tensor, into destination: Tensor) {
        assert(source.shape == destination.shape && source.dtype == destination.dtype)
        if source.count == 0 { return }
        switch source.dtype.byteSize {
        case 1: copy(source, into: destination, UInt8.self)
        case 4: copy(source, into: destination, UInt32.self)
        default: copy(source, into: destination, UInt64.self)
        }
    }

    private static func copy<Bits>(_ source: Tensor, into destination: Tensor, _: Bits.Type) {
        let sourcePointer = UnsafeSendable(source.basePointer(as: Bits.self))
        let destinationPointer = UnsafeSendable(destination.basePointer(as: Bits.self))
        let loop = StridedLoop(shape: source.shape, strides: [destination.strides, source.strides])
        let destinationStride = loop.innerStrides[0]
        let sourceStride = loop.innerStrides[1]
        Parallel.forEachChunk(count: source.count) { range in
            loop.forEachSegment(in: range) { offsets, length in
                let to = destinationPointer.value + offsets[0]
                let from = sourcePointer.value + offsets[1]
                if destinationStride == 1 && sourceStride == 1 {
                    to.update(from: from, count: length)
                } else if destinationStride == 1 && sourceStride == 0 {
                    to.update(repeating: from.pointee, count: length)
                } else {
                    for i in 0..<length { to[i * destinationStride] = from[i * sourceStride] }
                }
            }
        }
    }
}
