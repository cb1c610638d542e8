import Autograd
import Foundation
import Layers
import Tensor

/// E students of the teacher's architecture trained at once by full-batch gradient descent: the hidden weights of
/// all students are one `EnsembleLinear` (`[E, m, d]`, no bias) and their losses are summed, so each student follows
/// its own gradient, f_e(x) = (1/√m)·Σ_k [(w_{e,k}·x)²/d − 1].
struct QuadraticStudents {
    let hidden: EnsembleLinear
    let dimension: Int

    /// Students with w ~ N(0, I_d) (the teacher's prior), `[members, width, dimension]`.
    init(members: Int, dimension: Int, width: Int, using generator: inout RandomGenerator) {
        hidden = EnsembleLinear(
            weight: Tensor.normal([members, width, dimension], dtype: .float64, using: &generator), bias: nil)
        self.dimension = dimension
    }

    /// Every student's outputs at `x` `[n, d]`: `[E, n]`.
    func callAsFunction(_ x: Variable) -> Variable {
        let h = hidden(x)  // [E, n, m]
        return (h.square() / Double(dimension) - 1).sum(axes: [2]) / Double(hidden.outputDimensions).squareRoot()
    }

    /// Full-batch gradient descent on Σ_e mean_n (f_e(x_n) − y_n)² for `steps` steps at `learningRate`.
    func train(inputs: Tensor, labels: Tensor, steps: Int, learningRate: Double) {
        let x = Variable(inputs)
        let y = Variable(labels.unsqueezed(axis: 0))
        let descent = SGD(parameters: hidden.parameters(), learningRate: learningRate)
        for _ in 0..<steps {
            let loss = (self(x) - y).square().mean(axes: [1]).sum()
            loss.backward()
            descent.step()
        }
    }

    /// Test errors normalized by the labels' variance: each student's, and that of the students' averaged output
    /// (AGD), at `inputs` `[n, d]` with `labels` `[n]`.
    func normalizedErrors(inputs: Tensor, labels: Tensor) -> (students: [Double], averaged: Double) {
        let predictions = withoutGradients { self(Variable(inputs)).value }  // [E, n]
        let variance = (labels - labels.mean()).square().mean().item()
        let students = (predictions - labels.unsqueezed(axis: 0)).square().mean(axis: 1).toDoubles().map {
            $0 / variance
        }
        let averaged = (predictions.mean(axis: 0) - labels).square().mean().item() / variance
        return (students, averaged)
    }
}
