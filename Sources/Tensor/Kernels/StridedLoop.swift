/// The iteration space of a kernel: one shape walked by up to four operands, each with its own strides.
///
/// Dimensions of size 1 are dropped and neighbouring dimensions that are contiguous for every operand are merged,
/// so most loops reduce to a few long rows. The kernel sees segments: a start offset per operand and a length,
/// walked with `innerStride(_:)`.
///
/// The coalesced layout is kept inline (no heap allocation up to `inlineRank` dimensions): a tiny broadcast op
/// would otherwise spend more time allocating shape and stride arrays than computing.
struct StridedLoop {
    /// One operand's view of the loop: its shape and strides, broadcast to the loop's shape by the NumPy rule
    /// (aligned at the last axis; missing and size-1 axes get stride 0).
    struct Operand {
        let shape: [Int]
        let strides: [Int]

        @inline(__always) init(shape: [Int], strides: [Int]) {
            self.shape = shape
            self.strides = strides
        }

        @inline(__always) init(_ tensor: Tensor) { self.init(shape: tensor.shape, strides: tensor.strides) }

        /// The stride along `axis` of a loop of rank `rank`.
        @inline(__always) func stride(along axis: Int, rank: Int) -> Int {
            let own = axis - (rank - shape.count)
            return own < 0 || shape[own] == 1 ? 0 : strides[own]
        }
    }

    static let maxOperands = 4
    /// Coalesced ranks up to this are stored inline; larger ones (rare) in `spilled`.
    static let inlineRank = 4

    /// Coalesced rank (at least 1).
    let rank: Int
    /// Total element count.
    let count: Int
    /// Sizes at `0..<pitch`, then the strides of operand k at `pitch * (k + 1) ..< pitch * (k + 2)`, with
    /// `pitch = inlineRank` (so `inlineRank · (maxOperands + 1)` slots).
    private let inline: InlineArray<20, Int>
    /// The same arrangement with `pitch = rank` when `rank > inlineRank`; empty (no allocation) otherwise.
    private let spilled: [Int]

    /// The loop over `shape` walked by `operands`. With `memoryOrderOf`, the axes are walked in that operand's
    /// memory order (largest stride outermost) instead of row-major order; the reductions use it so that the
    /// innermost loop runs along the input's contiguous axis.
    init<let n: Int>(shape: [Int], _ operands: InlineArray<n, Operand>, memoryOrderOf: Int? = nil) {
        let rank = shape.count
        self.init(shape: shape, operandCount: n, memoryOrderOf: memoryOrderOf) { k, axis in
            operands[k].stride(along: axis, rank: rank)
        }
    }

    /// The loop over `shape` with one full-rank stride array per operand.
    init(shape: [Int], strides: [[Int]]) {
        self.init(shape: shape, operandCount: strides.count, memoryOrderOf: nil) { k, axis in strides[k][axis] }
    }

