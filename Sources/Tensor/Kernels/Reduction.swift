/// The reduction kernel skeleton: fold the elements of `x` along some axes into a fresh tensor.
///
/// The walk is a `StridedLoop` over `x` in its memory order, with the output as a second operand (stride 0 along
/// the reduced axes). Two shapes of walk cover nearly every reduction:
/// - inner: the reduced dimensions are innermost (row sums, full reductions). Each output folds its runs in blocks
///   of `block` elements into 16 independent accumulators (a loop LLVM vectorizes); the blocks' accumulators are
///   combined pairwise, lane by lane, and the 16 lanes joined at the end.
/// - outer: one kept dimension is innermost and the reduced ones are outside it (column sums). Rows are folded
///   into a row of accumulators (vector operations at memory speed) `leafRows` at a time, and those partial rows
///   are combined pairwise.
/// Any other layout is first copied with the reduced axes last, which makes it an inner reduction.
///
/// With `pairwise: true` (sums) the blocks and the leaf rows are combined pairwise, which keeps float32 sums
/// accurate without float64 accumulators: the rounding error grows like log n instead of n (NumPy's pairwise
/// summation, PyTorch's cascade sum). Otherwise they are combined in order: max and min do not round, and a
/// product is better off sequential, since products of numbers near 1 round with a bias while they stay near 1,
/// which a tree makes them do (float32, 2^18 factors in [0.9999, 1.0001]: 1.9e-3 pairwise, 5e-4 in order).
enum Reduction {
    /// Elements folded by the independent accumulators before their result joins the pairwise cascade.
    static let block = 256
    /// Rows folded into one accumulator row before it joins the pairwise cascade of an outer reduction.
    static let leafRows = 16
    /// Widest column block of an outer reduction (its accumulator rows stay in the L2 cache; wider blocks
    /// stream longer stretches of each input row).
    static let columnBlock = 8192

    /// `out[kept] = combine(…combine(identity, x[kept, r₀])…, x[kept, rₙ])` over the reduced `axes` (sorted,
    /// unique, resolved), the elements grouped into 16 lanes and, when `pairwise`, the groups combined pairwise.
    @inline(always)
    static func fold<T: TensorElement>(
        _ x: Tensor, axes: [Int], _: T.Type, identity: T, pairwise: Bool = false, cost: Int = 1,
        _ combine: (T, T) -> T
    ) -> Tensor {
        let shape = SmallArrays.make(count: x.rank) { axes.contains($0) ? 1 : x.shape[$0] }
        let result = Tensor(uninitializedShape: shape, strides: SmallArrays.contiguousStrides(shape), dtype: T.dtype)
        let out = result.basePointer(as: T.self)
        if x.count == 0 {
            out.initialize(repeating: identity, count: result.count)
            return result
        }
        let plan = Plan(x, axes: axes, result: result)
        let xp = plan.source.basePointer(as: T.self)
        withExtendedLifetime(plan.source) {
            withUnsafePointer(to: plan.loop) { loop in
                if plan.inner {
                    foldInner(loop, kept: plan.kept, xp, out, identity, pairwise, cost: cost, combine)
                } else {
                    foldOuter(loop, kept: plan.kept, xp, out, identity, pairwise, cost: cost, combine)
                }
            }
        }
        return result
    }

    /// How a reduction walks its input: `loop` runs over `source` (x, or a copy of x with the reduced axes last)
    /// with operand 0 the output and operand 1 the source. Its first `kept` dimensions are kept, the next ones
    /// reduced, and, unless `inner`, the last one is kept again.
    private struct Plan {
        let source: Tensor
        let loop: StridedLoop
        let kept: Int
        let inner: Bool

        init(_ x: Tensor, axes: [Int], result: Tensor) {
            let loop = StridedLoop(shape: x.shape, [.init(result), .init(x)], memoryOrderOf: 1)
            if let walk = Self.classify(loop) {
                source = x
                self.loop = loop
                kept = walk.kept
                inner = walk.inner
                return
            }
            // Kept and reduced axes interleave in memory: copy with the reduced axes last.
            let keptAxes = (0..<x.rank).filter { !axes.contains($0) }
            source = x.permuted(keptAxes + axes).contiguous()
            let output = StridedLoop.Operand(
                shape: keptAxes.map { x.shape[$0] } + axes.map { _ in 1 },
                strides: keptAxes.map { result.strides[$0] } + axes.map { _ in 0 })
            self.loop = StridedLoop(shape: source.shape, [output, .init(source)])
            let walk = Self.classify(self.loop)!
            kept = walk.kept
            inner = walk.inner
        }

