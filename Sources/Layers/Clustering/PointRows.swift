import Tensor

/// The rows of an [n, d] tensor as Float64, row-major.
struct PointRows {
    let values: [Double]
    let count: Int
    let dimension: Int

    init(_ points: Tensor) {
        precondition(points.rank == 2, "clustering: points must be [n, d], got \(points.shape)")
        values = points.contiguous().toDoubles()
        count = points.shape[0]
        dimension = points.shape[1]
    }

    subscript(i: Int) -> [Double] { Array(values[(i * dimension)..<((i + 1) * dimension)]) }

    func squaredDistance(_ i: Int, to center: [Double]) -> Double {
        var total = 0.0
        for j in 0..<dimension {
            let difference = values[i * dimension + j] - center[j]
            total += difference * difference
        }
        return total
    }
}
