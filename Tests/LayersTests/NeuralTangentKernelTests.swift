import Autograd
import Layers
import Tensor
import XCTest

final class NeuralTangentKernelTests: XCTestCase {
    func testStructuredKernelEqualsJacobianProduct() {
        for activation in [ActivationFunction.tanh, .relu, .sin] {
            var g = RandomGenerator(seed: 5)
            let mlp = MLP([3, 7, 5, 1], activation: activation, dtype: .float64, using: &g)
            let x = Tensor.normal([6, 3], dtype: .float64, using: &g)
            let fast = NeuralTangentKernel.empirical(of: mlp, at: x)
            let reference = NeuralTangentKernel.byJacobian(of: { mlp($0) }, parameters: mlp.parameters(), at: x)
            XCTAssert(fast.allClose(reference, relativeTolerance: 1e-10, absoluteTolerance: 1e-10), "\(activation)")
        }
    }
}
