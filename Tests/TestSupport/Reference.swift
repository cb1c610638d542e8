import Tensor

/// The multi-index of row-major linear position `linear` in `shape`.
public func multiIndex(_ linear: Int, shape: [Int]) -> [Int] {
    var index = [Int](repeating: 0, count: shape.count)
    var rest = linear
    for axis in stride(from: shape.count - 1, through: 0, by: -1) where shape[axis] > 0 {
        index[axis] = rest % shape[axis]
        rest /= shape[axis]
    }
    return index
}

/// Every multi-index of `shape` in row-major order.
public func allIndices(_ shape: [Int]) -> [[Int]] {
    let count = shape.reduce(1, *)
    return (0..<count).map { multiIndex($0, shape: shape) }
}

/// The naive reference: a contiguous tensor of `shape` whose element at each multi-index is `value(index)`.
public func reference(_ shape: [Int], dtype: DType = .float64, _ value: ([Int]) -> Double) -> Tensor {
    Tensor(allIndices(shape).map(value), shape: shape, dtype: dtype)
}

/// `f` applied elementwise in `Double` to the logical values of `x`: the reference for unary functions.
public func referenceMap(_ x: Tensor, dtype: DType? = nil, _ f: (Double) -> Double) -> Tensor {
    Tensor(x.toDoubles().map(f), shape: x.shape, dtype: dtype ?? x.dtype)
}

/// The element of `x` (logical values) at `index`, broadcasting `x` to an index of a larger shape by the NumPy rule.
public func broadcastElement(_ x: Tensor, at index: [Int]) -> Double {
    let lead = index.count - x.rank
    return x.element(at: (0..<x.rank).map { x.shape[$0] == 1 ? 0 : index[lead + $0] })
}

/// A small deterministic generator (SplitMix64) so every test sees the same numbers on every run.
public struct TestRandom: Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in `[low, high)`.
    public mutating func uniform(_ low: Double = 0, _ high: Double = 1) -> Double {
        low + (high - low) * Double(next() >> 11) / Double(1 << 53)
    }

    /// Uniform integer in `range`.
    public mutating func integer(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }

    /// A tensor of `shape` with uniform values in `[low, high)`.
    public mutating func tensor(_ shape: [Int], dtype: DType = .float64, low: Double = -1, high: Double = 1) -> Tensor {
        let count = shape.reduce(1, *)
        var values: [Double] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(uniform(low, high)) }
        return Tensor(values, shape: shape, dtype: dtype)
    }
}

/// The naive reference of a reduction: `reduce` gets the logical values of `x` over the reduced `axes` (every axis
/// when nil; negative axes count from the end) in row-major order, once per kept position.
public func referenceReduction(
    _ x: Tensor, axes: [Int]?, keepDims: Bool = false, dtype: DType? = nil, _ reduce: ([Double]) -> Double
) -> Tensor {
    let reduced = Set((axes ?? Array(0..<x.rank)).map { $0 < 0 ? $0 + x.rank : $0 })
    let keptShape = x.shape.enumerated().map { reduced.contains($0.offset) ? 1 : $0.element }
    var outStrides = contiguousStrides(keptShape)
    for axis in reduced { outStrides[axis] = 0 }
    var groups = [[Double]](repeating: [], count: keptShape.reduce(1, *))
    let values = x.toDoubles()
    for (linear, out) in stridedPositions(shape: x.shape, strides: outStrides).enumerated() {
        groups[out].append(values[linear])
    }
    let shape = keepDims ? keptShape : x.shape.enumerated().filter { !reduced.contains($0.offset) }.map(\.element)
    return Tensor(groups.map(reduce), shape: shape, dtype: dtype ?? x.dtype)
}

/// The logical values of `x` broadcast to `shape` by the NumPy rule, in row-major order.
public func broadcastValues(_ x: Tensor, to shape: [Int]) -> [Double] {
    let lead = shape.count - x.rank
    let own = contiguousStrides(x.shape)
    let strides = (0..<shape.count).map { axis in
        axis < lead || x.shape[axis - lead] == 1 ? 0 : own[axis - lead]
    }
    let values = x.toDoubles()
    return stridedPositions(shape: shape, strides: strides).map { values[$0] }
}

