import Autograd
import Foundation
import Layers
import Tensor
import XCTest

/// Kernel density estimation against its formula (density, leave-one-out likelihood, bandwidth choice) and the neural
/// mixture density's quadrature normalization (exact on its own grid) and training.
final class DensityEstimationTests: XCTestCase {
    private let data = Tensor([0, 0, 1, 0.5, -0.5, 2, 0.3, -1], shape: [4, 2], dtype: .float64)

    private func naiveKernelSum(_ x: [Double], excluding: Int? = nil, bandwidth h: Double) -> (sum: Double, count: Int)
    {
        let rows = data.toDoubles()
        var sum = 0.0
        var count = 0
        for j in 0..<4 where j != excluding {
            let squared = pow(x[0] - rows[2 * j], 2) + pow(x[1] - rows[2 * j + 1], 2)
            sum += exp(-squared / (2 * h * h)) / (2 * Double.pi * h * h)
            count += 1
        }
        return (sum, count)
    }

    func testKernelDensityMatchesItsFormula() {
        let kde = KernelDensityEstimate(points: data, bandwidth: 0.7)
        let x = Tensor([0.2, 0.1, -3, 4], shape: [2, 2], dtype: .float64)
        let log = kde.logDensities(x, chunk: 1).toDoubles()
        for i in 0..<2 {
            let (sum, count) = naiveKernelSum(Array(x.toDoubles()[(2 * i)..<(2 * i + 2)]), bandwidth: 0.7)
            XCTAssertEqual(log[i], Foundation.log(sum / Double(count)), accuracy: 1e-12)
        }
        var expected = 0.0
        for i in 0..<4 {
            let point = Array(data.toDoubles()[(2 * i)..<(2 * i + 2)])
            let (sum, count) = naiveKernelSum(point, excluding: i, bandwidth: 0.7)
            expected += Foundation.log(sum / Double(count)) / 4
        }
        XCTAssertEqual(
            KernelDensityEstimate.leaveOneOutLogLikelihood(points: data, bandwidth: 0.7), expected, accuracy: 1e-12)
    }

    func testBandwidthSelectionMaximizesTheLeaveOneOutLikelihood() {
        let candidates = [0.1, 0.3, 0.7, 1.5, 4]
        let scores = candidates.map { KernelDensityEstimate.leaveOneOutLogLikelihood(points: data, bandwidth: $0) }
        let kde = KernelDensityEstimate(points: data, candidateBandwidths: candidates)
        XCTAssertEqual(kde.bandwidth, candidates[scores.firstIndex(of: scores.max()!)!])
        // Neither extreme: a tiny bandwidth starves the held-out point, a huge one flattens everything.
        XCTAssertNotEqual(kde.bandwidth, 0.1)
        XCTAssertNotEqual(kde.bandwidth, 4)
    }

    /// With the normalizers taken on a grid, the midpoint sum of p over that same grid is exactly Σcᵢ = 1; the grid
    /// has count² nodes at cell centres.
    func testNeuralMixtureIsNormalizedOnItsGridAndTrains() {
        var generator = RandomGenerator(seed: 1)
        let model = NeuralMixtureDensity(components: 2, hidden: [6], lower: [-1, 0], upper: [1, 2], using: &generator)
        let grid = model.midpointGrid(count: 8)
        XCTAssertEqual(grid.nodes.shape, [64, 2])
        XCTAssertEqual(grid.volume, 0.25 * 0.25, accuracy: 1e-15)
        XCTAssertEqual(grid.nodes.toDoubles()[0], -0.875, accuracy: 1e-15)
        XCTAssertEqual(grid.nodes.toDoubles()[127], 1.875, accuracy: 1e-15)
        let z = model.normalizers(on: grid)
        let onGrid = model.logDensities(Variable(grid.nodes), normalizers: z).value.exp().sum().item() * grid.volume
        XCTAssertEqual(onGrid, 1, accuracy: 1e-12)
        XCTAssertEqual(model.totalMass(count: 8, grid: grid), 1, accuracy: 1e-12)
        // log p = logsumexp(log c + log f − log Z) at one point, by hand.
        let x = Tensor([0.3, 1.2], shape: [1, 2], dtype: .float64)
        let f = model.unnormalized(Variable(x)).value.toDoubles()
        let zs = z.value.toDoubles()
        let c = [0.5, 0.5]
        let expected = Foundation.log(c[0] * f[0] / zs[0] + c[1] * f[1] / zs[1])
        XCTAssertEqual(model.logDensities(Variable(x), normalizers: z).value.item(), expected, accuracy: 1e-12)
        // A few Adam steps on data concentrated near (0.5, 1.5) lower the loss.
        let points =
            Tensor.normal([50, 2], standardDeviation: 0.1, dtype: .float64, using: &generator)
            + Tensor([0.5, 1.5], shape: [2], dtype: .float64)
        let optimizer = Adam(parameters: model.parameters(), learningRate: 0.02)
        let first = model.loss(points, grid: grid, penalty: 1).item()
        for _ in 0..<30 {
            model.loss(points, grid: grid, penalty: 1).backward()
            optimizer.step()
        }
        XCTAssertLessThan(model.loss(points, grid: grid, penalty: 1).item(), first - 0.1)
    }
}
