/// A seeded pseudo-random number generator: xoshiro256** (Blackman and Vigna), its state filled from the seed by
/// splitmix64.
///
/// A small value type: pass it `inout` to the tensor factories (`Tensor.uniform(_:using:)`, …) and copy it to replay
/// a stream. Everything it produces, and everything the factories build from it, uses integer arithmetic and
/// correctly rounded floating-point operations only, so a seed gives the same numbers on every run and platform.
///
/// ```swift
/// var generator = RandomGenerator(seed: 42)
/// let weights = Tensor.normal([64, 32], standardDeviation: 0.1, using: &generator)
/// var worker = generator.split()            // an independent stream for another task
/// ```
///
/// It also conforms to `RandomNumberGenerator`, so `shuffled(using:)` and `Int.random(in:using:)` accept it; those
/// standard-library algorithms are not promised to stay the same across Swift versions, the methods here are.
/// `next()`, `nextDouble()` and `nextInteger(below:)` are `@inlinable`: loops in other modules pay no call.
public struct RandomGenerator: RandomNumberGenerator, Sendable, Equatable {
    @usableFromInline var state: (UInt64, UInt64, UInt64, UInt64)

    /// A generator whose stream is fixed by `seed`.
    public init(seed: UInt64) {
        var mixer = seed
        state = (
            Self.splitMix64(&mixer), Self.splitMix64(&mixer), Self.splitMix64(&mixer), Self.splitMix64(&mixer)
        )
    }

    /// The next 64 random bits.
    @inlinable
    public mutating func next() -> UInt64 {
        let result = rotateLeft(state.1 &* 5, 7) &* 9
        let shifted = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= shifted
        state.3 = rotateLeft(state.3, 45)
        return result
    }

    /// A uniform `Double` in `[0, 1)`: one of the 2⁵³ multiples of 2⁻⁵³.
    @inlinable
    public mutating func nextDouble() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// A uniform integer in `0..<bound` without bias (Lemire's multiply-and-reject method). `bound` is positive.
    @inlinable
    public mutating func nextInteger(below bound: UInt64) -> UInt64 {
        precondition(bound > 0, "nextInteger(below:): bound must be positive")
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold { product = next().multipliedFullWidth(by: bound) }
        }
        return product.high
    }

    /// Advances the stream by 2¹²⁸ draws, as if `next()` had been called that often.
    public mutating func jump() {
        let polynomial: [UInt64] = [
            0x180e_c6d3_3cfd_0aba, 0xd5a6_1266_f0c9_392c, 0xa958_2618_e03f_c9aa, 0x39ab_dc45_29b1_661c,
        ]
        var jumped: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        for word in polynomial {
            for bit in 0..<64 {
                if word & (1 << UInt64(bit)) != 0 {
                    jumped.0 ^= state.0
                    jumped.1 ^= state.1
                    jumped.2 ^= state.2
                    jumped.3 ^= state.3
                }
                _ = next()
            }
        }
        state = jumped
    }

    /// A generator for an independent stream: it continues this stream from here, while this generator jumps 2¹²⁸
    /// draws ahead, so the two never overlap in practice. Repeated calls hand out consecutive non-overlapping
    /// streams, deterministically.
    public mutating func split() -> RandomGenerator {
        let child = self
        jump()
        return child
    }

    /// Whether two generators are at the same point of the same stream.
    public static func == (a: RandomGenerator, b: RandomGenerator) -> Bool {
        a.state.0 == b.state.0 && a.state.1 == b.state.1 && a.state.2 == b.state.2 && a.state.3 == b.state.3
    }

    /// splitmix64 (Steele, Lea and Flood): spreads a seed over the state words.
    static func splitMix64(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    @inlinable
    func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}
