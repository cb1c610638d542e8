import Foundation
import Tensor

extension NeuralTangentKernel {
    /// Θ_∞ `[N, M]`, the infinite-width tangent kernel of a ReLU `MLP.ntkParameterized` with `layers` Linear layers
    /// and bias scale β, between the rows of `x` `[N, D]` and `y` `[M, D]` (Jacot et al., 2018, Theorem 1):
    ///
    /// Σ⁽¹⁾(x, x′) = x·x′/D + β², Θ⁽¹⁾ = Σ⁽¹⁾, and for ℓ ≥ 1
    /// Σ⁽ℓ⁺¹⁾ = E[σ(u)σ(v)] + β², Σ̇⁽ℓ⁺¹⁾ = E[σ′(u)σ′(v)], Θ⁽ℓ⁺¹⁾ = Θ⁽ℓ⁾·Σ̇⁽ℓ⁺¹⁾ + Σ⁽ℓ⁺¹⁾,
    ///
    /// with (u, v) centred Gaussian of covariance Σ⁽ℓ⁾ at (x, x′). For σ = ReLU both expectations are the arc-cosine
    /// kernels of degree 1 and 0 (Cho & Saul, 2009): with cos φ = Σ(x, x′)/√(Σ(x, x)Σ(x′, x′)),
    /// E[σ(u)σ(v)] = √(Σ(x, x)Σ(x′, x′))·(sin φ + (π − φ)cos φ)/(2π) and E[σ′(u)σ′(v)] = (π − φ)/(2π).
    /// Computed in Float64.
    public static func reluLimit(_ x: Tensor, _ y: Tensor, layers: Int, biasScale beta: Double) -> Tensor {
        precondition(
            x.rank == 2 && y.rank == 2 && x.shape[1] == y.shape[1],
            "NeuralTangentKernel.reluLimit: needs [N, D] and [M, D], got \(x.shape) and \(y.shape)")
        precondition(layers >= 1, "NeuralTangentKernel.reluLimit: needs at least one layer, got \(layers)")
        let x = x.cast(to: .float64)
        let y = y.cast(to: .float64)
        let dimension = Double(x.shape[1])
        let bias = beta * beta
        // Σ between the sets, and on the diagonal of each set.
        var sigma = (x.matmul(y.transposed()) / dimension + bias).scalars(as: Double.self)
        var sigmaX = (x.square().sum(axis: 1) / dimension + bias).scalars(as: Double.self)
        var sigmaY = (y.square().sum(axis: 1) / dimension + bias).scalars(as: Double.self)
        var theta = sigma
        let n = x.shape[0]
        let m = y.shape[0]
        for _ in 1..<layers {
            for i in 0..<n {
                for j in 0..<m {
                    let scale = (sigmaX[i] * sigmaY[j]).squareRoot()
                    let cosine = Swift.min(1, Swift.max(-1, sigma[i * m + j] / scale))
                    let angle = Foundation.acos(cosine)
                    let derivative = (Double.pi - angle) / (2 * Double.pi)
                    sigma[i * m + j] =
                        scale * (Foundation.sin(angle) + (Double.pi - angle) * cosine) / (2 * Double.pi) + bias
                    theta[i * m + j] = theta[i * m + j] * derivative + sigma[i * m + j]
                }
            }
            // On the diagonal φ = 0: E[σ(u)²] = Σ(x, x)/2.
            sigmaX = sigmaX.map { $0 / 2 + bias }
            sigmaY = sigmaY.map { $0 / 2 + bias }
        }
        return Tensor(theta, shape: [n, m])
    }
}
