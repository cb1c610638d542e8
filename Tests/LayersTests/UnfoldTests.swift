import Autograd
import Tensor
import TestSupport
import XCTest

/// The unfold primitive and its adjoint: values, ⟨unfold x, y⟩ = ⟨x, fold y⟩, and derivatives to second order.
final class UnfoldTests: XCTestCase {
    private struct Geometry {
        let kernelSize: [Int], stride: [Int], padding: [Int], dilation: [Int]
    }

    private let geometries = [
        Geometry(kernelSize: [3], stride: [1], padding: [0], dilation: [1]),
        Geometry(kernelSize: [2], stride: [3], padding: [2], dilation: [2]),
        Geometry(kernelSize: [1], stride: [1], padding: [0], dilation: [1]),
        Geometry(kernelSize: [2, 3], stride: [1, 2], padding: [1, 0], dilation: [2, 1]),
        Geometry(kernelSize: [3, 3], stride: [2, 2], padding: [1, 1], dilation: [1, 1]),
        Geometry(kernelSize: [3], stride: [1], padding: [1], dilation: [1]),
        Geometry(kernelSize: [3, 3], stride: [1, 1], padding: [1, 1], dilation: [1, 1]),
    ]

    private func shape(for g: Geometry) -> [Int] { g.kernelSize.count == 1 ? [2, 3, 7] : [2, 2, 5, 6] }

    func testWindowsHoldTheInputOrThePadValue() {
        let x = layoutVariant("flipped", of: LayerTesting.values([1, 2, 5], seed: 1))
        let columns = Variable(x).unfolded(kernelSize: [2], stride: [2], padding: [1], dilation: [2], padValue: -7)
        XCTAssertEqual(columns.shape, [1, 2, 2, 3])
        let v = x.toDoubles()
        // Window o, kernel entry k reads x[2o + 2k − 1].
        var expected: [Double] = []
        for c in 0..<2 {
            for k in 0..<2 {
                for o in 0..<3 {
                    let position = 2 * o + 2 * k - 1
                    expected.append(position >= 0 && position < 5 ? v[c * 5 + position] : -7)
                }
            }
        }
        XCTAssertEqual(columns.value.toDoubles(), expected)
    }

    func testWindowsOfEveryGeometryAndLayoutMatchTheDefinition() {
        // unfolded[n, c, k₁, (k₂,) o₁, (o₂)] = x[n, c, o·s + k·d − p] per spatial axis, or the pad value outside x.
        for (index, g) in geometries.enumerated() {
            let values = LayerTesting.values(shape(for: g), seed: 20 + Double(index))
            let spatial = Array(values.shape.dropFirst(2))
            for layout in layoutNames {
                let x = layoutVariant(layout, of: values)
                let columns = x.unfolded(
                    kernelSize: g.kernelSize, stride: g.stride, padding: g.padding, dilation: g.dilation, padValue: -7)
                let r = g.kernelSize.count
                let outputs = Array(columns.shape.suffix(r))
                var expected: [Double] = []
                for n in 0..<values.shape[0] {
                    for c in 0..<values.shape[1] {
                        for kernel in Self.positions(g.kernelSize) {
                            for window in Self.positions(outputs) {
                                let position = (0..<r).map {
                                    window[$0] * g.stride[$0] + kernel[$0] * g.dilation[$0] - g.padding[$0]
                                }
                                let inside = zip(position, spatial).allSatisfy { $0 >= 0 && $0 < $1 }
                                expected.append(inside ? values.element(at: [n, c] + position) : -7)
                            }
                        }
                    }
                }
                XCTAssertEqual(columns.toDoubles(), expected, "geometry \(index), \(layout) input")
            }
        }
    }

    /// Every index of `shape`, the last axis fastest.
    private static func positions(_ shape: [Int]) -> [[Int]] {
        shape.reduce([[]]) { prefixes, size in prefixes.flatMap { prefix in (0..<size).map { prefix + [$0] } } }
    }

    func testFoldIsTheAdjointOfUnfold() {
        for (index, g) in geometries.enumerated() {
            let x = layoutVariant("permuted", of: LayerTesting.values(shape(for: g), seed: Double(index)))
            let columns = Variable(x).unfolded(
                kernelSize: g.kernelSize, stride: g.stride, padding: g.padding, dilation: g.dilation)
            let y = layoutVariant("stepped", of: LayerTesting.values(columns.shape, seed: 10 + Double(index)))
            let folded = Variable(y).folded(
                outputSize: Array(x.shape.dropFirst(2)), kernelSize: g.kernelSize, stride: g.stride,
                padding: g.padding, dilation: g.dilation)
            let left = (columns.value * y).sum().item()
            let right = (x * folded.value).sum().item()
            XCTAssertEqual(left, right, accuracy: 1e-12 * (1 + Swift.abs(left)), "geometry \(index)")
        }
    }

