import Tensor
import TestSupport
import XCTest

/// `BFloat16.rounded` against an independent formulation of IEEE round-to-nearest-even: the value divided by the
/// bfloat16 spacing at its binade, rounded to an integer by Double's own ties-to-even rounding, scaled back, and
/// sent to ∞ at or past 2¹²⁸ (where the next binade would start). The rounding under test works on bit patterns
/// instead (an add with carry), so the two share nothing but the definition.
final class BFloat16RoundingTests: XCTestCase {
    /// IEEE bfloat16 RNE of a Double (exact: scaling by a power of two and rounding to an integer are exact here).
    private func reference(_ x: Double) -> Double {
        if x.isNaN || x.isInfinite || x == 0 { return x }
        let magnitude = Swift.abs(x)
        let spacing = Double(sign: .plus, exponent: Swift.max(magnitude.exponent, -126) - 7, significand: 1)
        let rounded = (magnitude / spacing).rounded(.toNearestOrEven) * spacing
        let result = rounded >= 0x1p128 ? Double.infinity : rounded
        return x < 0 ? -result : result
    }

    private func assertRoundsLikeReference(_ x: Float, file: StaticString = #filePath, line: UInt = #line) {
        let y = BFloat16.rounded(x)
        if x.isNaN {
            XCTAssert(y.isNaN && y.sign == x.sign, "NaN \(hex(x)) → \(hex(y))", file: file, line: line)
            return
        }
        let expected = Float(reference(Double(x)))
        XCTAssertEqual(
            y.bitPattern, expected.bitPattern, "\(hex(x)): got \(hex(y)), expected \(hex(expected))",
            file: file, line: line)
    }

    private func hex(_ x: Float) -> String { "0x" + String(x.bitPattern, radix: 16) }

    /// Every bfloat16 (all 65,536 upper halves: both signs, zeros, subnormals, normals, ±∞, NaNs) with low halves
    /// that are exact (0), just above a bfloat16 (1), just below, at and just above the tie (0x7FFF, 0x8000,
    /// 0x8001), the largest (0xFFFF), and two pseudo-random ones per upper half.
    func testEveryUpperHalfWithTiesAndNeighbours() {
        var generator = RandomGenerator(seed: 15)
        for upper in UInt32(0)...0xFFFF {
            var lows: [UInt32] = [0, 1, 0x7FFF, 0x8000, 0x8001, 0xFFFF]
            lows.append(UInt32(generator.nextInteger(below: 0x10000)))
            lows.append(UInt32(generator.nextInteger(below: 0x10000)))
            for low in lows { assertRoundsLikeReference(Float(bitPattern: upper << 16 | low)) }
        }
    }

    /// Patterns worked out by hand.
    func testHandVerifiedPatterns() {
        let cases: [(UInt32, UInt32)] = [
            (0x3F80_0000, 0x3F80_0000),  // 1 is a bfloat16
            (0x3F80_8000, 0x3F80_0000),  // 1 + 2⁻⁸: a tie, the kept last bit is even: down
            (0x3F81_8000, 0x3F82_0000),  // a tie with an odd kept last bit: up
            (0x3F80_8001, 0x3F81_0000),  // just past the tie: up
            (0x3F80_7FFF, 0x3F80_0000),  // just before the tie: down
            (0x4049_0FDB, 0x4049_0000),  // π → 3.140625
            (0x3EAA_AAAB, 0x3EAB_0000),  // 1/3 → 0.333984375
            (0xC049_0FDB, 0xC049_0000),  // −π: the same magnitude
            (0x7F7F_7FFF, 0x7F7F_0000),  // below the midpoint past the largest bfloat16: stays finite
            (0x7F7F_8000, 0x7F80_0000),  // that midpoint, odd last bit: to +∞
            (0x7F7F_FFFF, 0x7F80_0000),  // Float.greatestFiniteMagnitude → +∞
            (0xFF7F_FFFF, 0xFF80_0000),  // and its negative → −∞
            (0x7F80_0000, 0x7F80_0000),  // +∞
            (0xFF80_0000, 0xFF80_0000),  // −∞
            (0x0000_0000, 0x0000_0000),  // +0
            (0x8000_0000, 0x8000_0000),  // −0
            (0x0000_0001, 0x0000_0000),  // the smallest subnormal → +0
            (0x8000_0001, 0x8000_0000),  // its negative → −0
            (0x0000_8000, 0x0000_0000),  // subnormal tie, even: down to 0
            (0x0001_8000, 0x0002_0000),  // subnormal tie, odd: up
            (0x007F_FFFF, 0x0080_0000),  // the largest subnormal → the smallest normal
            (0x0001_0000, 0x0001_0000),  // the smallest bfloat16 subnormal, 2⁻¹³³
        ]
        for (input, expected) in cases {
            let y = BFloat16.rounded(Float(bitPattern: input))
            XCTAssertEqual(y.bitPattern, expected, "0x\(String(input, radix: 16))")
        }
    }