        /// The walk's layout, when it is an inner or an outer reduction.
        private static func classify(_ loop: StridedLoop) -> (kept: Int, inner: Bool)? {
            loop.withLayout { layout, pitch in
                let rank = loop.rank
                func isKept(_ axis: Int) -> Bool { layout[pitch + axis] != 0 }
                var kept = 0
                while kept < rank && isKept(kept) { kept += 1 }
                // Nothing reduced (only size-1 axes were): an outer reduction over an empty box.
                if kept == rank { return (rank - 1, false) }
                var end = kept
                while end < rank && !isKept(end) { end += 1 }
                if end == rank { return (kept, true) }
                return end == rank - 1 ? (kept, false) : nil
            }
        }
    }

    /// The reduced dimensions are innermost: output p folds positions `p·n ..< (p+1)·n` of the walk.
    @inline(always)
    private static func foldInner<T>(
        _ loop: UnsafePointer<StridedLoop>, kept: Int, _ xp: UnsafeMutablePointer<T>, _ out: UnsafeMutablePointer<T>,
        _ identity: T, _ pairwise: Bool, cost: Int, _ combine: (T, T) -> T
    ) {
        var outputs = 1
        for axis in 0..<kept { outputs *= loop.pointee.size(axis) }
        let perOutput = loop.pointee.count / outputs
        let chunks = Parallel.cores
        if outputs >= 4 * chunks || perOutput * cost < Parallel.threshold || perOutput < 4 * chunks {
            let context = (loop, xp, out, (identity, pairwise), perOutput)
            Parallel.forEachChunk(count: outputs, cost: perOutput * cost, context: context) { range, p in
                let (loop, xp, out, (identity, pairwise), perOutput) = p
                let positions = range.lowerBound * perOutput..<range.upperBound * perOutput
                foldRuns(loop, positions, xp, identity, pairwise, combine) { out[$0] = $1 }
            }
            return
        }
        // A few long outputs: each one is split across the cores and the partial results joined in order.
        withUnsafeTemporaryAllocation(of: T.self, capacity: chunks) { partials in
            let partial = partials.baseAddress!
            for output in 0..<outputs {
                let first = output * perOutput
                let context = (loop, xp, partial, (identity, pairwise), first, perOutput, chunks)
                Parallel.forEachChunk(count: chunks, cost: Parallel.threshold, context: context) { range, p in
                    let (loop, xp, partial, (identity, pairwise), first, perOutput, chunks) = p
                    for c in range {
                        let part = first + perOutput * c / chunks..<first + perOutput * (c + 1) / chunks
                        foldRuns(loop, part, xp, identity, pairwise, combine) { partial[c] = $1 }
                    }
                }
                var total = partial[0]
                for c in 1..<chunks { total = combine(total, partial[c]) }
                out[loop.pointee.offsets(ofPosition: output, in: 0..<kept)[0]] = total
            }
        }
    }

    /// Folds the walk positions `range` of an inner reduction and calls `emit(outputOffset, value)` once per
    /// output. Each segment is a run of one output's elements (the runs of an output are consecutive).
    ///
    /// A contiguous run is folded into 16 lanes (elements 16 apart; a loop LLVM vectorizes), in blocks of `block`
    /// elements whose lanes are combined pairwise, lane by lane, when `pairwise`; the 16 lanes are joined once per
    /// output. Strided runs and the last few elements of a run are folded one by one, and those results combined
    /// (pairwise when `pairwise`) as scalars.
    @inline(always)
    private static func foldRuns<T>(
        _ loop: UnsafePointer<StridedLoop>, _ range: Range<Int>, _ xp: UnsafeMutablePointer<T>, _ identity: T,
        _ pairwise: Bool, _ combine: (T, T) -> T, _ emit: (Int, T) -> Void
    ) {
        let sx = loop.pointee.innerStride(1)
        let blockSize = pairwise ? block : Int.max
        @inline(__always) func merge(_ a: Lanes<T>, _ b: Lanes<T>) -> Lanes<T> {
            var a = a
            for j in 0..<16 { a[j] = combine(a[j], b[j]) }
            return a
        }
        withUnsafeTemporaryAllocation(of: T.self, capacity: Cascade<T>.capacity) { scalarLevels in
            withUnsafeTemporaryAllocation(of: Lanes<T>.self, capacity: Cascade<Lanes<T>>.capacity) { laneLevels in
                var scalars = Cascade(scalarLevels.baseAddress!, pairwise: pairwise)
                var lanes = Cascade(laneLevels.baseAddress!, pairwise: pairwise)
                var current = -1
                @inline(__always) func flush() {
                    if lanes.isEmpty {
                        emit(current, scalars.total(identity, combine))
                        return
                    }
                    var acc = lanes.total(Lanes(repeating: identity), merge)
                    // Constant indices only, so that `acc` stays in registers.
                    for j in 0..<8 { acc[j] = combine(acc[j], acc[j + 8]) }
                    for j in 0..<4 { acc[j] = combine(acc[j], acc[j + 4]) }
                    for j in 0..<2 { acc[j] = combine(acc[j], acc[j + 2]) }
                    let total = combine(acc[0], acc[1])
                    emit(current, scalars.isEmpty ? total : combine(total, scalars.total(identity, combine)))
                }
                loop.pointee.forEachSegment(in: range) { offsets, length in
                    if offsets[0] != current {
                        if current >= 0 { flush() }
                        current = offsets[0]
                        scalars.reset()
                        lanes.reset()
                    }
                    let xs = xp + offsets[1]
                    let whole = sx == 1 ? length / 16 * 16 : 0
                    var i = 0
                    while i < whole {
                        let n = Swift.min(blockSize, whole - i)
                        lanes.add(foldLanes(xs + i, n, identity, combine), merge)
                        i += n
                    }
                    if i < length {
                        var acc = identity
                        for k in i..<length { acc = combine(acc, xs[k &* sx]) }
                        scalars.add(acc, combine)
                    }
                }
                if current >= 0 { flush() }
            }
        }
    }

