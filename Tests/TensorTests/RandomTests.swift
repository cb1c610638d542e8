import Foundation
import XCTest

@testable import Tensor

final class RandomTests: XCTestCase {
    func testGeneratorMatchesTheReferenceImplementation() {
        // Outputs of Vigna's xoshiro256** C code seeded with splitmix64(42), and after jump().
        var mixer: UInt64 = 0
        XCTAssertEqual(RandomGenerator.splitMix64(&mixer), 0xe220_a839_7b1d_cdaf)
        var generator = RandomGenerator(seed: 42)
        XCTAssertEqual(
            (0..<4).map { _ in generator.next() },
            [0x1578_0b2e_0c2e_c716, 0x6104_d986_6d11_3a7e, 0xae17_5332_39e4_99a1, 0xecb8_ad47_03b3_60a1])
        generator.jump()
        XCTAssertEqual((0..<2).map { _ in generator.next() }, [0x7736_9f9f_1244_9a8b, 0x1eab_92f3_c946_0792])
    }

    func testSplitHandsOutTheCurrentStreamAndJumpsAhead() {
        var parent = RandomGenerator(seed: 7)
        let original = parent
        var child = parent.split()
        XCTAssertEqual(child, original)
        var jumped = original
        jumped.jump()
        XCTAssertEqual(parent, jumped)
        XCTAssertNotEqual(child.next(), parent.next())
    }

    func testSameSeedSameTensorsDifferentSeedsDiffer() {
        func draw(_ seed: UInt64) -> [[Double]] {
            var generator = RandomGenerator(seed: seed)
            return [
                Tensor.uniform([100], low: -2, high: 3, using: &generator).toDoubles(),
                Tensor.normal([101], mean: 1, standardDeviation: 2, dtype: .float64, using: &generator).toDoubles(),
                Tensor.bernoulli([100], probability: 0.3, using: &generator).toDoubles(),
                Tensor.permutation(50, using: &generator).toDoubles(),
                Tensor.randomIntegers([100], low: -5, high: 5, using: &generator).toDoubles(),
            ]
        }
        XCTAssertEqual(draw(1), draw(1))
        for (a, b) in zip(draw(1), draw(2)) { XCTAssertNotEqual(a, b) }
    }

    func testNormalSamplesArePinnedBitForBit() {
        // Guards against drift across platforms and refactors: the samples come from integer arithmetic, IEEE
        // basic operations and PortableMath only.
        var generator = RandomGenerator(seed: 2024)
        let samples = Tensor.normal([6], dtype: .float64, using: &generator).scalars(as: Double.self)
        XCTAssertEqual(samples.map(\.bitPattern), Self.pinnedNormals)
    }

    static let pinnedNormals: [UInt64] = [
        13_834_900_231_391_962_402, 4_606_938_811_820_958_623, 13_837_597_079_708_067_957, 13_831_203_380_090_009_232,
        4_604_451_573_404_514_277, 13_822_091_432_005_416_911,
    ]

    func testAdvanceMatchesDrawingOneByOne() {
        for draws in [0, 1, 2, 3, 63, 64, 65, 255, 256, 1000, 4097] {
            var stepped = RandomGenerator(seed: UInt64(draws) + 5)
            var advanced = stepped
            for _ in 0..<draws { _ = stepped.next() }
            advanced.advance(by: UInt64(draws))
            XCTAssertEqual(advanced, stepped, "advance(by: \(draws))")
        }
        // Distances far beyond stepping: advancing in two legs or in one lands on the same state.
        var twoLegs = RandomGenerator(seed: 9)
        var oneLeg = twoLegs
        twoLegs.advance(by: 1 << 40 + 12345)
        twoLegs.advance(by: 1 << 62 + 1)
        oneLeg.advance(by: 1 << 62 + 1 << 40 + 12346)
        XCTAssertEqual(twoLegs, oneLeg)
        XCTAssertNotEqual(oneLeg, RandomGenerator(seed: 9))
    }