    func testNaNsStayNaNsWithTheirSign() {
        for pattern: UInt32 in [0x7FC0_0000, 0x7F80_0001, 0x7F80_FFFF, 0xFFC0_0001, 0xFF80_0001, 0x7FFF_FFFF] {
            let x = Float(bitPattern: pattern)
            let y = BFloat16.rounded(x)
            XCTAssert(y.isNaN, "0x\(String(pattern, radix: 16)) → 0x\(String(y.bitPattern, radix: 16))")
            XCTAssertEqual(y.sign, x.sign)
            XCTAssertEqual(y.bitPattern & 0xFFFF, 0, "the result is a bfloat16")
        }
    }

    /// Properties over all upper halves: the result is a bfloat16, idempotent, monotone, odd, and within half a
    /// bfloat16 spacing of the input.
    func testRoundingProperties() {
        var previous = -Float.infinity
        for upper in (UInt32(0x8000)...0xFF80).reversed() {  // from −∞ up to −0, increasing
            checkProperties(upper, previous: &previous)
        }
        for upper in UInt32(0)...0x7F80 {  // from +0 up to +∞
            checkProperties(upper, previous: &previous)
        }
    }

    private func checkProperties(_ upper: UInt32, previous: inout Float) {
        let xs = [UInt32(0), 0x4000, 0x8000, 0xC000, 0xFFFF].map { Float(bitPattern: upper << 16 | $0) }
            .filter { !$0.isNaN }
        let ordered = xs.first!.sign == .minus ? xs.reversed() : xs
        for x in ordered {
            let y = BFloat16.rounded(x)
            XCTAssertEqual(y.bitPattern & 0xFFFF, 0)
            XCTAssertEqual(BFloat16.rounded(y).bitPattern, y.bitPattern, "idempotent")
            XCTAssertEqual(BFloat16.rounded(-x).bitPattern, (-y).bitPattern, "odd")
            XCTAssertGreaterThanOrEqual(y, previous, "monotone at 0x\(String(x.bitPattern, radix: 16))")
            previous = y
            if y.isFinite && x != 0 {
                let halfSpacing = Double(sign: .plus, exponent: Swift.max(x.exponent, -126) - 8, significand: 1)
                XCTAssertLessThanOrEqual(Swift.abs(Double(y) - Double(x)), halfSpacing)
            }
        }
    }

    /// Doubles: one rounding, not two. Values a hair off a Float32 tie would become ties after rounding to Float32
    /// first; they must round away from the tie as IEEE RNE of the Double does.
    func testDoublesRoundOnceIncludingNearTies() {
        var generator = RandomGenerator(seed: 16)
        var values: [Double] = [
            .infinity, -.infinity, 0, -0.0, 0x1p-1074, -0x1p-140, 0x1p-134, 0x1.8p-134,
            0x1.0000000001p-134, 3.5e38, -3.4e38, 1e300, -1e300,
        ]
        for _ in 0..<20_000 {
            let upper = UInt32(generator.nextInteger(below: 0x7F80)) | (generator.next() & 1 == 0 ? 0 : 0x8000)
            let tie = Double(Float(bitPattern: upper << 16 | 0x8000))
            let nudge = Swift.abs(tie) * 0x1p-40
            values += [tie, tie + nudge, tie - nudge, tie + tie.ulp, tie - tie.ulp]
            values.append(
                Double(Float(bitPattern: upper << 16 | UInt32(generator.nextInteger(below: 0x10000)))) * (1 + 0x1p-35))
        }
        for x in values {
            let y = BFloat16.rounded(x)
            XCTAssertEqual(y.bitPattern, reference(x).bitPattern, "\(x): got \(y), expected \(reference(x))")
        }
        XCTAssert(BFloat16.rounded(Double.nan).isNaN)
    }

    /// The tensor op agrees with the scalar rounding in both dtypes and on views.
    func testTensorOpOnLayoutsAndDtypes() {
        var generator = RandomGenerator(seed: 17)
        let x = Tensor.normal([6, 5], dtype: .float64, using: &generator) * 300
        for variant in layoutVariants(of: x) {
            let y = variant.tensor.roundedToBFloat16()
            let y32 = variant.tensor.cast(to: .float32).roundedToBFloat16()
            for index in allIndices([6, 5]) {
                let value = variant.tensor.element(at: index)
                XCTAssertEqual(y.element(at: index), BFloat16.rounded(value), variant.name)
                XCTAssertEqual(y32.element(at: index), Double(BFloat16.rounded(Float(value))), variant.name)
            }
        }
    }
}
