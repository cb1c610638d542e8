import Autograd
import Layers
import Tensor
import TestSupport
import XCTest

/// MaxPool1d/2d and AvgPool1d/2d against loops (with padding, strides, both padding counts), and their gradients.
final class PoolingTests: XCTestCase {
    func testMaxPoolMatchesLoops() {
        for layout in layoutNames {
            let x1 = layoutVariant(layout, of: LayerTesting.values([2, 3, 11], seed: 1))
            for (kernel, stride, padding) in [(3, nil, 0), (3, 2, 1), (2, 1, 1), (4, 3, 2)] {
                let pool = MaxPool1d(kernelSize: kernel, stride: stride, padding: padding)
                let expected = LayerTesting.pooling(
                    input: x1, kind: .maximum, kernelSize: [kernel], stride: [stride ?? kernel], padding: [padding])
                assertClose(
                    pool(Variable(x1)).value, expected.values, shape: expected.shape, relativeTolerance: 0,
                    absoluteTolerance: 0,
                    "MaxPool1d \(kernel) \(String(describing: stride)) \(padding) \(layout)")
            }
            let x2 = layoutVariant(layout, of: LayerTesting.values([2, 2, 7, 6], seed: 2, dtype: .float32))
            let geometries: [(IntOrPair, IntOrPair?, IntOrPair)] = [
                (2, nil, 0), ([3, 2], [2, 1], [1, 1]), (3, 3, 1),
            ]
            for (kernel, stride, padding) in geometries {
                let pool = MaxPool2d(kernelSize: kernel, stride: stride, padding: padding)
                let expected = LayerTesting.pooling(
                    input: x2, kind: .maximum, kernelSize: kernel.values, stride: (stride ?? kernel).values,
                    padding: padding.values)
                assertClose(
                    pool(Variable(x2)).value, expected.values, shape: expected.shape, relativeTolerance: 0,
                    absoluteTolerance: 0,
                    "MaxPool2d \(kernel) \(String(describing: stride)) \(padding) \(layout)")
            }
        }
    }

    func testAveragePoolMatchesLoops() {
        for includesPadding in [true, false] {
            for layout in layoutNames {
                let x1 = layoutVariant(layout, of: LayerTesting.values([2, 3, 10], seed: 3))
                for (kernel, stride, padding) in [(2, nil, 0), (3, 2, 1), (5, 1, 2)] {
                    let pool = AvgPool1d(
                        kernelSize: kernel, stride: stride, padding: padding, countIncludesPadding: includesPadding)
                    let expected = LayerTesting.pooling(
                        input: x1, kind: .average(countIncludesPadding: includesPadding), kernelSize: [kernel],
                        stride: [stride ?? kernel], padding: [padding])
                    assertClose(
                        pool(Variable(x1)).value, expected.values, shape: expected.shape, relativeTolerance: 1e-14,
                        absoluteTolerance: 1e-14,
                        "AvgPool1d \(kernel) \(padding) \(includesPadding) \(layout)")
                }
                let x2 = layoutVariant(layout, of: LayerTesting.values([1, 3, 6, 7], seed: 4, dtype: .float32))
                let geometries: [(IntOrPair, IntOrPair?, IntOrPair)] = [(2, nil, 0), ([3, 2], [1, 2], [1, 1])]
                for (kernel, stride, padding) in geometries {
                    let pool = AvgPool2d(
                        kernelSize: kernel, stride: stride, padding: padding, countIncludesPadding: includesPadding)
                    let expected = LayerTesting.pooling(
                        input: x2, kind: .average(countIncludesPadding: includesPadding), kernelSize: kernel.values,
                        stride: (stride ?? kernel).values, padding: padding.values)
                    assertClose(
                        pool(Variable(x2)).value, expected.values, shape: expected.shape, relativeTolerance: 1e-6,
                        absoluteTolerance: 1e-6,
                        "AvgPool2d \(kernel) \(padding) \(includesPadding) \(layout)")
                }
            }
        }
    }

    func testGradients() {
        let x1 = layoutVariant("stepped", of: LayerTesting.values([2, 2, 9], seed: 5))
        let x2 = layoutVariant("permuted", of: LayerTesting.values([1, 2, 6, 5], seed: 6))
        let layers: [(String, any UnaryLayer, Tensor)] = [
            ("MaxPool1d", MaxPool1d(kernelSize: 3, stride: 2, padding: 1), x1),
            ("AvgPool1d", AvgPool1d(kernelSize: 4, stride: 1, padding: 2, countIncludesPadding: false), x1),
            ("MaxPool2d", MaxPool2d(kernelSize: [3, 2], stride: [2, 1], padding: [1, 0]), x2),
            ("AvgPool2d", AvgPool2d(kernelSize: 2, stride: 1, padding: 1), x2),
        ]
        for (name, pool, x) in layers {
            assertGradients(name, at: [x], orders: [1, 2]) { v in pool(v[0]).square() }
        }
    }

    func testMaxPoolGradientGoesToTheMaximum() {
        let x = Tensor([1.0, 5, 2, -1, 3, 3], shape: [1, 1, 6])
        let input = Variable.leaf(x)
        let g = gradients(of: MaxPool1d(kernelSize: 2)(input).sum(), wrt: [input])[0]
        XCTAssertEqual(g.value.toDoubles(), [0, 1, 1, 0, 1, 0], "the first of tied maxima takes the gradient")
    }
}
