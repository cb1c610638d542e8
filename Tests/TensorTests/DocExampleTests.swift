import Foundation
import Tensor
import XCTest

/// The `/// ```swift` examples of Tensor's doc comments, copied as written (a user copies them), so they keep
/// compiling and doing what their comments say. One test per documented symbol. The printed tensor of
/// Tensor+Description.swift is DescriptionTests.testMatrixAlignedInNestedBrackets.
final class DocExampleTests: XCTestCase {
    /// Sources/Tensor/Core/Tensor.swift
    func testTensor() {
        let a = Tensor([1, 2, 3, 4, 5, 6], shape: [2, 3])  // float64: the literals are Doubles
        let b = a.transposed()  // [3, 2], no copy
        let c = a.matmul(b)  // [2, 2]
        XCTAssertEqual(a.dtype, .float64)
        XCTAssertEqual(b.shape, [3, 2])
        XCTAssertFalse(b.isContiguous)
        XCTAssertEqual(c.shape, [2, 2])
        XCTAssertEqual(c.toDoubles(), [14, 32, 32, 77])
    }

    /// Sources/Tensor/Ops/Tensor+OneHot.swift
    func testOneHot() {
        let encoded = Tensor.oneHot(Tensor([2, 0] as [Int64]), classes: 3)  // [[0, 0, 1], [1, 0, 0]], float32
        XCTAssertEqual(encoded.shape, [2, 3])
        XCTAssertEqual(encoded.dtype, .float32)
        XCTAssertEqual(encoded.toDoubles(), [0, 0, 1, 1, 0, 0])
    }

    /// Sources/Tensor/Ops/Tensor+Update.swift
    func testUpdated() {
        let x = Tensor.zeros([2, 5])
        let patch = Tensor.ones([2, 2])
        let y = x.updated(at: { $0.sliced(axis: 1, start: 2, end: 4) }, with: patch)  // x[:, 2:4] = patch
        XCTAssertEqual(y.toDoubles(), [0, 0, 1, 1, 0, 0, 0, 1, 1, 0])
        XCTAssertEqual(x.toDoubles(), Array(repeating: 0, count: 10))
    }

    /// Sources/Tensor/Ops/Tensor+Unfold.swift
    func testUnfolded() {
        let columns = Tensor.ones([8, 3, 32]).unfolded(kernelSize: [5], stride: [2], padding: [2], dilation: [1])
        // [8, 3, 5, 16]
        XCTAssertEqual(columns.shape, [8, 3, 5, 16])
        // The first window starts at -2: its two leading taps read the padding.
        XCTAssertEqual(columns[0, 0].toDoubles()[0], 0)
        XCTAssertEqual(columns[0, 0].toDoubles()[2 * 16], 1)
    }

    /// Sources/Tensor/Ops/Tensor+Pad.swift
    func testPadded() {
        let x = Tensor.ones([8, 3, 5])
        let y = x.padded([(1, 1), (2, 0)])  // [8, 5, 7]: axis 1 gets 1 row each side, axis 2 two columns in front
        XCTAssertEqual(y.shape, [8, 5, 7])
        XCTAssertEqual(y.sum().toDoubles(), [8 * 3 * 5])
        XCTAssertEqual(y[0, 1].toDoubles(), [0, 0, 1, 1, 1, 1, 1])
    }

    /// Sources/Tensor/Kernels/Parallel.swift
    func testParallelForEachChunk() {
        let n = 3 << 20  // above the threshold at cost 10: split across the cores
        let f: (Double) -> Double = { 2 * $0 + 1 }
        let input = (0..<n).map(Double.init)
        var output = [Double](repeating: 0, count: n)
        input.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { destination in
                // y[i] = f(x[i]) over n elements, each worth about 10 additions:
                let context = UnsafeSendable((source, destination))
                Parallel.forEachChunk(count: n, cost: 10, context: context) { range, context in
                    let (source, destination) = context.value
                    for i in range { destination[i] = f(source[i]) }
                }
            }
        }
        XCTAssertEqual(output[0], 1)
        XCTAssertEqual(output[n - 1], Double(2 * n - 1))
        XCTAssertTrue(zip(input, output).allSatisfy { f($0) == $1 })
    }

    /// Sources/Tensor/Random/RandomGenerator.swift
    func testRandomGenerator() {
        var generator = RandomGenerator(seed: 42)
        let weights = Tensor.normal([64, 32], standardDeviation: 0.1, using: &generator)
        var worker = generator.split()  // an independent stream for another task
        XCTAssertEqual(weights.shape, [64, 32])
        let values = weights.toDoubles()
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)
        XCTAssertEqual(variance.squareRoot(), 0.1, accuracy: 0.01)
        let fromWorker = Tensor.normal([16], using: &worker).toDoubles()
        let fromParent = Tensor.normal([16], using: &generator).toDoubles()
        XCTAssertNotEqual(fromWorker, fromParent)
    }

    /// Sources/Tensor/LinearAlgebra/Linalg.swift
    func testLinalg() throws {
        let a = Tensor([4.0, 2, 2, 3], shape: [2, 2])
        let l = try Linalg.cholesky(a)  // [2, 2], a = l·lᵀ
        let x = try Linalg.solve(a, Tensor([1.0, 2]))  // [2]
        let (u, s, vh) = try Linalg.svd(a)  // a = u·diag(s)·vh
        XCTAssertTrue(l.matmul(l.transposed()).allClose(a))
        XCTAssertEqual(x.shape, [2])
        XCTAssertTrue(a.matmul(x.reshaped([2, 1])).reshaped([2]).allClose(Tensor([1.0, 2])))
        XCTAssertTrue((u * s.reshaped([1, 2])).matmul(vh).allClose(a))
    }
}
