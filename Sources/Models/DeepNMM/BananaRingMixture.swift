import Foundation
import Tensor

/// The 2-D target of the DNMM study (PLAN row 9) on the box [−4, 4]²: with probability 0.4 a banana
/// (1.5t, 0.5t² − 3 + 0.25ε), 0.35 a ring of radius 2 + 0.15ε around (0, 1), 0.25 a Gaussian N((0, 1), 0.5²I)
/// (t, ε standard normal, the ring's angle uniform); draws outside the box are rejected.
enum BananaRingMixture {
    static let lower = [-4.0, -4.0]
    static let upper = [4.0, 4.0]

    /// `count` draws, [count, 2] float64.
    static func sample(_ count: Int, using generator: inout RandomGenerator) -> Tensor {
        var values: [Double] = []
        while values.count < 2 * count {
            let normals = Tensor.normal([2], dtype: .float64, using: &generator).toDoubles()
            let u = generator.nextDouble()
            let point: [Double]
            if u < 0.4 {
                point = [1.5 * normals[0], 0.5 * normals[0] * normals[0] - 3 + 0.25 * normals[1]]
            } else if u < 0.75 {
                let angle = 2 * Double.pi * generator.nextDouble()
                let radius = 2 + 0.15 * normals[0]
                point = [radius * cos(angle), 1 + radius * sin(angle)]
            } else {
                point = [0.5 * normals[0], 1 + 0.5 * normals[1]]
            }
            if point.allSatisfy({ abs($0) < 4 }) { values += point }
        }
        return Tensor(values, shape: [count, 2], dtype: .float64)
    }
}
