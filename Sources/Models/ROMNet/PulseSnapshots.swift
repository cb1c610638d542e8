import Foundation
import Tensor

/// The snapshots of the ROM-net clustering study (PLAN row 17): u(x; μ) = exp(−(x − μ₁)²/(2μ₂²))·(1 + μ₃ sin 8πx) on
/// the midpoint grid of [0, 1], with μ₁ ~ U[0.15, 0.85] (the pulse's position), μ₂ ~ U[0.04, 0.12] (its width) and
/// μ₃ ~ U[0, 0.5] (the modulation).
struct PulseSnapshots {
    static let ranges: [ClosedRange<Double>] = [0.15...0.85, 0.04...0.12, 0...0.5]

    /// [count, 3].
    let parameters: Tensor
    /// [count, gridSize].
    let snapshots: Tensor

    init(count: Int, gridSize: Int, using generator: inout RandomGenerator) {
        var mu: [Double] = []
        var values: [Double] = []
        for _ in 0..<count {
            let p = Self.ranges.map { $0.lowerBound + ($0.upperBound - $0.lowerBound) * generator.nextDouble() }
            mu += p
            for j in 0..<gridSize {
                let x = (Double(j) + 0.5) / Double(gridSize)
                let pulse = Foundation.exp(-(x - p[0]) * (x - p[0]) / (2 * p[1] * p[1]))
                values.append(pulse * (1 + p[2] * Foundation.sin(8 * Double.pi * x)))
            }
        }
        parameters = Tensor(mu, shape: [count, 3], dtype: .float64)
        snapshots = Tensor(values, shape: [count, gridSize], dtype: .float64)
    }

    /// The parameters mapped onto [0, 1]³ (their ranges), for clustering in parameter space.
    var normalizedParameters: Tensor {
        let lower = Tensor(Self.ranges.map(\.lowerBound), shape: [3], dtype: .float64)
        let width = Tensor(Self.ranges.map { $0.upperBound - $0.lowerBound }, shape: [3], dtype: .float64)
        return (parameters - lower) / width
    }
}
