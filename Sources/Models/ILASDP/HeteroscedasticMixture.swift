import Foundation
import Layers
import Tensor

/// The heteroscedastic Gaussian mixture of the iLA-SDP study (PLAN row 13): K equal clusters in R^d, Σ₁ = I,
/// Σ₂ = R·diag(4 … 0.25)·Rᵀ (eigenvalues geometric from 4 down to 0.25, R a random rotation), and for K = 3
/// Σ₃ = R′·diag(0.25 … 4)·R′ᵀ; μ₁ = 0 and μ_k = Δ·u_k for random unit vectors u_k.
struct HeteroscedasticMixture {
    let means: [[Double]]
    /// Σ_k [d, d] float64.
    let covariances: [Tensor]
    let points: Tensor
    let labels: [Int]

    init(size n: Int, dimension d: Int, clusters: Int, separation: Double, seed: UInt64) throws {
        precondition(
            (2...3).contains(clusters) && n % clusters == 0, "HeteroscedasticMixture: K = \(clusters), n = \(n)")
        var generator = RandomGenerator(seed: seed)
        let spectrum = (0..<d).map { Foundation.pow(4, 1 - 2 * Double($0) / Double(d - 1)) }
        func rotated(_ eigenvalues: [Double]) -> Tensor {
            let rotation = Linalg.qr(Tensor.normal([d, d], dtype: .float64, using: &generator)).q
            return (rotation * Tensor(eigenvalues, shape: [d], dtype: .float64)).matmul(rotation.transposed())
        }
        var covariances = [Tensor.eye(d, dtype: .float64), rotated(spectrum)]
        if clusters == 3 { covariances.append(rotated(spectrum.reversed())) }
        var means = [[Double](repeating: 0, count: d)]
        for _ in 1..<clusters {
            let direction = Tensor.normal([d], dtype: .float64, using: &generator).toDoubles()
            let norm = direction.reduce(0) { $0 + $1 * $1 }.squareRoot()
            means.append(direction.map { separation * $0 / norm })
        }
        let size = n / clusters
        var blocks: [Tensor] = []
        for k in 0..<clusters {
            let factor = try Linalg.cholesky(covariances[k])
            let noise = Tensor.normal([size, d], dtype: .float64, using: &generator)
            blocks.append(noise.matmul(factor.transposed()) + Tensor(means[k], shape: [d], dtype: .float64))
        }
        self.means = means
        self.covariances = covariances
        points = Tensor.concatenated(blocks, axis: 0)
        labels = (0..<n).map { $0 / size }
    }

    /// The Bayes rule with the true parameters (equal weights): argmax_k log N(x | μ_k, Σ_k).
    func oracleLabels() throws -> [Int] {
        let k = covariances.count
        let mixture = GaussianMixture(
            weights: Array(repeating: 1 / Double(k), count: k), means: means,
            covariances: covariances.map { $0.contiguous().toDoubles() })
        return try mixture.labels(points)
    }
}
