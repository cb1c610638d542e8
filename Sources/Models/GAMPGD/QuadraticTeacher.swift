import Foundation
import Layers
import Tensor

/// The teacher of Maillard et al. (NeurIPS 2024): one hidden layer of width m = κd with quadratic activation,
/// f(x) = (1/√m)·Σ_k [(w_k·x)²/d − 1], w_k ~ N(0, I_d), x ~ N(0, I_d); noiseless labels y = f(x).
struct QuadraticTeacher {
    let dimension: Int
    let width: Int
    /// W `[m, d]`.
    let weight: Tensor

    init(dimension: Int, width: Int, using generator: inout RandomGenerator) {
        self.dimension = dimension
        self.width = width
        weight = Tensor.normal([width, dimension], dtype: .float64, using: &generator)
    }

    /// f at the rows of `x` `[n, d]` → `[n]`.
    func callAsFunction(_ x: Tensor) -> Tensor {
        let hidden = x.matmul(weight.transposed())  // [n, m]
        return ((hidden.square() / Double(dimension) - 1).sum(axis: 1)) / Double(width).squareRoot()
    }

    /// `count` inputs x ~ N(0, I) `[count, d]` and their labels `[count]`.
    func sample(_ count: Int, using generator: inout RandomGenerator) -> (inputs: Tensor, labels: Tensor) {
        let x = Tensor.normal([count, dimension], dtype: .float64, using: &generator)
        return (x, self(x))
    }
}
