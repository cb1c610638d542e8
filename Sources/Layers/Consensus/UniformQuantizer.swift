import Foundation
import Tensor

/// A uniform b-bit quantizer of vectors: 2ᵇ levels evenly spaced on [lower, upper], step Δ = (upper − lower)/(2ᵇ − 1);
/// entries outside the range are clipped to it. The range is fixed, or adaptive: each message's own [min, max], sent
/// beside the b-bit codes as two 64-bit numbers (so the extremes, and a minimum of 0, arrive exactly).
///
/// Rounding to the nearest level errs by at most Δ/2; stochastic rounding picks one of the two neighbouring levels
/// with the probabilities that make the result unbiased (E[Q(v)] = v inside the range), erring by less than Δ.
public struct UniformQuantizer: Sendable {
    public enum Range: Sendable, Equatable {
        case fixed(lower: Double, upper: Double)
        /// Each message's [min, max], transmitted at full precision.
        case adaptive
    }

    public enum Rounding: Sendable {
        case nearest
        case stochastic
    }

    public let bits: Int
    public let range: Range
    public let rounding: Rounding

    public init(bits: Int, range: Range, rounding: Rounding) {
        precondition(bits >= 1 && bits <= 52, "UniformQuantizer: bits must be in 1…52, got \(bits)")
        if case .fixed(let lower, let upper) = range {
            precondition(
                lower < upper, "UniformQuantizer: the fixed range needs lower < upper, got [\(lower), \(upper)]")
        }
        self.bits = bits
        self.range = range
        self.rounding = rounding
    }

    /// The number of bits that carry a message of `count` entries.
    public func messageBits(count: Int) -> Int { bits * count + (range == .adaptive ? 128 : 0) }

    /// The levels' spacing Δ for a message (for an adaptive range, the message's own).
    public func step(for message: [Double]) -> Double {
        let (lower, upper) = bounds(of: message)
        return (upper - lower) / Double((1 << bits) - 1)
    }

    /// What the receiver reconstructs from the codes of `message`.
    public func quantize(_ message: [Double], using generator: inout RandomGenerator) -> [Double] {
        let (lower, upper) = bounds(of: message)
        let step = (upper - lower) / Double((1 << bits) - 1)
        guard step > 0 else { return message.map { _ in lower } }
        return message.map { value in
            let position = (min(max(value, lower), upper) - lower) / step
            let level: Double
            switch rounding {
            case .nearest: level = position.rounded()
            case .stochastic:
                let below = position.rounded(.down)
                level = generator.nextDouble() < position - below ? below + 1 : below
            }
            return min(lower + level * step, upper)
        }
    }

    private func bounds(of message: [Double]) -> (Double, Double) {
        switch range {
        case .fixed(let lower, let upper): return (lower, upper)
        case .adaptive: return (message.min() ?? 0, message.max() ?? 0)
        }
    }
}