    func testNormalFillInPartsMatchesOneSerialPass() {
        // Many short parts: their boundaries meet every case of the stitching (a sample running into the next
        // part, a guessed start inside a true sample, which forces a serial re-parse).
        var reparsed = 0
        for seed in 0..<2000 {
            let count = 3000 + seed % 7
            let parts = 2 + seed % 59
            let serial = UnsafeMutablePointer<Double>.allocate(capacity: count)
            let split = UnsafeMutablePointer<Double>.allocate(capacity: count)
            defer {
                serial.deallocate()
                split.deallocate()
            }
            var serialGenerator = RandomGenerator(seed: UInt64(seed))
            var splitGenerator = serialGenerator
            NormalZiggurat.fillInParts(serial, count: count, parts: 1, mean: 1, std: 2, using: &serialGenerator)
            reparsed += NormalZiggurat.fillInParts(
                split, count: count, parts: parts, mean: 1, std: 2, using: &splitGenerator)
            let same = (0..<count).allSatisfy { serial[$0].bitPattern == split[$0].bitPattern }
            XCTAssertTrue(same, "seed \(seed), \(parts) parts")
            XCTAssertEqual(splitGenerator, serialGenerator, "seed \(seed), \(parts) parts")
        }
        XCTAssertGreaterThan(reparsed, 0, "no boundary needed a re-parse: the sweep misses that path")
    }

    func testLargeNormalTensorsAreTheSerialStream() {
        // Large enough to be split over the cores; the samples and the generator after them do not show it.
        for dtype in floatingTypes {
            var generator = RandomGenerator(seed: 31)
            var serialGenerator = generator
            let tensor = Tensor.normal([3, 100_001], mean: -1, standardDeviation: 0.5, dtype: dtype, using: &generator)
            let serial = UnsafeMutablePointer<Double>.allocate(capacity: tensor.count)
            defer { serial.deallocate() }
            NormalZiggurat.fillInParts(
                serial, count: tensor.count, parts: 1, mean: -1, std: 0.5, using: &serialGenerator)
            let expected = (0..<tensor.count).map { dtype == .float32 ? Double(Float(serial[$0])) : serial[$0] }
            XCTAssertEqual(tensor.toDoubles(), expected)
            XCTAssertEqual(generator, serialGenerator)
        }
    }

    func testZigguratTablesCloseUp() {
        let edges = NormalZiggurat.edges
        let densities = NormalZiggurat.densities
        let v = NormalZiggurat.layerArea
        let r = NormalZiggurat.tailStart
        XCTAssertEqual(edges.count, 257)
        XCTAssertTrue(zip(edges.dropFirst(), edges.dropFirst(2)).allSatisfy { $0 > $1 })
        // The recursion from the bottom must land on the peak: the top layer has area v too.
        XCTAssertEqual(v / edges[255] + densities[255], 1, accuracy: 1e-9)
        for i in 1..<255 { XCTAssertEqual(edges[i] * (densities[i + 1] - densities[i]), v, accuracy: 1e-12) }
        // Base strip: the rectangle under f(r) plus the tail.
        let tailArea = (Double.pi / 2).squareRoot() * erfc(r / 2.0.squareRoot())
        XCTAssertEqual(r * Foundation.exp(-r * r / 2) + tailArea, v, accuracy: 1e-12)
    }

    func testNormalMatchesTheGaussianCDF() {
        // Chi-square over 40 bins on [-4, 4] plus the two tails, against Φ.
        var generator = RandomGenerator(seed: 21)
        let n = 1_000_000
        let values = Tensor.normal([n], dtype: .float64, using: &generator).scalars(as: Double.self)
        func phi(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }
        let cuts = (0...40).map { -4 + 0.2 * Double($0) }
        var counts = [Int](repeating: 0, count: 42)
        for value in values {
            let bin = value < -4 ? 0 : value >= 4 ? 41 : 1 + Int((value + 4) / 0.2)
            counts[min(bin, 41)] += 1
        }
        var probabilities = [phi(-4)]
        for i in 0..<40 { probabilities.append(phi(cuts[i + 1]) - phi(cuts[i])) }
        probabilities.append(1 - phi(4))
        var chiSquare = 0.0
        for (count, probability) in zip(counts, probabilities) {
            let expected = probability * Double(n)
            let deviation = Double(count) - expected
            chiSquare += deviation * deviation / expected
        }
        XCTAssertLessThan(chiSquare, 90, "chi-square \(chiSquare) with 41 degrees of freedom (p < 1e-5 above 90)")
        // The tail beyond r (sampled by its own branch) has the right mass.
        let beyond = values.filter { Swift.abs($0) > NormalZiggurat.tailStart }.count
        let expected = Double(n) * erfc(NormalZiggurat.tailStart / 2.0.squareRoot())
        XCTAssertEqual(Double(beyond), expected, accuracy: 5 * expected.squareRoot())
    }

