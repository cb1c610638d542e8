extension RandomGenerator {
    /// Advances the stream by `draws` draws, as if `next()` had been called that often, in a few microseconds
    /// whatever the distance (numpy's `PCG64.advance`). Lets parallel code start several threads at known points
    /// of one stream.
    ///
    /// xoshiro's state update is linear over GF(2): one draw maps the 256 state bits by a matrix `M`, so `draws`
    /// draws map them by `M^draws`, the product of the `M^(2^k)` for the bits `k` set in `draws` (`JumpPowers`).
    public mutating func advance(by draws: UInt64) {
        var bits = SIMD4(state.0, state.1, state.2, state.3)
        var remaining = draws
        var power = 0
        while remaining != 0 {
            if remaining & 1 != 0 { bits = JumpPowers.table[power].apply(to: bits) }
            remaining >>= 1
            power += 1
        }
        state = (bits[0], bits[1], bits[2], bits[3])
    }
}

/// `M^(2^k)` for k = 0…63, where `M` is the GF(2) matrix of one xoshiro256 state update.
enum JumpPowers {
    /// The 64 powers, built once (63 squarings of a 256 × 256 bit matrix, ~2 ms) on first use.
    static let table: [StateMatrix] = {
        var powers = [StateMatrix.oneDraw]
        for _ in 1..<64 { powers.append(powers[powers.count - 1].squared()) }
        return powers
    }()
}

/// A linear map of the 256 state bits, stored by columns: `columns[j]` is the image of state bit `j` (bit `j % 64`
/// of word `j / 64`).
struct StateMatrix {
    var columns: [SIMD4<UInt64>]

    /// The map of one draw, column by column: the state update applied to each unit state.
    static var oneDraw: StateMatrix {
        StateMatrix(
            columns: (0..<256).map { j in
                var unit = SIMD4<UInt64>(repeating: 0)
                unit[j / 64] = 1 << UInt64(j % 64)
                var generator = RandomGenerator(seed: 0)
                generator.state = (unit[0], unit[1], unit[2], unit[3])
                _ = generator.next()
                return SIMD4(generator.state.0, generator.state.1, generator.state.2, generator.state.3)
            })
    }

    /// `self · bits`: the XOR of the columns of the set bits.
    func apply(to bits: SIMD4<UInt64>) -> SIMD4<UInt64> {
        columns.withUnsafeBufferPointer { columns in
            var image = SIMD4<UInt64>(repeating: 0)
            for word in 0..<4 {
                var remaining = bits[word]
                while remaining != 0 {
                    image ^= columns[word * 64 + remaining.trailingZeroBitCount]
                    remaining &= remaining - 1
                }
            }
            return image
        }
    }

    /// `self · self`.
    func squared() -> StateMatrix { StateMatrix(columns: columns.map(apply(to:))) }
}
