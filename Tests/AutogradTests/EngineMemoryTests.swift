import Autograd
import Foundation
import Tensor
import TestSupport
import XCTest

/// Training-style loops must not grow the process: every graph, gradient and leaf of a step is freed.
final class EngineMemoryTests: XCTestCase {
    /// One step: a two-layer MLP on a fixed batch, its gradients, and a plain (out-of-graph) update that makes new leaves.
    private static func step(_ parameters: [Variable], input: Variable, target: Variable) -> [Variable] {
        let hidden = (input.matmul(parameters[0]) + parameters[1]).tanh()
        let output = hidden.matmul(parameters[2]) + parameters[3]
        let loss = (output - target).square().mean()
        let grads = gradients(of: loss, wrt: parameters)
        return zip(parameters, grads).map { p, g in Variable.leaf(p.value - g.value * 0.01) }
    }

    func testTrainingLoopDoesNotGrowResidentMemory() {
        let input = Variable(Tensor.f64(Samples.distinct(32, seed: 1), [8, 4]))
        let target = Variable(Tensor.f64(Samples.distinct(8, seed: 2), [8, 1]))
        var parameters = [[4, 16], [16], [16, 1], [1]].enumerated().map { i, shape in
            Variable.leaf(Tensor.f64(Samples.distinct(shape.reduce(1, *), seed: UInt64(i + 3)), shape))
        }
        for _ in 0..<1_000 { parameters = Self.step(parameters, input: input, target: target) }
        let before = residentMemoryBytes()
        for _ in 0..<10_000 { parameters = Self.step(parameters, input: input, target: target) }
        let after = residentMemoryBytes()
        XCTAssertGreaterThan(before, 0)
        XCTAssertLessThan(after - before, 20 << 20, "resident memory grew from \(before >> 20) MB to \(after >> 20) MB")
    }

    func testSecondOrderLoopDoesNotGrowResidentMemory() {
        let x = Tensor.f64(Samples.distinct(6, seed: 4), [6, 1])
        var w = Variable.leaf(Tensor.f64(Samples.distinct(8, seed: 5), [1, 8]))
        let v = Variable(Tensor.f64(Samples.distinct(8, seed: 6), [8, 1]))
        func step() {
            let xs = Variable.leaf(x)
            let u = xs.matmul(w).tanh().matmul(v)
            let ux = gradients(of: u, wrt: [xs], seed: Tensor.ones([6, 1], dtype: .float64), createGraph: true)[0]
            let g = gradients(of: ux.square().mean(), wrt: [w])[0]
            w = Variable.leaf(w.value - g.value * 0.01)
        }
        for _ in 0..<500 { step() }
        let before = residentMemoryBytes()
        for _ in 0..<5_000 { step() }
        let after = residentMemoryBytes()
        XCTAssertLessThan(after - before, 20 << 20, "resident memory grew from \(before >> 20) MB to \(after >> 20) MB")
    }
}