    /// `n` contiguous elements (a multiple of 16) folded into 16 lanes: lane j takes the elements j, j + 16, ….
    @inline(__always)
    private static func foldLanes<T>(
        _ x: UnsafeMutablePointer<T>, _ n: Int, _ identity: T, _ combine: (T, T) -> T
    ) -> Lanes<T> {
        var acc = Lanes(repeating: identity)
        var i = 0
        while i < n {
            for j in 0..<16 { acc[j] = combine(acc[j], x[i + j]) }
            i += 16
        }
        return acc
    }

    /// One kept dimension innermost (the output rows, `width` wide), the reduced dimensions `kept ..< rank − 1`
    /// outside it and kept dimensions `0 ..< kept` outermost. A work item folds the rows of one outer position,
    /// one column block and one part of the reduced box into an accumulator row; when `pairwise`, `leafRows` rows
    /// at a time, and those leaf rows combined pairwise (like `Cascade`). The reduced box is split into parts only
    /// when there are too few positions and blocks to keep the cores busy; the parts' rows are joined in order.
    @inline(always)
    private static func foldOuter<T>(
        _ loop: UnsafePointer<StridedLoop>, kept: Int, _ xp: UnsafeMutablePointer<T>, _ out: UnsafeMutablePointer<T>,
        _ identity: T, _ pairwise: Bool, cost: Int, _ combine: (T, T) -> T
    ) {
        let rank = loop.pointee.rank
        let width = loop.pointee.size(rank - 1)
        var positions = 1
        var rows = 1
        for axis in 0..<kept { positions *= loop.pointee.size(axis) }
        for axis in kept..<rank - 1 { rows *= loop.pointee.size(axis) }
        let blocks = (width + columnBlock - 1) / columnBlock
        let blockWidth = (width + blocks - 1) / blocks
        let parts =
            positions * blocks < Parallel.cores && rows >= 4 * leafRows * Parallel.cores
                && rows * width * cost >= Parallel.threshold ? Parallel.cores : 1
        let rowsPerLeaf = pairwise ? leafRows : Int.max
        var levels = 1
        while rows / parts / rowsPerLeaf >= 1 << levels { levels += 1 }
        // Parts write their rows to `partials` (part-major), joined into `out` afterwards.
        let partials = parts == 1 ? nil : UnsafeMutablePointer<T>.allocate(capacity: parts * positions * width)
        defer { partials?.deallocate() }
        let geometry = (kept, width, positions, rows, blocks, blockWidth, parts, rowsPerLeaf, levels)
        let context = (loop, xp, out, partials, identity, geometry)
        let items = positions * blocks * parts
        Parallel.forEachChunk(count: items, cost: rows / parts * blockWidth * cost, context: context) { range, p in
            let (loop, xp, out, partials, identity, geometry) = p
            let (kept, width, positions, rows, blocks, blockWidth, parts, rowsPerLeaf, levels) = geometry
            let rank = loop.pointee.rank
            let so = loop.pointee.innerStride(0)
            let sx = loop.pointee.innerStride(1)
            withUnsafeTemporaryAllocation(of: T.self, capacity: (levels + 1) * blockWidth) { buffer in
                let leaf = buffer.baseAddress!
                // Level k holds 2^k leaves combined while bit k of `pushed` is set.
                func level(_ k: Int) -> UnsafeMutablePointer<T> { leaf + (k + 1) * blockWidth }
                for item in range {
                    let part = item % parts
                    let block = item / parts % blocks
                    let position = item / parts / blocks
                    let column = block * blockWidth
                    let n = Swift.min(blockWidth, width - column)
                    let base = loop.pointee.offsets(ofPosition: position, in: 0..<kept)
                    let x = xp + base[1] + column * sx
                    let rowRange = rows * part / parts..<rows * (part + 1) / parts
                    leaf.initialize(repeating: identity, count: n)
                    var filled = 0
                    var pushed = 0
                    loop.pointee.forEachOffset(of: 1, in: kept..<rank - 1, positions: rowRange) { rowOffset in
                        let row = x + rowOffset
                        if sx == 1 {
                            for c in 0..<n { leaf[c] = combine(leaf[c], row[c]) }
                        } else {
                            for c in 0..<n { leaf[c] = combine(leaf[c], row[c &* sx]) }
                        }
                        filled += 1
                        if filled == rowsPerLeaf {
                            var k = 0
                            var carries = pushed
                            while carries & 1 != 0 {
                                let partial = level(k)
                                for c in 0..<n { leaf[c] = combine(partial[c], leaf[c]) }
                                k += 1
                                carries >>= 1
                            }
                            level(k).initialize(from: leaf, count: n)
                            leaf.update(repeating: identity, count: n)
                            pushed += 1
                            filled = 0
                        }
                    }
                    // The rows of the last, partial leaf come after every pushed level.
                    var k = 0
                    var carries = pushed
                    while carries != 0 {
                        if carries & 1 != 0 {
                            let partial = level(k)
                            for c in 0..<n { leaf[c] = combine(partial[c], leaf[c]) }
                        }
                        k += 1
                        carries >>= 1
                    }
                    if let partials {
                        (partials + (part * positions + position) * width + column).update(from: leaf, count: n)
                    } else {
                        let o = out + base[0] + column * so
                        for c in 0..<n { o[c &* so] = leaf[c] }
                    }
                }
            }
        }
        guard let partials else { return }
        let so = loop.pointee.innerStride(0)
        for position in 0..<positions {
            let o = out + loop.pointee.offsets(ofPosition: position, in: 0..<kept)[0]
            let first = partials + position * width
            for part in 1..<parts {
                let next = partials + (part * positions + position) * width
                for c in 0..<width { first[c] = combine(first[c], next[c]) }
            }
            for c in 0..<width { o[c &* so] = first[c] }
        }
    }
}

