/// Moves elements between strided layouts without looking at them.
///
/// Structure ops (concatenation, padding, gathering, copies, …) only move values, so one kernel per element width
/// (1, 4 or 8 bytes) serves every dtype. Dense to dense is one `memcpy` per core. Otherwise the walk is a
/// `StridedLoop`: rows that are contiguous on both sides become `memcpy`, broadcast rows (stride 0) become a fill,
/// transposes are copied in square tiles, and large copies are split across cores.
enum StridedCopy {
    /// Side of the square tiles of a transposing copy (64 × 64 elements of each side, at most 32 KiB, stay in
    /// the L1 and L2 caches while the source is read along columns).
    static let tile = 64

    /// Copies every element of `source` (any layout, including stride-0 and negative strides) into `destination`,
    /// a tensor of the same shape and dtype that views freshly allocated storage nobody else reads yet.
    static func copy(_ source: Tensor, into destination: Tensor) {
        assert(source.shape == destination.shape && source.dtype == destination.dtype)
        if source.count == 0 { return }
        let width = source.dtype.byteSize
        if source.isContiguous && destination.isContiguous {
            let from = UnsafeRawPointer(source.storage.data) + source.offset * width
            let to = destination.storage.data + destination.offset * width
            Parallel.forEachChunk(count: source.count, context: (from, to, width)) { range, p in
                let (from, to, width) = p
                let start = range.lowerBound * width
                (to + start).copyMemory(from: from + start, byteCount: range.count * width)
            }
            return
        }
        switch width {
        case 1: copy(source, into: destination, UInt8.self)
        case 4: copy(source, into: destination, UInt32.self)
        default: copy(source, into: destination, UInt64.self)
        }
    }

    private static func copy<Bits>(_ source: Tensor, into destination: Tensor, _: Bits.Type) {
        let from = source.basePointer(as: Bits.self)
        let to = destination.basePointer(as: Bits.self)
        withUnsafePointer(to: StridedLoop(shape: source.shape, [.init(destination), .init(source)])) { loop in
            let rank = loop.pointee.rank
            if rank >= 2 && loop.pointee.innerStride(0) == 1 && Swift.abs(loop.pointee.stride(1, rank - 2)) == 1
                && loop.pointee.size(rank - 2) >= tile && loop.pointee.size(rank - 1) >= tile
            {
                transpose(loop, from, to)
                return
            }
            Parallel.forEachChunk(count: loop.pointee.count, context: (loop, from, to)) { range, p in
                let (loop, from, to) = p
                let destinationStride = loop.pointee.innerStride(0)
                let sourceStride = loop.pointee.innerStride(1)
                loop.pointee.forEachSegment(in: range) { offsets, length in
                    let to = to + offsets[0]
                    let from = from + offsets[1]
                    if destinationStride == 1 && sourceStride == 1 {
                        to.update(from: from, count: length)
                    } else if destinationStride == 1 && sourceStride == 0 {
                        to.update(repeating: from.pointee, count: length)
                    } else {
                        for i in 0..<length { to[i &* destinationStride] = from[i &* sourceStride] }
                    }
                }
            }
        }
    }

    /// The copy when the destination runs along the innermost dimension and the source along the one before
    /// (a transpose of the last two dimensions): `tile` × `tile` blocks, so that both sides are read and written
    /// a cache line at a time instead of one element per cache line on the source side.
    private static func transpose<Bits>(
        _ loop: UnsafePointer<StridedLoop>, _ from: UnsafeMutablePointer<Bits>, _ to: UnsafeMutablePointer<Bits>
    ) {
        let rank = loop.pointee.rank
        let rows = loop.pointee.size(rank - 2)
        let columns = loop.pointee.size(rank - 1)
        let rowTiles = (rows + tile - 1) / tile
        let columnTiles = (columns + tile - 1) / tile
        let tiles = rowTiles * columnTiles
        let matrices = loop.pointee.count / (rows * columns)
        let context = (loop, from, to, rows, columns, columnTiles, tiles)
        Parallel.forEachChunk(count: matrices * tiles, cost: tile * tile, context: context) { range, p in
            let (loop, from, to, rows, columns, columnTiles, tiles) = p
            let rank = loop.pointee.rank
            let destinationRow = loop.pointee.stride(0, rank - 2)
            let sourceRow = loop.pointee.stride(1, rank - 2)
            let sourceColumn = loop.pointee.stride(1, rank - 1)
            for item in range {
                let base = loop.pointee.offsets(ofPosition: item / tiles, in: 0..<rank - 2)
                let firstRow = item % tiles / columnTiles * tile
                let firstColumn = item % columnTiles * tile
                let lastRow = Swift.min(firstRow + tile, rows)
                let lastColumn = Swift.min(firstColumn + tile, columns)
                let target = to + base[0]
                let source = from + base[1]
                @inline(__always) func move(_ i: Int, _ j: Int) {
                    target[i &* destinationRow &+ j] = source[i &* sourceRow &+ j &* sourceColumn]
                }
                // 4 × 4 blocks: four source columns and four target rows in flight at a time.
                var j = firstColumn
                while j + 4 <= lastColumn {
                    var i = firstRow
                    while i + 4 <= lastRow {
                        for b in 0..<4 { for a in 0..<4 { move(i + a, j + b) } }
                        i += 4
                    }
                    while i < lastRow {
                        for b in 0..<4 { move(i, j + b) }
                        i += 1
                    }
                    j += 4
                }
                for j in j..<lastColumn { for i in firstRow..<lastRow { move(i, j) } }
            }
        }
    }
}