    func testUniformMomentsAndRange() {
        var generator = RandomGenerator(seed: 11)
        let n = 1_000_000
        for dtype in floatingTypes {
            let values = Tensor.uniform([n], low: -1, high: 3, dtype: dtype, using: &generator).toDoubles()
            XCTAssertTrue(values.allSatisfy { $0 >= -1 && $0 < 3 })
            let (mean, variance) = moments(values)
            // mean 1, variance (b - a)² / 12 = 4/3; standard error of the mean √(4/3 / n).
            XCTAssertEqual(mean, 1, accuracy: 5 * (4.0 / 3 / Double(n)).squareRoot())
            XCTAssertEqual(variance, 4.0 / 3, accuracy: 0.01)
        }
    }

    func testUniformStaysBelowHighAfterRounding() {
        var generator = RandomGenerator(seed: 3)
        let values = Tensor.uniform([100_000], low: 1, high: 1 + 1e-7, dtype: .float32, using: &generator)
        XCTAssertTrue(values.scalars(as: Float.self).allSatisfy { $0 >= 1 && $0 < Float(1 + 1e-7) })
    }

    func testNormalMomentsAndShape() {
        var generator = RandomGenerator(seed: 12)
        let n = 1_000_000
        for dtype in floatingTypes {
            let values = Tensor.normal([n], mean: -2, standardDeviation: 3, dtype: dtype, using: &generator).toDoubles()
            let (mean, variance) = moments(values)
            XCTAssertEqual(mean, -2, accuracy: 5 * 3 / Double(n).squareRoot())
            XCTAssertEqual(variance, 9, accuracy: 9 * 5 * (2 / Double(n)).squareRoot())
            let standardized = values.map { ($0 + 2) / 3 }
            let withinOne = Double(standardized.filter { Swift.abs($0) < 1 }.count) / Double(n)
            XCTAssertEqual(withinOne, 0.682689, accuracy: 0.003)
            let kurtosis = standardized.map { $0 * $0 * $0 * $0 }.reduce(0, +) / Double(n)
            XCTAssertEqual(kurtosis, 3, accuracy: 0.05)
        }
    }

    func testBernoulliFrequency() {
        var generator = RandomGenerator(seed: 14)
        let n = 1_000_000
        for p in [0.0, 0.1, 0.5, 1.0] {
            let mask = Tensor.bernoulli([n], probability: p, using: &generator)
            XCTAssertEqual(mask.dtype, .bool)
            let frequency = mask.toDoubles().reduce(0, +) / Double(n)
            XCTAssertEqual(frequency, p, accuracy: 5 * (p * (1 - p) / Double(n)).squareRoot() + 1e-12)
        }
    }

    func testBernoulliWithAProbabilityTensorOfAnyLayout() {
        var generator = RandomGenerator(seed: 15)
        let rates = Tensor([0, 0.25, 0.5, 1] as [Float], shape: [4, 1]).expanded(to: [4, 250_000]).transposed()
        let mask = Tensor.bernoulli(rates, using: &generator)
        XCTAssertEqual(mask.shape, [250_000, 4])
        let values = mask.toDoubles()
        for column in 0..<4 {
            let frequency = stride(from: column, to: values.count, by: 4).map { values[$0] }.reduce(0, +) / 250_000
            XCTAssertEqual(frequency, [0, 0.25, 0.5, 1][column], accuracy: 0.005)
        }
    }

    func testPermutationIsAPermutation() {
        var generator = RandomGenerator(seed: 16)
        for n in [0, 1, 2, 10, 1000] {
            let permutation = Tensor.permutation(n, using: &generator)
            XCTAssertEqual(permutation.dtype, .int64)
            XCTAssertEqual(permutation.scalars(as: Int64.self).sorted(), (0..<Int64(n)).map { $0 })
        }
        // Every position sees every value about equally often.
        var counts = [[Int]](repeating: [Int](repeating: 0, count: 4), count: 4)
        for _ in 0..<40_000 {
            for (position, value) in Tensor.permutation(4, using: &generator).scalars(as: Int64.self).enumerated() {
                counts[position][Int(value)] += 1
            }
        }
        for row in counts { for count in row { XCTAssertEqual(Double(count), 10_000, accuracy: 500) } }
    }

