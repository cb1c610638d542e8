import Tensor

/// The coordinates of a parameter vector θ ∈ ℝᴾ that a zeroth-order estimator perturbs (DeepZero's sparse gradient):
/// a sorted set S ⊆ {0, …, P − 1}. The estimate is zero on the coordinates outside S.
///
/// ```swift
/// var generator = RandomGenerator(seed: 0)
/// let all = CoordinateMask.all(10)                                   // S = {0, …, 9}
/// let sparse = CoordinateMask(parameterCount: 10, indices: [1, 4])  // S = {1, 4}
/// let perBlock = CoordinateMask.random(  // 3 of the first 6, all of the last 4
///     parameterCount: 10, blocks: [0..<6, 6..<10], densities: [0.5, 1], using: &generator)
/// ```
public struct CoordinateMask: Equatable, Sendable {
    /// P, the length of the parameter vector.
    public let parameterCount: Int
    /// The coordinates in S, increasing.
    public let indices: [Int]

    /// The mask keeping `indices` (any order, no repeats) of a vector of `parameterCount` coordinates.
    public init(parameterCount: Int, indices: [Int]) {
        let sorted = indices.sorted()
        precondition(
            sorted.first.map { $0 >= 0 } ?? true && sorted.last.map { $0 < parameterCount } ?? true,
            "CoordinateMask: indices must lie in 0..<\(parameterCount), got \(sorted.first!)…\(sorted.last!)")
        precondition(
            zip(sorted, sorted.dropFirst()).allSatisfy { $0 < $1 }, "CoordinateMask: indices must not repeat")
        self.parameterCount = parameterCount
        self.indices = sorted
    }

    /// Every coordinate of a vector of `parameterCount` (the dense estimator).
    public static func all(_ parameterCount: Int) -> CoordinateMask {
        CoordinateMask(parameterCount: parameterCount, indices: Array(0..<parameterCount))
    }

    /// A random mask of a vector of `parameterCount` with a given density per block: in `blocks[b]` it keeps
    /// round(densities[b]·|block|) coordinates drawn uniformly without replacement (DeepZero's layer-wise random
    /// masks); coordinates outside every block are not kept.
    public static func random(
        parameterCount: Int, blocks: [Range<Int>], densities: [Double], using generator: inout RandomGenerator
    ) -> CoordinateMask {
        precondition(
            blocks.count == densities.count,
            "CoordinateMask.random: \(blocks.count) blocks but \(densities.count) densities")
        precondition(
            densities.allSatisfy { $0 >= 0 && $0 <= 1 }, "CoordinateMask.random: densities must lie in [0, 1]")
        var kept: [Int] = []
        for (block, density) in zip(blocks, densities) {
            let count = Int((density * Double(block.count)).rounded())
            var pool = Array(block)
            for i in 0..<count {  // a partial Fisher–Yates shuffle
                let j = i + Int(generator.nextInteger(below: UInt64(pool.count - i)))
                pool.swapAt(i, j)
            }
            kept += pool[0..<count]
        }
        return CoordinateMask(parameterCount: parameterCount, indices: kept)
    }

    /// |S|.
    public var count: Int { indices.count }

    /// |S| / P.
    public var density: Double { Double(indices.count) / Double(Swift.max(parameterCount, 1)) }

    /// The number of kept coordinates inside `block`.
    public func count(in block: Range<Int>) -> Int { indices.filter { block.contains($0) }.count }

    /// `values[j]` placed at coordinate `indices[j]` of a zero vector `[parameterCount]` of `dtype`.
    public func scattered(_ values: [Double], dtype: DType) -> Tensor {
        precondition(
            values.count == indices.count,
            "CoordinateMask.scattered: \(values.count) values for \(indices.count) coordinates")
        var vector = [Double](repeating: 0, count: parameterCount)
        for (index, value) in zip(indices, values) { vector[index] = value }
        return Tensor(vector, shape: [parameterCount], dtype: dtype)
    }
}