    @inline(__always)
    private init(shape: [Int], operandCount: Int, memoryOrderOf: Int?, stride: (Int, Int) -> Int) {
        assert(operandCount <= Self.maxOperands)
        let inputRank = shape.count
        var count = 1
        for size in shape { count *= size }
        let pitch = Swift.max(inputRank, 1)
        var inline = InlineArray<20, Int>(repeating: 0)
        var spilled: [Int] = []
        // Coalesce into a scratch layout of pitch `inputRank`, then keep it inline or spill it.
        let rank = withUnsafeTemporaryAllocation(of: Int.self, capacity: pitch * (operandCount + 2)) { scratch in
            let layout = scratch.baseAddress!
            let order = layout + pitch * (operandCount + 1)
            for axis in 0..<inputRank { order[axis] = axis }
            if let m = memoryOrderOf {
                // Stable insertion sort by decreasing |stride| (ties keep row-major order).
                for i in 1..<pitch {
                    let axis = order[i]
                    let key = Swift.abs(stride(m, axis))
                    var j = i
                    while j > 0 && Swift.abs(stride(m, order[j - 1])) < key {
                        order[j] = order[j - 1]
                        j -= 1
                    }
                    order[j] = axis
                }
            }
            var rank = 0
            for position in 0..<inputRank {
                let axis = order[position]
                let size = shape[axis]
                if size == 1 { continue }
                var merges = rank > 0
                for k in 0..<operandCount where merges {
                    merges = layout[pitch * (k + 1) + rank - 1] == stride(k, axis) * size
                }
                if merges {
                    layout[rank - 1] *= size
                    for k in 0..<operandCount { layout[pitch * (k + 1) + rank - 1] = stride(k, axis) }
                } else {
                    layout[rank] = size
                    for k in 0..<operandCount { layout[pitch * (k + 1) + rank] = stride(k, axis) }
                    rank += 1
                }
            }
            if rank == 0 {
                // A single element: one row of length 1.
                layout[0] = 1
                for k in 0..<operandCount { layout[pitch * (k + 1)] = 0 }
                rank = 1
            }
            // Unused operands keep stride 0, so the walks can loop over `maxOperands` (a constant).
            if rank <= Self.inlineRank {
                for k in 0...operandCount {
                    for axis in 0..<rank { inline[unchecked: Self.inlineRank * k + axis] = layout[pitch * k + axis] }
                }
            } else {
                spilled = [Int](repeating: 0, count: rank * (Self.maxOperands + 1))
                for k in 0...operandCount {
                    for axis in 0..<rank { spilled[rank * k + axis] = layout[pitch * k + axis] }
                }
            }
            return rank
        }
        self.rank = rank
        self.count = count
        self.inline = inline
        self.spilled = spilled
    }

    /// Size of coalesced dimension `axis`.
    @inline(__always) func size(_ axis: Int) -> Int {
        rank <= Self.inlineRank ? inline[unchecked: axis] : spilled[axis]
    }

    /// Stride of operand `k` along coalesced dimension `axis`.
    @inline(__always) func stride(_ k: Int, _ axis: Int) -> Int {
        rank <= Self.inlineRank ? inline[unchecked: Self.inlineRank * (k + 1) + axis] : spilled[rank * (k + 1) + axis]
    }

    /// Stride of operand `k` along the innermost dimension.
    @inline(__always) func innerStride(_ k: Int) -> Int { stride(k, rank - 1) }

    /// The innermost strides, indexed by operand.
    var innerStrides: InlineArray<4, Int> {
        var strides = InlineArray<4, Int>(repeating: 0)
        for k in 0..<Self.maxOperands { strides[k] = innerStride(k) }
        return strides
    }

    /// The per-element cost of walking the first `operands` operands, relative to streaming them: 4 when one is
    /// read across cache lines (an inner stride other than 0 and ±1), where each element is a cache miss and two
    /// cores pay off much earlier (x · yᵀ over 1e6 floats: 0.56 ns/element on one core, 0.32 on two; x · y:
    /// 0.12 on either).
    func walkCost(operands: Int) -> Int {
        for k in 0..<operands where Swift.abs(innerStride(k)) > 1 { return 4 }
        return 1
    }

    /// Calls `body` with a pointer to the layout: sizes at `0..<pitch`, then the strides of operand k at
    /// `pitch * (k + 1)...`. One copy of the inline storage per call, where reading it element by element
    /// would copy the whole struct for each read.
    @inline(always)
    func withLayout<R>(_ body: (UnsafePointer<Int>, _ pitch: Int) -> R) -> R {
        if rank > Self.inlineRank { return spilled.withUnsafeBufferPointer { body($0.baseAddress!, rank) } }
        return withUnsafeBytes(of: inline) { body($0.baseAddress!.assumingMemoryBound(to: Int.self), Self.inlineRank) }
    }

    /// The element offsets (per operand) of position `index` of the sub-box of dimensions `dims`, counted in
    /// row-major order over that sub-box.
    func offsets(ofPosition index: Int, in dims: Range<Int>) -> InlineArray<4, Int> {
        withLayout { layout, pitch in
            var offsets = InlineArray<4, Int>(repeating: 0)
            var rest = index
            for axis in dims.reversed() {
                let i = rest % layout[axis]
                rest /= layout[axis]
                for k in 0..<Self.maxOperands { offsets[k] += i * layout[pitch * (k + 1) + axis] }
            }
            return offsets
        }
    }

