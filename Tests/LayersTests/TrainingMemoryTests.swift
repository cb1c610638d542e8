import Autograd
import Layers
import Tensor
import TestSupport
import XCTest

/// A training loop of thousands of steps (module, Adam, a PINN loss with second derivatives) does not grow the
/// process: no graph, gradient or optimizer buffer outlives its step.
final class TrainingMemoryTests: XCTestCase {
    func testPINNTrainingLoopDoesNotGrowResidentMemory() {
        var g = RandomGenerator(seed: 0)
        let model = MLP([2, 32, 32, 1], activation: .tanh, using: &g)
        let adam = Adam(parameters: model.parameters(), learningRate: 1e-3)
        let x = Variable.leaf(Tensor.uniform([128, 2], using: &g))
        func step() {
            let u = model(x)
            let laplacian = InputDerivatives.laplacian(of: u, at: x)
            let forward = ForwardLaplacian.valueAndLaplacian(of: model, at: x).laplacian
            ((laplacian + 1).square().mean() + forward.square().mean() * 0).backward()
            adam.step()
        }
        for _ in 0..<300 { step() }
        let before = residentMemoryBytes()
        for _ in 0..<2000 { step() }
        let growth = residentMemoryBytes() - before
        XCTAssertLessThan(growth, 20 << 20, "resident memory grew by \(growth >> 20) MB over 2000 steps")
    }
}
