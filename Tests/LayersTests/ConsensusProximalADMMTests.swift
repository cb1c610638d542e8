import Foundation
import Layers
import Tensor
import TestSupport
import XCTest

/// Generic consensus ADMM on a convex toy problem with a known centralized optimum, the nonnegative quadratic program
/// against its optimality conditions and an exhaustive active-set search, and the uniform quantizer's error bounds.
final class ConsensusProximalADMMTests: XCTestCase {
    /// f_j(x) = ½Σᵢ d_ji(xᵢ − c_ji)²: prox in closed form; min Σ_j f_j over x ≥ 0 is xᵢ = max(0, Σ_j d_ji c_ji / Σ_j d_ji).
    private struct Toy {
        let curvatures: [[Double]]
        let centres: [[Double]]

        init(agents: Int, dimension: Int, seed: UInt64) {
            var generator = RandomGenerator(seed: seed)
            curvatures = (0..<agents).map { _ in (0..<dimension).map { _ in 0.5 + 2 * generator.nextDouble() } }
            // Even coordinates centred at +1.5, odd ones at −1.5: the optimum has both free and zero coordinates.
            centres = (0..<agents).map { _ in
                (0..<dimension).map { 4 * generator.nextDouble() - 2 + ($0 % 2 == 0 ? 1.5 : -1.5) }
            }
        }

        func proximal(_ j: Int, _ anchor: [Double], _ rho: Double) -> [Double] {
            anchor.indices.map { i in (curvatures[j][i] * centres[j][i] + rho * anchor[i]) / (curvatures[j][i] + rho) }
        }

        var optimum: [Double] {
            centres[0].indices.map { i in
                let weighted = curvatures.indices.reduce(0.0) { $0 + curvatures[$1][i] * centres[$1][i] }
                return max(0, weighted / curvatures.indices.reduce(0.0) { $0 + curvatures[$1][i] })
            }
        }
    }

    private func solve(
        _ toy: Toy, rounds: Int, quantizer: UniformQuantizer? = nil,
        balancing: ConsensusProximalADMM.ResidualBalancing? = nil
    ) -> ConsensusProximalADMM {
        var admm = ConsensusProximalADMM(
            initial: [Double](repeating: 0.5, count: toy.centres[0].count), agents: toy.centres.count, penalty: 0.3,
            projection: { $0.map { max($0, 0) } }, uplink: quantizer, downlink: quantizer, balancing: balancing)
        var generator = RandomGenerator(seed: 4)
        for _ in 0..<rounds { admm.round(proximal: toy.proximal, using: &generator) }
        return admm
    }

    func testExactLinksConvergeToTheCentralizedNonnegativeOptimum() {
        let toy = Toy(agents: 4, dimension: 7, seed: 1)
        let optimum = toy.optimum
        XCTAssert(optimum.contains(0) && optimum.contains { $0 > 0 }, "the toy has active and inactive bounds")
        for balancing in [nil, ConsensusProximalADMM.ResidualBalancing()] {
            let admm = solve(toy, rounds: 300, balancing: balancing)
            assertClose(admm.global, optimum, relativeTolerance: 1e-7, absoluteTolerance: 1e-8)
            for local in admm.local { assertClose(local, optimum, relativeTolerance: 1e-6, absoluteTolerance: 1e-6) }
            XCTAssertLessThan(admm.primalResidual, 1e-7)
            XCTAssertEqual(admm.bitsSent, 300 * (4 * 64 * 7 + 4 * 64 * 7))
            for (value, expected) in zip(admm.global, optimum) where expected == 0 { XCTAssertEqual(value, 0) }
        }
    }

    func testEightBitLinksLandNearTheOptimumWithAQuarterOfTheBits() {
        let toy = Toy(agents: 4, dimension: 7, seed: 2)
        let quantizer = UniformQuantizer(bits: 8, range: .adaptive, rounding: .stochastic)
        let admm = solve(toy, rounds: 300, quantizer: quantizer)
        // The message range is a few units, so one level is ~0.02; the consensus averages four agents' errors.
        assertClose(admm.global, toy.optimum, relativeTolerance: 0, absoluteTolerance: 0.03)
        XCTAssertEqual(admm.bitsSent, 300 * 8 * (8 * 7 + 128))
    }

