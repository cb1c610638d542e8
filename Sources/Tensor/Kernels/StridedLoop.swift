/// The iteration space of an elementwise kernel: one shape walked by up to three operands with their own strides.
///
/// Dimensions of size 1 are dropped and neighbouring dimensions that are contiguous for every operand are merged,
/// so most loops reduce to a few long rows. The kernel sees segments: a start offset per operand and a length,
/// walked with `innerStrides`.
struct StridedLoop {
    /// Coalesced shape (at least one dimension).
    let shape: [Int]
    /// Coalesced strides, one array per operand.
    let strides: [[Int]]
    /// Stride of each operand along the innermost dimension.
    let innerStrides: [Int]
    /// Total element count.
    let count: Int

    init(shape: [Int], strides operandStrides: [[Int]]) {
        var dims: [Int] = []
        var strides = [[Int]](repeating: [], count: operandStrides.count)
        for axis in 0..<shape.count where shape[axis] != 1 {
            if let last = dims.last,
                (0..<operandStrides.count).allSatisfy({ strides[$0].last! == operandStrides[$0][axis] * shape[axis] })
            {
                dims[dims.count - 1] = last * shape[axis]
                for k in 0..<operandStrides.count { strides[k][strides[k].count - 1] = operandStrides[k][axis] }
            } else {
                dims.append(shape[axis])
                for k in 0..<operandStrides.count { strides[k].append(operandStrides[k][axis]) }
            }
        }
        if dims.isEmpty {
            dims = [1]
            for k in 0..<operandStrides.count { strides[k] = [0] }
        }
        self.shape = dims
        self.strides = strides
        self.innerStrides = strides.map { $0.last! }
        self.count = shape.reduce(1, *)
    }

    /// Calls `body(offsets, length)` for the segments that cover linear elements `range` (row-major order over
    /// `shape`). `offsets[k]` is operand k's element offset (relative to its base) of the segment's first element.
    @inline(__always)
    func forEachSegment(in range: Range<Int>, _ body: (UnsafePointer<Int>, Int) -> Void) {
        if range.isEmpty { return }
        let rank = shape.count
        let operands = strides.count
        let rowLength = shape[rank - 1]
        withUnsafeTemporaryAllocation(of: Int.self, capacity: rank + operands) { scratch in
            let index = scratch.baseAddress!
            let offsets = index + rank
            // Decompose the start into a multi-index.
            var rest = range.lowerBound
            for axis in stride(from: rank - 1, through: 0, by: -1) {
                index[axis] = rest % shape[axis]
                rest /= shape[axis]
            }
            for k in 0..<operands {
                var o = 0
                for axis in 0..<rank { o += index[axis] * strides[k][axis] }
                offsets[k] = o
            }
            var remaining = range.count
            while remaining > 0 {
                let length = min(rowLength - index[rank - 1], remaining)
                body(UnsafePointer(offsets), length)
                remaining -= length
                if remaining == 0 { break }
                // Advance to the start of the next row.
                for k in 0..<operands { offsets[k] += (length - 1) * innerStrides[k] }
                var axis = rank - 1
                index[axis] += length - 1
                while true {
                    index[axis] += 1
                    for k in 0..<operands { offsets[k] += strides[k][axis] }
                    if index[axis] < shape[axis] || axis == 0 { break }
                    for k in 0..<operands { offsets[k] -= strides[k][axis] * shape[axis] }
                    index[axis] = 0
                    axis -= 1
                }
            }
        }
    }
}
