import Autograd
import Layers
import Tensor
import TestSupport
import XCTest

/// EnsembleLinear equals E separate Linear layers on a shared or per-member input, and its input derivatives pass
/// the Float64 checks (first and second order, non-contiguous inputs).
final class EnsembleLinearTests: XCTestCase {
    func testEqualsSeparateLinearLayers() {
        var g = RandomGenerator(seed: 1)
        let ensemble = EnsembleLinear(members: 3, 4, 2, dtype: .float64, using: &g)
        let shared = Tensor.normal([5, 4], dtype: .float64, using: &g)
        let perMember = Tensor.normal([3, 5, 4], dtype: .float64, using: &g)
        let onShared = ensemble(Variable(shared)).value
        let onEach = ensemble(Variable(perMember)).value
        XCTAssertEqual(onShared.shape, [3, 5, 2])
        for e in 0..<3 {
            let linear = Linear(
                weight: ensemble.weight.value.selected(axis: 0, index: e),
                bias: ensemble.bias!.value.selected(axis: 0, index: e))
            assertClose(
                onShared.selected(axis: 0, index: e), linear(Variable(shared)).value, relativeTolerance: 1e-12,
                absoluteTolerance: 1e-12)
            assertClose(
                onEach.selected(axis: 0, index: e), linear(Variable(perMember.selected(axis: 0, index: e))).value,
                relativeTolerance: 1e-12, absoluteTolerance: 1e-12)
        }
    }

    func testGradientsWithRespectToTheInput() {
        let ensemble = EnsembleLinear(
            weight: Tensor.f64(Samples.distinct(24, seed: 2), [3, 2, 4]),
            bias: Tensor.f64(Samples.distinct(6, seed: 3), [3, 2]))
        for layout in layoutNames {
            let shared = layoutVariant(layout, of: Tensor.f64(Samples.distinct(20, seed: 4), [5, 4]))
            let perMember = layoutVariant(layout, of: Tensor.f64(Samples.distinct(60, seed: 5), [3, 5, 4]))
            for input in [shared, perMember] {
                assertGradients("EnsembleLinear \(layout) \(input.shape)", at: [input]) { v in ensemble(v[0]).tanh() }
            }
        }
    }

    func testRejectsAnInputOfTheWrongShape() {
        var g = RandomGenerator(seed: 1)
        let ensemble = EnsembleLinear(members: 3, 4, 2, using: &g)
        let outcome = runInChild { _ = ensemble(Variable(Tensor.ones([2, 5, 4]))) }
        XCTAssertTrue(outcome.crashed)
        XCTAssertTrue(outcome.output.contains("EnsembleLinear: input [2, 5, 4]"), outcome.output)
    }
}