    func testNonnegativeQuadraticProgramMeetsItsOptimalityConditions() {
        var generator = RandomGenerator(seed: 6)
        let n = 5
        let factor = (0..<(n * n)).map { _ in 2 * generator.nextDouble() - 1 }
        var hessian = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n {
                hessian[i * n + j] = (0..<n).reduce(i == j ? 0.1 : 0) { $0 + factor[i * n + $1] * factor[j * n + $1] }
            }
        }
        let linear = (0..<n).map { _ in 2 * generator.nextDouble() - 1 }
        let x = NonnegativeQuadraticProgram.solve(
            hessian: hessian, linear: linear, initial: [Double](repeating: 1, count: n), sweeps: 5000)
        let gradient = (0..<n).map { i in (0..<n).reduce(linear[i]) { $0 + hessian[i * n + $1] * x[$1] } }
        // KKT: x ≥ 0, ∇ ≥ 0, xᵢ∇ᵢ = 0.
        for i in 0..<n {
            XCTAssertGreaterThanOrEqual(x[i], 0)
            XCTAssertGreaterThan(gradient[i], -1e-9, "coordinate \(i)")
            XCTAssertEqual(x[i] * gradient[i], 0, accuracy: 1e-9)
        }
        // The same point as the best over all 2ⁿ faces (each face: solve the free block, keep it if feasible).
        func objective(_ point: [Double]) -> Double {
            var total = 0.0
            for i in 0..<n {
                var row = 0.0
                for k in 0..<n { row += hessian[i * n + k] * point[k] }
                total += linear[i] * point[i] + 0.5 * point[i] * row
            }
            return total
        }
        var best = objective([Double](repeating: 0, count: n))
        for mask in 1..<(1 << n) {
            let free = (0..<n).filter { mask & (1 << $0) != 0 }
            let block = Tensor(
                free.flatMap { i in free.map { hessian[i * n + $0] } }, shape: [free.count, free.count], dtype: .float64
            )
            let rhs = Tensor(free.map { -linear[$0] }, shape: [free.count, 1], dtype: .float64)
            let solution = try! Linalg.solve(block, rhs).toDoubles()
            guard solution.allSatisfy({ $0 >= 0 }) else { continue }
            var point = [Double](repeating: 0, count: n)
            for (k, i) in free.enumerated() { point[i] = solution[k] }
            best = min(best, objective(point))
        }
        XCTAssertEqual(objective(x), best, accuracy: 1e-10)
    }

    func testNearestRoundingErrsByAtMostHalfAStep() {
        var generator = RandomGenerator(seed: 7)
        let message = (0..<500).map { _ in 6 * generator.nextDouble() - 2 }
        for range in [UniformQuantizer.Range.fixed(lower: -2, upper: 4), .adaptive] {
            let quantizer = UniformQuantizer(bits: 5, range: range, rounding: .nearest)
            let step = quantizer.step(for: message)
            let received = quantizer.quantize(message, using: &generator)
            for (value, sent) in zip(received, message) {
                XCTAssertLessThanOrEqual(abs(value - sent), step / 2 + 1e-15)
            }
            // Every reconstruction is a level.
            let lower = range == .adaptive ? message.min()! : -2
            for value in received {
                let level = (value - lower) / step
                XCTAssertEqual(level, level.rounded(), accuracy: 1e-9)
            }
        }
        XCTAssertEqual(UniformQuantizer(bits: 5, range: .adaptive, rounding: .nearest).messageBits(count: 10), 178)
        XCTAssertEqual(
            UniformQuantizer(bits: 5, range: .fixed(lower: 0, upper: 1), rounding: .nearest).messageBits(count: 10), 50)
    }

    func testStochasticRoundingIsUnbiasedWithinOneStepAndKeepsTheExtremes() {
        var generator = RandomGenerator(seed: 8)
        let message = [0, 0.1234, 0.5, 0.77, 1.0]
        let quantizer = UniformQuantizer(bits: 3, range: .adaptive, rounding: .stochastic)
        let step = quantizer.step(for: message)
        var sums = [Double](repeating: 0, count: message.count)
        let draws = 20_000
        for _ in 0..<draws {
            let received = quantizer.quantize(message, using: &generator)
            XCTAssertEqual(received.first, 0, "the minimum (0) arrives exactly")
            XCTAssertEqual(received.last, 1, "the maximum arrives exactly")
            for i in message.indices {
                XCTAssertLessThan(abs(received[i] - message[i]), step)
                sums[i] += received[i]
            }
        }
        // The standard error of a mean of draws is ≤ Δ/(2√draws).
        for i in message.indices {
            XCTAssertEqual(sums[i] / Double(draws), message[i], accuracy: 4 * step / (2 * Double(draws).squareRoot()))
        }
        let clipped = UniformQuantizer(bits: 4, range: .fixed(lower: -1, upper: 1), rounding: .nearest)
        XCTAssertEqual(clipped.quantize([-3, 5], using: &generator), [-1, 1])
    }
}