/// Σ index[axis] · strides[axis] for every multi-index of `shape`, in row-major order.
public func stridedPositions(shape: [Int], strides: [Int]) -> [Int] {
    let count = shape.reduce(1, *)
    var positions = [Int]()
    positions.reserveCapacity(count)
    var index = [Int](repeating: 0, count: shape.count)
    var position = 0
    for _ in 0..<count {
        positions.append(position)
        var axis = shape.count - 1
        while axis >= 0 {
            index[axis] += 1
            position += strides[axis]
            if index[axis] < shape[axis] { break }
            position -= strides[axis] * shape[axis]
            index[axis] = 0
            axis -= 1
        }
    }
    return positions
}

/// Row-major strides of `shape`.
public func contiguousStrides(_ shape: [Int]) -> [Int] {
    var strides = [Int](repeating: 1, count: shape.count)
    var step = 1
    for axis in stride(from: shape.count - 1, through: 0, by: -1) {
        strides[axis] = step
        step *= shape[axis]
    }
    return strides
}

/// Every subset of `0..<rank` (the empty one first), each sorted.
public func allAxisSubsets(rank: Int) -> [[Int]] {
    (0..<(1 << rank)).map { mask in (0..<rank).filter { mask & (1 << $0) != 0 } }
}

/// NumPy's `matmul` by the naive triple loop in `Double`: 1-D operands promoted to a row (left) or a column
/// (right) and the added axis removed, leading (batch) axes broadcast.
public func referenceMatmul(_ a: Tensor, _ b: Tensor) -> Tensor {
    let a2 = a.rank == 1 ? a.reshaped([1, a.shape[0]]) : a
    let b2 = b.rank == 1 ? b.reshaped([b.shape[0], 1]) : b
    let m = a2.shape[a2.rank - 2]
    let k = a2.shape[a2.rank - 1]
    let n = b2.shape[b2.rank - 1]
    precondition(b2.shape[b2.rank - 2] == k, "referenceMatmul: inner dimensions differ")
    let batchA = Array(a2.shape.dropLast(2))
    let batchB = Array(b2.shape.dropLast(2))
    let rank = Swift.max(batchA.count, batchB.count)
    let paddedA = [Int](repeating: 1, count: rank - batchA.count) + batchA
    let paddedB = [Int](repeating: 1, count: rank - batchB.count) + batchB
    let batch = zip(paddedA, paddedB).map { Swift.max($0, $1) }
    let av = a2.toDoubles()
    let bv = b2.toDoubles()
    let aBatchStrides = contiguousStrides(paddedA)
    let bBatchStrides = contiguousStrides(paddedB)
    var result: [Double] = []
    for batchIndex in allIndices(batch) {
        var aBase = 0
        var bBase = 0
        for axis in 0..<rank {
            aBase += (paddedA[axis] == 1 ? 0 : batchIndex[axis]) * aBatchStrides[axis]
            bBase += (paddedB[axis] == 1 ? 0 : batchIndex[axis]) * bBatchStrides[axis]
        }
        aBase *= m * k
        bBase *= k * n
        for i in 0..<m {
            for j in 0..<n {
                var total = 0.0
                for l in 0..<k { total += av[aBase + i * k + l] * bv[bBase + l * n + j] }
                result.append(total)
            }
        }
    }
    var shape = batch + [m, n]
    if b.rank == 1 { shape.removeLast() }
    if a.rank == 1 { shape.remove(at: shape.count - (b.rank == 1 ? 1 : 2)) }
    return Tensor(result, shape: shape, dtype: a.dtype)
}

extension Tensor {
    /// A Float64 tensor of `shape` holding `values` row-major (test shorthand).
    public static func f64(_ values: [Double], _ shape: [Int]) -> Tensor {
        Tensor(values, shape: shape, dtype: .float64)
    }
}
