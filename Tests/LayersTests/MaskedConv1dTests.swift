import Autograd
import Foundation
import Tensor
import TestSupport
import XCTest

@testable import Layers

/// The masked (partial) convolution against direct summation, its indifference to unobserved values, its gradients
/// to second order on several layouts, and its messages.
final class MaskedConv1dTests: XCTestCase {
    private func mask(_ shape: [Int], seed: UInt64) -> Tensor {
        var g = RandomGenerator(seed: seed)
        return Tensor.bernoulli(shape, probability: 0.4, using: &g).cast(to: .float64)
    }

    /// y[n, o, t] = (C·K/s)·Σ W·(x·m) + b where s > 0, else 0, by loops, for both boundaries and both mask shapes.
    func testMatchesDirectSummation() {
        var g = RandomGenerator(seed: 1)
        let (n, c, l, o, k) = (2, 3, 9, 4, 3)
        let x = LayerTesting.values([n, c, l], seed: 0.3)
        for boundary in [MaskedConv1d.Boundary.zeros, .periodic] {
            for maskShape in [[n, c, l], [n, 1, l]] {
                let layer = MaskedConv1d(
                    inputChannels: c, outputChannels: o, kernelSize: k, boundary: boundary, dtype: .float64,
                    using: &g)
                var m = mask(maskShape, seed: 2)
                // Leave one window empty: sample 0, sites 3…5 (and their neighbours' contribution).
                m = m.updated(
                    at: { $0.selected(axis: 0, index: 0).narrowed(axis: -1, start: 2, length: 5) },
                    with: Tensor.zeros([maskShape[1], 5], dtype: .float64))
                let (y, outputMask) = layer(Variable(x), mask: m)
                let w = layer.convolution.weight.value
                let b = layer.bias.value
                let full = m.expanded(to: [n, c, l])
                for i in 0..<n {
                    for t in 0..<l {
                        var seen = 0.0
                        var sums = [Double](repeating: 0, count: o)
                        for j in 0..<k {
                            var site = t + j - (k - 1) / 2
                            if boundary == .periodic { site = (site + l) % l }
                            guard (0..<l).contains(site) else { continue }
                            for ch in 0..<c where full.element(at: [i, ch, site]) > 0 {
                                seen += 1
                                for out in 0..<o {
                                    sums[out] += w.element(at: [out, ch, j]) * x.element(at: [i, ch, site])
                                }
                            }
                        }
                        XCTAssertEqual(outputMask.element(at: [i, 0, t]), seen > 0 ? 1 : 0)
                        for out in 0..<o {
                            let expected = seen > 0 ? Double(c * k) / seen * sums[out] + b.element(at: [out]) : 0
                            XCTAssertEqual(
                                y.value.element(at: [i, out, t]), expected, accuracy: 1e-12,
                                "\(boundary) mask \(maskShape) at [\(i), \(out), \(t)]")
                        }
                    }
                }
            }
        }
    }

    func testUnobservedValuesAreIgnored() {
        var g = RandomGenerator(seed: 3)
        let layer = MaskedConv1d(inputChannels: 2, outputChannels: 3, kernelSize: 5, boundary: .periodic, using: &g)
        let m = mask([4, 2, 12], seed: 4).cast(to: .float32)
        let x = Tensor.normal([4, 2, 12], using: &g)
        let garbage = x * m + (1 - m) * 1e6
        XCTAssertEqual(
            layer(Variable(x), mask: m).output.value.toDoubles(),
            layer(Variable(garbage), mask: m).output.value.toDoubles())
    }

    /// Input, weight and bias gradients, first and second order, Float64, on contiguous and strided inputs.
    func testGradientCheck() {
        var g = RandomGenerator(seed: 5)
        for boundary in [MaskedConv1d.Boundary.zeros, .periodic] {
            let layer = MaskedConv1d(
                inputChannels: 2, outputChannels: 2, kernelSize: 3, boundary: boundary, dtype: .float64, using: &g)
            let m = mask([2, 2, 6], seed: 6)
            let weight = layer.convolution.weight.value
            let bias = layer.bias.value
            for input in layoutVariants(of: LayerTesting.values([2, 2, 6], seed: 0.7)) {
                let result = checkGradients(at: [input.tensor, weight, bias], order: 2) { v in
                    layer(v[0], mask: m, weight: v[1], bias: v[2]).output.square().sum() * 0.1
                }
                XCTAssert(result.passed, "\(boundary) \(input.name): \(result)")
            }
        }
    }

    func testPeriodicPaddingWrapsTheLastAxis() {
        let x = Variable(Tensor([0, 1, 2, 3, 4] as [Double], shape: [1, 5]))
        XCTAssertEqual(x.periodicallyPadded(before: 2, after: 1).value.toDoubles(), [3, 4, 0, 1, 2, 3, 4, 0])
        let result = checkGradients(at: [LayerTesting.values([2, 5], seed: 0.2)], order: 2) { v in
            v[0].periodicallyPadded(before: 3, after: 2).square().sum()
        }
        XCTAssert(result.passed, "\(result)")
    }

    func testBadShapesStopWithAMessage() {
        expectFatalError(containing: "MaskedConv1d: mask") {
            var g = RandomGenerator(seed: 0)
            let layer = MaskedConv1d(inputChannels: 2, outputChannels: 2, kernelSize: 3, using: &g)
            _ = layer(Variable(Tensor.zeros([1, 2, 5])), mask: Tensor.zeros([1, 3, 5]))
        }
        expectFatalError(containing: "kernel size 4 must be odd") {
            var g = RandomGenerator(seed: 0)
            _ = MaskedConv1d(inputChannels: 2, outputChannels: 2, kernelSize: 4, using: &g)
        }
    }
}