    func testDerivativesToSecondOrder() {
        for (index, g) in geometries.enumerated() {
            let x = LayerTesting.values(shape(for: g), seed: Double(index))
            assertGradients("unfolded, geometry \(index)", at: [x], orders: [1, 2]) { v in
                v[0].unfolded(kernelSize: g.kernelSize, stride: g.stride, padding: g.padding, dilation: g.dilation)
                    .square()
            }
            let columnsShape = Variable(x).unfolded(
                kernelSize: g.kernelSize, stride: g.stride, padding: g.padding, dilation: g.dilation
            ).shape
            assertGradients(
                "folded, geometry \(index)", at: [LayerTesting.values(columnsShape, seed: 5)], orders: [1, 2]
            ) { v in
                v[0].folded(
                    outputSize: Array(x.shape.dropFirst(2)), kernelSize: g.kernelSize, stride: g.stride,
                    padding: g.padding, dilation: g.dilation
                ).square()
            }
        }
    }

    /// unfolded and folded on every input layout (permuted, strided, flipped, and a stride-0 expanded input), to
    /// second order.
    func testDerivativesOnNonContiguousInputs() {
        for (index, g) in geometries.enumerated() {
            let shape = shape(for: g)
            let outputSize = Array(shape.dropFirst(2))
            var inputs = layoutVariants(of: LayerTesting.values(shape, seed: Double(index))).map(\.tensor)
            inputs.append(LayerTesting.values([1] + shape.dropFirst(), seed: Double(index)).expanded(to: shape))
            let columnsShape = Variable(inputs[0]).unfolded(
                kernelSize: g.kernelSize, stride: g.stride, padding: g.padding, dilation: g.dilation
            ).shape
            for (k, x) in inputs.enumerated() {
                assertGradients("unfolded, geometry \(index), input \(k)", at: [x], orders: [1, 2]) { v in
                    v[0].unfolded(kernelSize: g.kernelSize, stride: g.stride, padding: g.padding, dilation: g.dilation)
                        .square()
                }
            }
            for layout in layoutNames {
                let columns = layoutVariant(layout, of: LayerTesting.values(columnsShape, seed: 5))
                assertGradients("folded, geometry \(index), \(layout)", at: [columns], orders: [1, 2]) { v in
                    v[0].folded(
                        outputSize: outputSize, kernelSize: g.kernelSize, stride: g.stride, padding: g.padding,
                        dilation: g.dilation
                    ).square()
                }
            }
        }
    }

    func testLargeInputsSplitAcrossCoresAgreeWithTheSerialResult() {
        // 64 planes of 32×32 with a 3×3 kernel: enough work for the parallel path; compared plane by plane with
        // the same geometry applied to single planes (the serial path).
        let x = LayerTesting.values([4, 16, 32, 32], seed: 3, dtype: .float32)
        let whole = Variable(x).unfolded(kernelSize: [3, 3], stride: [1, 1], padding: [1, 1], dilation: [1, 1]).value
        let plane = x.sliced(axis: 0, start: 3, end: 4).sliced(axis: 1, start: 7, end: 8)
        let single = Variable(plane).unfolded(kernelSize: [3, 3], stride: [1, 1], padding: [1, 1], dilation: [1, 1])
        XCTAssertEqual(
            whole.sliced(axis: 0, start: 3, end: 4).sliced(axis: 1, start: 7, end: 8).toDoubles(),
            single.value.toDoubles())
        let folded = Variable(whole).folded(
            outputSize: [32, 32], kernelSize: [3, 3], stride: [1, 1], padding: [1, 1], dilation: [1, 1]
        ).value
        let foldedPlane = Variable(single.value).folded(
            outputSize: [32, 32], kernelSize: [3, 3], stride: [1, 1], padding: [1, 1], dilation: [1, 1]
        ).value
        XCTAssertEqual(
            folded.sliced(axis: 0, start: 3, end: 4).sliced(axis: 1, start: 7, end: 8).toDoubles(),
            foldedPlane.toDoubles())
    }
}
