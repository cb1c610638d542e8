import Autograd
import Foundation
import Layers
import Tensor
import XCTest

final class LangevinAndAveragingTests: XCTestCase {
    /// At T = 0 Langevin is gradient descent, with weight decay and the parameter's learning-rate scale.
    func testZeroTemperatureIsGradientDescent() {
        let p = Parameter(Tensor([1.0, -2.0]), learningRateScale: 0.5)
        let langevin = Langevin(parameters: [p], learningRate: 0.1, temperature: 0, weightDecay: 0.3, seed: 1)
        p.variable.square().sum().backward()
        langevin.step()
        XCTAssertEqual(p.value.toDoubles()[0], 1 - 0.05 * (2 + 0.3), accuracy: 1e-14)
        XCTAssertEqual(p.value.toDoubles()[1], -2 - 0.05 * (-4 - 0.6), accuracy: 1e-14)
    }

    /// On L = ½‖θ‖² the Langevin chain samples N(0, T·I) (its stationary law for small steps: variance
    /// T/(1 − lr/2) exactly for the discrete chain), and a seed fixes the run.
    func testStationaryVarianceIsTheTemperature() {
        func run(seed: UInt64) -> (variance: Double, final: [Double]) {
            let p = Parameter(Tensor.zeros([2000], dtype: .float64))
            let langevin = Langevin(parameters: [p], learningRate: 0.05, temperature: 0.3, seed: seed)
            for _ in 0..<200 {
                (p.variable.square().sum() * 0.5).backward()
                langevin.step()
            }
            return (p.value.square().mean().item(), p.value.toDoubles())
        }
        let (variance, final) = run(seed: 7)
        let expected = 0.3 / (1 - 0.05 / 2)
        XCTAssertEqual(variance, expected, accuracy: 0.05 * expected)
        XCTAssertEqual(run(seed: 7).final, final)
        XCTAssertNotEqual(run(seed: 8).final, final)
    }

    /// On the sphere the iterates keep their norm, and the tangent projection removes the radial part.
    func testSphericalLangevinStaysOnTheSphere() {
        let p = Parameter(SphereProjection.projected(Tensor([3.0, 4.0, 0, 1]), radius: 2))
        XCTAssertEqual(p.value.norm().item(), 2, accuracy: 1e-14)
        let langevin = Langevin(parameters: [p], learningRate: 0.01, temperature: 0.5, sphereRadius: 2, seed: 3)
        let target = Tensor([0.0, 0, 1, 0])
        for _ in 0..<50 {
            (-(p.variable * Variable(target)).sum()).backward()
            langevin.step()
            XCTAssertEqual(p.value.norm().item(), 2, accuracy: 1e-12)
        }
        let point = Tensor([1.0, 2, 2])
        let vector = Tensor([0.3, -1, 4])
        let tangent = SphereProjection.tangentComponent(of: vector, at: point)
        XCTAssertEqual((tangent * point).sum().item(), 0, accuracy: 1e-14)
        XCTAssert(
            (vector - tangent).allClose(
                point * ((vector * point).sum().item() / 9), relativeTolerance: 1e-14, absoluteTolerance: 1e-14))
    }

    /// The SWA average is the mean of the iterates after `start`, every `frequency` steps; its state round-trips.
    func testAveragingMatchesTheMeanOfIterates() throws {
        let p = Parameter(Tensor([1.0, -1.0]))
        let swa = StochasticWeightAveraging(
            SGD(parameters: [p], learningRate: 0.1), parameters: [p], start: 3, frequency: 2)
        var iterates: [[Double]] = []
        for step in 1...11 {
            (p.variable.square().sum()).backward()
            swa.step()
            if step > 3 && (step - 3) % 2 == 0 { iterates.append(p.value.toDoubles()) }
        }
        XCTAssertEqual(swa.averagedCount, 4)
        let mean = (0..<2).map { j in iterates.map { $0[j] }.reduce(0, +) / Double(iterates.count) }
        let averages = try XCTUnwrap(swa.averages)
        XCTAssertEqual(averages[0].toDoubles()[0], mean[0], accuracy: 1e-14)
        XCTAssertEqual(averages[0].toDoubles()[1], mean[1], accuracy: 1e-14)
        swa.learningRate = 0.2
        XCTAssertEqual(swa.base.learningRate, 0.2)

        let restored = StochasticWeightAveraging(
            SGD(parameters: [p], learningRate: 0.1), parameters: [p], start: 3, frequency: 2)
        try restored.load(state: swa.state)
        XCTAssertEqual(restored.averagedCount, 4)
        XCTAssertEqual(restored.averages?[0].toDoubles(), averages[0].toDoubles())
        XCTAssertThrowsError(try restored.load(state: ["average.0": Tensor([1.0])]))
        swa.assignAverages()
        XCTAssertEqual(p.value.toDoubles(), averages[0].toDoubles())
    }
}