/// 16 accumulators of a contiguous fold, one per element position modulo 16.
typealias Lanes<T> = InlineArray<16, T>

/// Combines a sequence of values pairwise in their order, like a binary counter: each value enters level 0, and
/// two values at one level merge into one at the next. The rounding error of a float sum then grows like log n
/// rather than n. Unless `pairwise`, it simply combines the values in order.
struct Cascade<T> {
    /// Levels for up to 2^48 values.
    static var capacity: Int { 48 }

    /// `capacity` slots; slot k is valid while bit k of `count` is set.
    private let levels: UnsafeMutablePointer<T>
    private let pairwise: Bool
    private var count = 0

    init(_ levels: UnsafeMutablePointer<T>, pairwise: Bool) {
        self.levels = levels
        self.pairwise = pairwise
    }

    var isEmpty: Bool { count == 0 }

    mutating func reset() { count = 0 }

    @inline(__always)
    mutating func add(_ value: T, _ merge: (T, T) -> T) {
        if !pairwise {
            // Everything in level 0, which `total` then returns.
            if count == 0 { levels.initialize(to: value) } else { levels[0] = merge(levels[0], value) }
            count = 1
            return
        }
        var value = value
        var level = 0
        var carries = count
        while carries & 1 != 0 {
            value = merge(levels[level], value)
            level += 1
            carries >>= 1
        }
        (levels + level).initialize(to: value)
        count += 1
    }

    /// All values combined (`identity` when there are none).
    @inline(__always)
    func total(_ identity: T, _ merge: (T, T) -> T) -> T {
        var total: T? = nil
        var level = 0
        var carries = count
        while carries != 0 {
            if carries & 1 != 0 { total = total.map { merge(levels[level], $0) } ?? levels[level] }
            level += 1
            carries >>= 1
        }
        return total ?? identity
    }
}
