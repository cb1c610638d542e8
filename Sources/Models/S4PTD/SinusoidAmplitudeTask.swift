import Foundation
import Tensor

/// A sequence regression task generated in code: read the amplitude a of a noisy sinusoid.
///
/// u_t = a·sin(θt + φ) + σ·ξ_t for t < L, with a ~ U[0.5, 1.5], θ ~ U(`band`) (radians per step), φ ~ U[0, 2π) and
/// ξ_t standard normal; the target is a.
enum SinusoidAmplitudeTask {
    /// - Returns: inputs `[count, length, 1]` and targets `[count, 1]`, float64.
    static func batch(
        count: Int, length: Int, band: ClosedRange<Double>, noise: Double, using generator: inout RandomGenerator
    ) -> (inputs: Tensor, targets: Tensor) {
        let amplitude = Tensor.uniform([count, 1], low: 0.5, high: 1.5, dtype: .float64, using: &generator)
        let frequency = Tensor.uniform(
            [count, 1], low: band.lowerBound, high: band.upperBound, dtype: .float64, using: &generator)
        let phase = Tensor.uniform([count, 1], low: 0, high: 2 * Double.pi, dtype: .float64, using: &generator)
        let time = Tensor.arange(0, Double(length), dtype: .float64).reshaped([1, length])
        let clean = amplitude * (frequency * time + phase).sin()
        let inputs = clean + Tensor.normal([count, length], std: noise, dtype: .float64, using: &generator)
        return (inputs.reshaped([count, length, 1]), amplitude)
    }

    /// The test-time perturbation: `amplitude`·sin(θ*t + ψ) with ψ ~ U[0, 2π) per sequence, `[count, length, 1]`.
    static func perturbation(
        count: Int, length: Int, frequency: Double, amplitude: Double, using generator: inout RandomGenerator
    ) -> Tensor {
        let phase = Tensor.uniform([count, 1], low: 0, high: 2 * Double.pi, dtype: .float64, using: &generator)
        let time = Tensor.arange(0, Double(length), dtype: .float64).reshaped([1, length])
        return ((time * frequency + phase).sin() * amplitude).reshaped([count, length, 1])
    }
}
