import Autograd
import Foundation
import Layers
import Tensor

/// A GP-HM solver: the solution values on the grid are parameters, trained with the kernel's by Adam on the
/// negative log joint (`loss`).
protocol GaussianProcessPoissonSolver {
    /// u on the grid.
    var solution: Parameter { get }
    /// Every trained parameter (u, the kernel's, the precisions).
    var parameters: [Parameter] { get }
    func loss() throws -> Variable
}

extension GaussianProcessPoissonSolver {
    /// Adam at `learningRate` for `steps`; returns (step, loss, rel-L2 against `exact` on the grid) every `every` steps.
    func train(steps: Int, learningRate: Double, exact: Tensor, every: Int) throws -> [(
        step: Int, loss: Double, error: Double
    )] {
        let adam = Adam(parameters: parameters, learningRate: learningRate)
        var curve: [(step: Int, loss: Double, error: Double)] = []
        for step in 0..<steps {
            let value = try loss()
            value.backward()
            adam.step()
            if step % every == 0 || step == steps - 1 {
                curve.append((step, value.item(), relativeError(solution.value, exact)))
                if curve.count % 10 == 1 || step == steps - 1 {
                    print(String(format: "  step %5d  loss %.4e  rel-L2 %.3e", step, value.item(), curve.last!.error))
                }
            }
        }
        return curve
    }
}
