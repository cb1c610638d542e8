import Foundation
import Tensor

/// A communication link that delivers a vector of numbers imperfectly: optionally stochastically quantized to `bits`
/// bits per entry on [−range, range] (each entry rounded to one of its two neighbouring levels with the probabilities
/// that make the result unbiased; entries outside the range are clipped), then with additive white Gaussian noise of
/// variance σ² per entry (the quantizer is `UniformQuantizer` with a fixed range and stochastic rounding).
public struct NoisyLink: Sendable {
    public var noiseVariance: Double
    /// Bits per entry, or nil for no quantization.
    public var quantizationBits: Int?
    /// The quantizer's range [−range, range].
    public var range: Double

    public init(noiseVariance: Double = 0, quantizationBits: Int? = nil, range: Double = 1) {
        precondition(noiseVariance >= 0, "NoisyLink: noise variance must be ≥ 0, got \(noiseVariance)")
        precondition(
            quantizationBits.map { $0 >= 1 && $0 <= 52 } ?? true && range > 0,
            "NoisyLink: quantization bits must be in 1…52 and the range positive, got \(String(describing: quantizationBits)), \(range)"
        )
        self.noiseVariance = noiseVariance
        self.quantizationBits = quantizationBits
        self.range = range
    }

    /// What the receiver gets when `message` is sent.
    public func transmit(_ message: [Double], using generator: inout RandomGenerator) -> [Double] {
        var received = message
        if let bits = quantizationBits {
            let quantizer = UniformQuantizer(
                bits: bits, range: .fixed(lower: -range, upper: range), rounding: .stochastic)
            received = quantizer.quantize(received, using: &generator)
        }
        if noiseVariance > 0 {
            let noise = Tensor.normal(
                [message.count], standardDeviation: noiseVariance.squareRoot(), dtype: .float64, using: &generator)
            received = zip(received, noise.toDoubles()).map { $0 + $1 }
        }
        return received
    }
}
