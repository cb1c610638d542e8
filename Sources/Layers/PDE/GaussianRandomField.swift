import Foundation
import Tensor

/// Samples of the periodic Gaussian random field with covariance σ²(−Δ + τ²)^{−α} on [0, 1)^d (the FNO papers'
/// input distribution), on a uniform grid of n points per axis (d = 1 or 2), Float64.
///
/// u = Σ_k σ(4π²|k|² + τ²)^{−α/2}·ξ_k·e^{2πik·x} with ξ_k standard complex normal (Hermitian-symmetric so u is real),
/// drawn by an inverse FFT; the constant mode is dropped (mean zero).
public struct GaussianRandomField: Sendable {
    public let points: Int
    public let dimensions: Int
    public let alpha: Double, tau: Double, sigma: Double

    public init(points: Int, dimensions: Int = 1, alpha: Double = 2, tau: Double = 3, sigma: Double? = nil) {
        precondition(
            points >= 2 && (dimensions == 1 || dimensions == 2), "GaussianRandomField: needs n ≥ 2 and d ∈ {1, 2}")
        self.points = points
        self.dimensions = dimensions
        self.alpha = alpha
        self.tau = tau
        // The FNO code's default scale makes samples of O(1) for every τ and α.
        self.sigma = sigma ?? Foundation.pow(tau, 0.5 * (2 * alpha - Double(dimensions)))
    }

    /// `count` samples: `[count, n]` (d = 1) or `[count, n, n]` (d = 2).
    public func sample(_ count: Int, using generator: inout RandomGenerator) -> Tensor {
        let n = points
        let bins = n / 2 + 1
        let rows = dimensions == 1 ? 1 : n
        // Amplitude of each stored bin (rows × bins); F⁻¹ with normalization n^d makes Σ_k a_k ξ_k e^{…}.
        var amplitude = [Double](repeating: 0, count: rows * bins)
        for r in 0..<rows {
            let kr = Double(r <= n / 2 ? r : r - n)
            for c in 0..<bins {
                let squared = kr * kr + Double(c * c)
                if squared == 0 { continue }
                let scale = sigma * Foundation.pow(4 * Double.pi * Double.pi * squared + tau * tau, -alpha / 2)
                amplitude[r * bins + c] = scale * Foundation.pow(Double(n), Double(dimensions))
            }
        }
        let shape = dimensions == 1 ? [count, bins] : [count, n, bins]
        let a = Tensor(amplitude, shape: dimensions == 1 ? [1, bins] : [1, n, bins], dtype: .float64)
        // Real and imaginary parts N(0, ½) each, so |ξ|² has mean 1; irfft keeps only the Hermitian part.
        let re = Tensor.normal(shape, dtype: .float64, using: &generator) * (0.5.squareRoot()) * a
        let im = Tensor.normal(shape, dtype: .float64, using: &generator) * (0.5.squareRoot()) * a
        var z = ComplexTensor(real: re, imaginary: im)
        if dimensions == 2 { z = FFT.ifft(z, axis: 1) }
        return FFT.irfft(z, axis: -1, length: n)
    }
}
