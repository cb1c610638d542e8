import Autograd
import Layers
import Tensor
import TestSupport
import XCTest

/// Conv2d against direct summation (strides, padding, dilation, groups, every input layout, both dtypes), and its
/// gradients.
final class Conv2dTests: XCTestCase {
    private struct Case {
        let inputChannels: Int, outputChannels: Int, kernelSize: IntOrPair
        let stride: IntOrPair, padding: IntOrPair, dilation: IntOrPair, groups: Int
        let size: [Int]
    }

    private let cases = [
        Case(
            inputChannels: 2, outputChannels: 3, kernelSize: 3, stride: 1, padding: 0, dilation: 1, groups: 1,
            size: [5, 6]),
        Case(
            inputChannels: 3, outputChannels: 2, kernelSize: [2, 3], stride: [2, 1], padding: [1, 2], dilation: 1,
            groups: 1, size: [6, 5]),
        Case(
            inputChannels: 4, outputChannels: 4, kernelSize: 3, stride: 2, padding: 2, dilation: [2, 1], groups: 2,
            size: [7, 6]),
        Case(
            inputChannels: 2, outputChannels: 4, kernelSize: [1, 2], stride: [1, 3], padding: [0, 1], dilation: [1, 2],
            groups: 2, size: [4, 8]),
        Case(
            inputChannels: 3, outputChannels: 5, kernelSize: 1, stride: 1, padding: 0, dilation: 1, groups: 1,
            size: [3, 4]),
    ]

    private func layer(_ c: Case, dtype: DType, seed: Double) -> Conv2d {
        Conv2d(
            weight: LayerTesting.values(
                [c.outputChannels, c.inputChannels / c.groups] + c.kernelSize.values, seed: seed, dtype: dtype),
            bias: LayerTesting.values([c.outputChannels], seed: seed + 1, dtype: dtype),
            stride: c.stride, padding: c.padding, dilation: c.dilation, groups: c.groups)
    }

    func testMatchesDirectSummationInEveryLayout() {
        for (index, c) in cases.enumerated() {
            for dtype in [DType.float64, .float32] {
                let conv = layer(c, dtype: dtype, seed: Double(index))
                for layout in layoutNames {
                    let x = layoutVariant(
                        layout,
                        of: LayerTesting.values([2, c.inputChannels] + c.size, seed: 10 + Double(index), dtype: dtype))
                    let expected = LayerTesting.convolution(
                        input: x, weight: conv.weight.value, bias: conv.bias?.value, stride: c.stride.values,
                        padding: c.padding.values, dilation: c.dilation.values, groups: c.groups)
                    let tolerance = dtype == .float64 ? 1e-12 : 1e-5
                    assertClose(
                        conv(Variable(x)).value, expected.values, shape: expected.shape,
                        relativeTolerance: tolerance, absoluteTolerance: tolerance, "case \(index) \(dtype) \(layout)")
                }
            }
        }
    }

    func testGradientsOfInputWeightAndBias() {
        for (index, c) in cases.enumerated() {
            let conv = layer(c, dtype: .float64, seed: Double(index))
            let x = layoutVariant(
                "flipped", of: LayerTesting.values([2, c.inputChannels] + c.size, seed: 20 + Double(index)))
            assertGradients("case \(index)", at: [x, conv.weight.value, conv.bias!.value]) { v in
                conv(v[0], weight: v[1], bias: v[2])
            }
        }
        let c = cases[2]
        let conv = layer(c, dtype: .float64, seed: 2)
        let x = LayerTesting.values([1, c.inputChannels] + c.size, seed: 30)
        assertGradients(at: [x, conv.weight.value], orders: [2]) { v in
            conv(v[0], weight: v[1], bias: nil)
        }
    }

    /// The weight's gradient to second order when the weight itself is a view (candle's issue #3735: a wrong
    /// convolution gradient for a non-contiguous kernel), in every layout.
    func testGradientsOfNonContiguousWeights() {
        let c = cases[2]
        let conv = layer(c, dtype: .float64, seed: 3)
        let x = LayerTesting.values([1, c.inputChannels] + c.size, seed: 31)
        for layout in layoutNames {
            let weight = layoutVariant(layout, of: LayerTesting.values(conv.weight.shape, seed: 32))
            assertGradients("weight \(layout)", at: [x, weight], orders: [1, 2]) { v in
                conv(v[0], weight: v[1], bias: nil)
            }
        }
    }

    func testDefaultInitializationAndShapes() {
        var generator = RandomGenerator(seed: 2)
        let conv = Conv2d(
            inputChannels: 3, outputChannels: 16, kernelSize: [3, 5], stride: [1, 2], padding: [1, 2],
            bias: false, using: &generator)
        XCTAssertEqual(conv.weight.shape, [16, 3, 3, 5])
        XCTAssertNil(conv.bias)
        XCTAssertEqual(conv.kernelSize, IntOrPair(3, 5))
        XCTAssertEqual(conv(Variable(Tensor.ones([2, 3, 8, 10]))).shape, [2, 16, 8, 5])
        XCTAssertEqual(conv.parameters().count, 1)
    }
}