    /// Calls `body(offset)` with operand `k`'s element offset of the positions `positions` of the sub-box of
    /// dimensions `dims`, in row-major order (an empty `dims` has one position, offset 0).
    @inline(always)
    func forEachOffset(of k: Int, in dims: Range<Int>, positions: Range<Int>, _ body: (Int) -> Void) {
        if positions.isEmpty { return }
        withLayout { layout, pitch in
            let strides = layout + pitch * (k + 1)
            withUnsafeTemporaryAllocation(of: Int.self, capacity: Swift.max(dims.count, 1)) { scratch in
                let index = scratch.baseAddress! - dims.lowerBound
                var offset = 0
                var rest = positions.lowerBound
                for axis in dims.reversed() {
                    index[axis] = rest % layout[axis]
                    rest /= layout[axis]
                    offset += index[axis] * strides[axis]
                }
                // `body` is called in one place only, so that it is inlined.
                for _ in positions {
                    body(offset)
                    var axis = dims.upperBound - 1
                    while axis >= dims.lowerBound {
                        index[axis] += 1
                        offset += strides[axis]
                        if index[axis] < layout[axis] { break }
                        offset -= strides[axis] * layout[axis]
                        index[axis] = 0
                        axis -= 1
                    }
                }
            }
        }
    }

    /// Calls `body(offsets, length)` for the segments that cover linear elements `range` (row-major order over
    /// the coalesced shape). `offsets[k]` is operand k's element offset (relative to its base) of the segment's
    /// first element; the segment then runs along `innerStride(k)`.
    ///
    /// Offsets travel by value (they stay in registers), and moving to the next row is a few adds: a
    /// `[32, 16] + [16]` broadcast is 32 segments, and this walk is most of its cost.
    @inline(always)
    func forEachSegment(in range: Range<Int>, _ body: (InlineArray<4, Int>, Int) -> Void) {
        if range.isEmpty { return }
        let rank = rank
        withLayout { layout, pitch in
            @inline(__always) func stride(_ k: Int, _ axis: Int) -> Int { layout[pitch * (k + 1) + axis] }
            let rowLength = layout[rank - 1]
            var inner = InlineArray<4, Int>(repeating: 0)
            for k in 0..<Self.maxOperands { inner[k] = stride(k, rank - 1) }
            // The multi-index of the current row over the outer dimensions, and its offsets.
            withUnsafeTemporaryAllocation(of: Int.self, capacity: Swift.max(rank - 1, 1)) { scratch in
                let index = scratch.baseAddress!
                var base = InlineArray<4, Int>(repeating: 0)
                var row = range.lowerBound / rowLength
                var column = range.lowerBound - row * rowLength
                for axis in Swift.stride(from: rank - 2, through: 0, by: -1) {
                    index[axis] = row % layout[axis]
                    row /= layout[axis]
                    for k in 0..<Self.maxOperands { base[k] += index[axis] * stride(k, axis) }
                }
                var remaining = range.count
                while true {
                    let length = Swift.min(rowLength - column, remaining)
                    var offsets = base
                    for k in 0..<Self.maxOperands { offsets[k] += column * inner[k] }
                    body(offsets, length)
                    remaining -= length
                    if remaining == 0 { return }
                    // The next row (a range that does not end in this row has rank ≥ 2).
                    column = 0
                    var axis = rank - 2
                    while true {
                        index[axis] += 1
                        for k in 0..<Self.maxOperands { base[k] += stride(k, axis) }
                        if index[axis] < layout[axis] || axis == 0 { break }
                        for k in 0..<Self.maxOperands { base[k] -= stride(k, axis) * layout[axis] }
                        index[axis] = 0
                        axis -= 1
                    }
                }
            }
        }
    }
}
