import Autograd
import Foundation
import Layers
import Tensor
import XCTest

/// Schedulers drive an optimizer's learning rate with PyTorch's `lr_scheduler` semantics.
final class LearningRateSchedulerTests: XCTestCase {
    private func optimizer() -> SGD { SGD(parameters: [Parameter(Tensor([1.0]))], learningRate: 123) }

    func testStepDecayPerEpochMatchesStepLR() {
        // torch.optim.lr_scheduler.StepLR(optimizer, step_size=2, gamma=0.1) with lr=1: 1, 1, 0.1, 0.1, 0.01
        let sgd = optimizer()
        let scheduler = LearningRateScheduler(sgd, schedule: StepDecay(base: 1, stepSize: 2, gamma: 0.1))
        var rates = [sgd.learningRate]
        for _ in 0..<4 {
            scheduler.step()
            rates.append(sgd.learningRate)
        }
        for (rate, expected) in zip(rates, [1, 1, 0.1, 0.1, 0.01]) { XCTAssertEqual(rate, expected, accuracy: 1e-15) }
        XCTAssertEqual(scheduler.count, 4)
    }

    func testCosinePerStepMatchesCosineAnnealingLR() {
        // CosineAnnealingLR(T_max=4, eta_min=0) with lr=2: 2, 1.7071, 1, 0.2929, 0
        let sgd = optimizer()
        let scheduler = LearningRateScheduler(sgd, schedule: CosineWithWarmup(base: 2, totalSteps: 4))
        var rates = [sgd.learningRate]
        for _ in 0..<4 {
            sgd.step { sgd.parameters[0].variable.square().sum() }
            scheduler.step()
            rates.append(scheduler.learningRate)
        }
        let expected = (0...4).map { 1 + cos(Double.pi * Double($0) / 4) }
        for (rate, value) in zip(rates, expected) { XCTAssertEqual(rate, value, accuracy: 1e-12) }
    }

    func testWarmupRisesLinearly() {
        let sgd = optimizer()
        let scheduler = LearningRateScheduler(
            sgd, schedule: CosineWithWarmup(base: 1, totalSteps: 10, warmupSteps: 4))
        var rates = [sgd.learningRate]
        for _ in 0..<3 {
            scheduler.step()
            rates.append(sgd.learningRate)
        }
        XCTAssertEqual(rates, [0.25, 0.5, 0.75, 1])
    }

    func testReduceOnPlateauLowersTheOptimizersRateAfterPatienceEpochs() {
        // ReduceLROnPlateau(factor=0.5, patience=1): the rate halves after two epochs without improvement.
        let sgd = optimizer()
        let scheduler = LearningRateScheduler(sgd, plateau: ReduceOnPlateau(learningRate: 1, factor: 0.5, patience: 1))
        XCTAssertEqual(sgd.learningRate, 1)
        var rates: [Double] = []
        for loss in [1.0, 0.5, 0.6, 0.7, 0.8, 0.9] {
            scheduler.step(loss: loss)
            rates.append(sgd.learningRate)
        }
        XCTAssertEqual(rates, [1, 1, 1, 0.5, 0.5, 0.25])
    }
}
