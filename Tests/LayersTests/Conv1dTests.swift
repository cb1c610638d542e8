import Autograd
import Layers
import Tensor
import TestSupport
import XCTest

/// Conv1d against direct summation (strides, padding, dilation, groups, every input layout, both dtypes), and its
/// gradients to second order.
final class Conv1dTests: XCTestCase {
    private struct Case {
        let inputChannels: Int, outputChannels: Int, kernelSize: Int
        let stride: Int, padding: Int, dilation: Int, groups: Int
        let length: Int
        var bias = true
    }

    private let cases = [
        Case(
            inputChannels: 3, outputChannels: 4, kernelSize: 3, stride: 1, padding: 0, dilation: 1, groups: 1, length: 9
        ),
        Case(
            inputChannels: 3, outputChannels: 2, kernelSize: 4, stride: 2, padding: 1, dilation: 1, groups: 1,
            length: 10),
        Case(
            inputChannels: 4, outputChannels: 6, kernelSize: 3, stride: 1, padding: 2, dilation: 2, groups: 2, length: 8
        ),
        Case(
            inputChannels: 4, outputChannels: 4, kernelSize: 2, stride: 3, padding: 1, dilation: 3, groups: 4,
            length: 11),
        Case(
            inputChannels: 5, outputChannels: 3, kernelSize: 1, stride: 1, padding: 0, dilation: 1, groups: 1,
            length: 7, bias: false),
        Case(
            inputChannels: 2, outputChannels: 3, kernelSize: 1, stride: 2, padding: 1, dilation: 1, groups: 1, length: 6
        ),
        Case(
            inputChannels: 2, outputChannels: 2, kernelSize: 5, stride: 1, padding: 2, dilation: 1, groups: 1, length: 3
        ),
    ]

    private func layer(_ c: Case, dtype: DType, seed: Double) -> Conv1d {
        Conv1d(
            weight: LayerTesting.values(
                [c.outputChannels, c.inputChannels / c.groups, c.kernelSize], seed: seed, dtype: dtype),
            bias: c.bias ? LayerTesting.values([c.outputChannels], seed: seed + 1, dtype: dtype) : nil,
            stride: c.stride, padding: c.padding, dilation: c.dilation, groups: c.groups)
    }

    func testMatchesDirectSummationInEveryLayout() {
        for (index, c) in cases.enumerated() {
            for dtype in [DType.float64, .float32] {
                let conv = layer(c, dtype: dtype, seed: Double(index))
                for layout in layoutNames {
                    let x = layoutVariant(
                        layout,
                        of: LayerTesting.values([2, c.inputChannels, c.length], seed: 10 + Double(index), dtype: dtype))
                    let expected = LayerTesting.convolution(
                        input: x, weight: conv.weight.value, bias: conv.bias?.value, stride: [c.stride],
                        padding: [c.padding], dilation: [c.dilation], groups: c.groups)
                    let tolerance = dtype == .float64 ? 1e-12 : 1e-5
                    assertClose(
                        conv(Variable(x)).value, expected.values, shape: expected.shape,
                        relativeTolerance: tolerance, absoluteTolerance: tolerance, "case \(index) \(dtype) \(layout)")
                }
            }
        }
    }

    func testGradientsOfInputWeightAndBiasToSecondOrder() {
        for (index, c) in cases.enumerated() where index != 4 {
            let conv = layer(c, dtype: .float64, seed: Double(index))
            let x = layoutVariant(
                "permuted", of: LayerTesting.values([2, c.inputChannels, c.length], seed: 20 + Double(index)))
            assertGradients("case \(index)", at: [x, conv.weight.value, conv.bias!.value], orders: [1, 2]) { v in
                conv(v[0], weight: v[1], bias: v[2])
            }
        }
        // The 1×1 kernel (a plain product, no unfolding), without bias, composed with tanh.
        let c = cases[4]
        let conv = layer(c, dtype: .float64, seed: 4)
        let x = layoutVariant("stepped", of: LayerTesting.values([2, c.inputChannels, c.length], seed: 24))
        assertGradients(at: [x, conv.weight.value], orders: [1, 2]) { v in
            conv(v[0], weight: v[1], bias: nil).tanh()
        }
    }

    func testStoredParametersReceiveTheGradients() {
        let conv = layer(cases[2], dtype: .float64, seed: 3)
        let x = LayerTesting.values([2, 4, 8], seed: 5)
        conv(Variable(x)).square().sum().backward()
        let weight = Variable.leaf(conv.weight.value)
        let bias = Variable.leaf(conv.bias!.value)
        let expected = gradients(of: conv(Variable(x), weight: weight, bias: bias).square().sum(), wrt: [weight, bias])
        XCTAssertEqual(conv.weight.gradient?.toDoubles(), expected[0].value.toDoubles())
        XCTAssertEqual(conv.bias?.gradient?.toDoubles(), expected[1].value.toDoubles())
    }

    func testDefaultInitializationAndShapes() {
        var generator = RandomGenerator(seed: 1)
        let conv = Conv1d(
            inputChannels: 6, outputChannels: 9, kernelSize: 5, padding: 2, groups: 3, using: &generator)
        XCTAssertEqual(conv.weight.shape, [9, 2, 5])
        XCTAssertEqual(conv.bias?.shape, [9])
        XCTAssertEqual(conv.inputChannels, 6)
        XCTAssertEqual(conv.kernelSize, 5)
        let bound = 1 / Double(2 * 5).squareRoot()
        XCTAssert(conv.weight.value.toDoubles().allSatisfy { Swift.abs($0) <= bound })
        XCTAssertEqual(conv(Variable(Tensor.ones([3, 6, 20]))).shape, [3, 9, 20])
    }
}