    func testRandomIntegersInRangeAndUniform() {
        var generator = RandomGenerator(seed: 17)
        let n = 1_000_000
        let values = Tensor.randomIntegers([1000, 1000], low: -3, high: 7, using: &generator)
        XCTAssertEqual(values.dtype, .int64)
        XCTAssertEqual(values.shape, [1000, 1000])
        var counts = [Int](repeating: 0, count: 10)
        for value in values.scalars(as: Int64.self) {
            XCTAssertTrue(value >= -3 && value < 7)
            counts[Int(value) + 3] += 1
        }
        let expected = Double(n) / 10
        let chiSquare = counts.map { (Double($0) - expected) * (Double($0) - expected) / expected }.reduce(0, +)
        XCTAssertLessThan(chiSquare, 40, "chi-square \(chiSquare) with 9 degrees of freedom (p < 1e-5 above 40)")
        // The full range does not overflow.
        let wide = Tensor.randomIntegers([1000], low: Int.min, high: Int.max, using: &generator).scalars(as: Int64.self)
        XCTAssertTrue(wide.contains { $0 < 0 } && wide.contains { $0 > 0 })
    }

    func testUnbiasedIntegersForABoundNearTwoToThe63() {
        // With a modulo reduction, values below 2⁶⁴ mod bound would be twice as likely as the rest.
        var generator = RandomGenerator(seed: 18)
        let bound = UInt64(3) << 62  // 3·2⁶²: modulo would make the lower third twice as likely
        let n = 200_000
        let lowerThird = (0..<n).filter { _ in generator.nextInteger(below: bound) < bound / 3 }.count
        XCTAssertEqual(Double(lowerThird) / Double(n), 1.0 / 3, accuracy: 0.005)
    }

    func testPortableMathIsWithinOneUlpOfTheSystemLibrary() {
        var generator = RandomGenerator(seed: 19)
        var logInputs: [Double] = [
            1, 2, 0.5, .ulpOfOne, 1 + .ulpOfOne, 1 - .ulpOfOne / 2, 1e-300, 1e300, .leastNonzeroMagnitude,
            .leastNormalMagnitude, .greatestFiniteMagnitude, 0.7071067811865476, 1.4142135623730951,
        ]
        for _ in 0..<100_000 { logInputs.append(generator.nextDouble()) }
        for _ in 0..<100_000 {
            let exponent = Int(generator.nextInteger(below: 2000)) - 1000
            logInputs.append(Double(sign: .plus, exponent: exponent, significand: 1 + generator.nextDouble()))
        }
        for x in logInputs {
            let portable = PortableMath.log(x)
            let system = Foundation.log(x)
            XCTAssertLessThanOrEqual(
                Swift.abs(portable - system), system.ulp, "log(\(x)) = \(portable), system \(system)")
        }
        var expInputs: [Double] = [
            0, 1e-30, -1e-30, 0.3, -0.3, 0.5, -0.5, 1, -1, 709.78, -708.5, -740, -745, 100, -100,
        ]
        for _ in 0..<200_000 { expInputs.append(1500 * generator.nextDouble() - 750) }
        for _ in 0..<100_000 { expInputs.append(16 * generator.nextDouble() - 8) }
        for x in expInputs {
            let portable = PortableMath.exp(x)
            let system = Foundation.exp(x)
            if system.isInfinite || system == 0 {
                XCTAssertEqual(portable, system, "exp(\(x))")
                continue
            }
            XCTAssertLessThanOrEqual(
                Swift.abs(portable - system), system.ulp, "exp(\(x)) = \(portable), system \(system)")
        }
        XCTAssertEqual(PortableMath.log(0), -.infinity)
        XCTAssertEqual(PortableMath.log(-0.0), -.infinity)
        XCTAssertTrue(PortableMath.log(-1).isNaN)
        XCTAssertTrue(PortableMath.log(.nan).isNaN)
        XCTAssertEqual(PortableMath.log(.infinity), .infinity)
        XCTAssertEqual(PortableMath.exp(.infinity), .infinity)
        XCTAssertEqual(PortableMath.exp(-.infinity), 0)
        XCTAssertEqual(PortableMath.exp(710), .infinity)
        XCTAssertEqual(PortableMath.exp(-746), 0)
        XCTAssertTrue(PortableMath.exp(.nan).isNaN)
    }

    private func moments(_ values: [Double]) -> (mean: Double, variance: Double) {
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)
        return (mean, variance)
    }
}
