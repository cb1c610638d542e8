import Foundation
import Layers
import Tensor
import XCTest

/// Consensus ADMM for federated least squares against the centralized solution; the noisy, quantized link against its
/// definition (unbiased levels, noise variance).
final class ConsensusADMMTests: XCTestCase {
    private func problem(clients: Int, using generator: inout RandomGenerator) -> [(features: Tensor, targets: Tensor)]
    {
        (0..<clients).map { _ in
            let x = Tensor.normal([8, 3], dtype: .float64, using: &generator)
            let w = Tensor([0.5, -1, 2], shape: [3, 1], dtype: .float64)
            let noise = Tensor.normal([8, 1], standardDeviation: 0.1, dtype: .float64, using: &generator)
            return (x, (x.matmul(w) + noise).reshaped([8]))
        }
    }

    private func centralized(_ clients: [(features: Tensor, targets: Tensor)]) throws -> [Double] {
        let x = Tensor.concatenated(clients.map(\.features), axis: 0)
        let y = Tensor.concatenated(clients.map(\.targets), axis: 0)
        return try Linalg.leastSquares(x, y.reshaped([-1, 1])).toDoubles()
    }

    func testFullParticipationConvergesToTheCentralizedSolution() throws {
        var generator = RandomGenerator(seed: 1)
        let clients = problem(clients: 5, using: &generator)
        var admm = try ConsensusLeastSquaresADMM(clients: clients, penalty: 2)
        for _ in 0..<300 {
            admm.round(scheduled: Array(0..<5), downlink: NoisyLink(), uplink: NoisyLink(), using: &generator)
        }
        for (value, expected) in zip(admm.global, try centralized(clients)) {
            XCTAssertEqual(value, expected, accuracy: 1e-9)
        }
        for model in admm.local {
            for (value, expected) in zip(model, admm.global) { XCTAssertEqual(value, expected, accuracy: 1e-9) }
        }
    }

    func testRandomSchedulingStillConverges() throws {
        var generator = RandomGenerator(seed: 2)
        let clients = problem(clients: 5, using: &generator)
        var admm = try ConsensusLeastSquaresADMM(clients: clients, penalty: 2)
        for _ in 0..<3000 {
            let scheduled = Array((0..<5).shuffled(using: &generator).prefix(2))
            admm.round(scheduled: scheduled, downlink: NoisyLink(), uplink: NoisyLink(), using: &generator)
        }
        for (value, expected) in zip(admm.global, try centralized(clients)) {
            XCTAssertEqual(value, expected, accuracy: 1e-6)
        }
    }

    /// The dual-free variant has the same fixed point: the centralized solution, with every client scheduled and with
    /// random scheduling plus continual local updates.
    func testDualFreeVariantConvergesToTheCentralizedSolution() throws {
        var generator = RandomGenerator(seed: 4)
        let clients = problem(clients: 6, using: &generator)
        let expected = try centralized(clients)
        for continual in [false, true] {
            var admm = try ConsensusLeastSquaresADMM(
                clients: clients, penalty: 8, variant: .dualFree, continualLocalUpdates: continual)
            for _ in 0..<2000 {
                let scheduled = continual ? Array((0..<6).shuffled(using: &generator).prefix(2)) : Array(0..<6)
                admm.round(scheduled: scheduled, downlink: NoisyLink(), uplink: NoisyLink(), using: &generator)
            }
            for (value, target) in zip(admm.global, expected) {
                XCTAssertEqual(value, target, accuracy: 1e-8, "continual: \(continual)")
            }
            XCTAssertEqual(
                admm.duals.flatMap { $0 }, [Double](repeating: 0, count: 18), "the dual-free client keeps no dual")
        }
    }

    /// 3-bit levels on [−1, 1] are −1 + 2j/7; their mean over many sends is the (clipped) value; noise has variance σ².
    func testNoisyQuantizedLink() {
        var generator = RandomGenerator(seed: 3)
        let quantizer = NoisyLink(quantizationBits: 3, range: 1)
        let message = [0.3, -0.77, 0.999, 1.5]
        var sums = [Double](repeating: 0, count: 4)
        let sends = 20_000
        for _ in 0..<sends {
            let received = quantizer.transmit(message, using: &generator)
            for (i, value) in received.enumerated() {
                let level = (value + 1) * 3.5
                XCTAssertEqual(level, level.rounded(), accuracy: 1e-12, "\(value) is not a 3-bit level")
                sums[i] += value
            }
        }
        // Each send's error is at most one step 2/7, so the mean's standard error is at most (2/7)/2/√n.
        let tolerance = 4 * (1.0 / 7) / Double(sends).squareRoot()
        for (sum, expected) in zip(sums, [0.3, -0.77, 0.999, 1]) {
            XCTAssertEqual(sum / Double(sends), expected, accuracy: tolerance)
        }
        let noisy = NoisyLink(noiseVariance: 0.01)
        let received = noisy.transmit([Double](repeating: 2, count: 40_000), using: &generator)
        let errors = received.map { $0 - 2 }
        let variance = errors.reduce(0) { $0 + $1 * $1 } / Double(errors.count)
        XCTAssertEqual(variance, 0.01, accuracy: 0.01 * 4 * (2.0 / 40_000).squareRoot())
    }
}
