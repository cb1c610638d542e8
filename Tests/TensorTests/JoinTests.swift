import XCTest

@testable import Tensor

final class JoinTests: XCTestCase {
    /// Naive concatenation of row-major arrays along `axis`.
    func referenceConcatenation(_ parts: [(values: [Double], shape: [Int])], axis: Int) -> ([Double], [Int]) {
        var shape = parts[0].shape
        shape[axis] = parts.reduce(0) { $0 + $1.shape[axis] }
        var result: [Double] = []
        for flat in 0..<RowMajor.count(shape) {
            var index = RowMajor.multiIndex(flat, shape)
            var part = 0
            while index[axis] >= parts[part].shape[axis] {
                index[axis] -= parts[part].shape[axis]
                part += 1
            }
            result.append(parts[part].values[RowMajor.flatIndex(index, parts[part].shape)])
        }
        return (result, shape)
    }

    func testConcatenatedMatchesReferenceForEveryLayoutAndAxis() {
        for dtype in floatingTypes + [.int64, .bool] {
            for axis in [0, 1, 2, -1] {
                var shapeA = [3, 4, 5]
                var shapeB = [3, 4, 5]
                let resolved = axis < 0 ? axis + 3 : axis
                shapeA[resolved] = 2
                shapeB[resolved] = 3
                let samplesA = layoutSamples(shapeA, dtype: dtype, seed: 1)
                let samplesB = layoutSamples(shapeB, dtype: dtype, seed: 2)
                for a in samplesA {
                    for b in samplesB {
                        let result = Tensor.concatenated([a.tensor, b.tensor, a.tensor], axis: axis)
                        let (values, shape) = referenceConcatenation(
                            [(a.values, shapeA), (b.values, shapeB), (a.values, shapeA)], axis: resolved)
                        assertTensor(
                            result, shape: shape, dtype: dtype, values: values,
                            "\(dtype) axis \(axis) \(a.layout)+\(b.layout)")
                    }
                }
            }
        }
    }

    func testConcatenatedHandlesEmptyPartsAndOnePart() {
        let a = Tensor([1, 2, 3, 4] as [Float], shape: [2, 2])
        let empty = Tensor.zeros([0, 2])
        let result = Tensor.concatenated([empty, a, empty], axis: 0)
        assertTensor(result, shape: [2, 2], dtype: .float32, values: [1, 2, 3, 4])
        let copy = Tensor.concatenated([a.transposed()], axis: 1)
        assertTensor(copy, shape: [2, 2], dtype: .float32, values: [1, 3, 2, 4])
    }

    func testConcatenatedLargeInputsSplitAcrossCores() {
        let a = Tensor.arange(0, 300_000, dtype: .float64).reshaped([600, 500])
        let b = a.transposed().sliced(axis: 0, start: 0, end: 500).sliced(axis: 1, start: 0, end: 500)
        let result = Tensor.concatenated([a.sliced(axis: 0, end: 500), b], axis: 1)
        XCTAssertEqual(result.shape, [500, 1000])
        let values = result.toDoubles()
        for (i, j) in [(0, 0), (17, 3), (499, 499), (3, 500), (499, 999), (250, 777)] {
            let expected = j < 500 ? Double(i * 500 + j) : Double((j - 500) * 500 + i)
            XCTAssertEqual(values[i * 1000 + j], expected)
        }
    }

    func testStackedMatchesReferenceForEveryAxis() {
        for dtype in floatingTypes {
            let samples = layoutSamples([3, 4], dtype: dtype, seed: 3)
            for axis in [0, 1, 2, -1, -3] {
                let resolved = axis < 0 ? axis + 3 : axis
                let result = Tensor.stacked(samples.map(\.tensor), axis: axis)
                var shape = [3, 4]
                shape.insert(samples.count, at: resolved)
                let values = (0..<RowMajor.count(shape)).map { flat -> Double in
                    var index = RowMajor.multiIndex(flat, shape)
                    let which = index.remove(at: resolved)
                    return samples[which].values[RowMajor.flatIndex(index, [3, 4])]
                }
                assertTensor(result, shape: shape, dtype: dtype, values: values, "\(dtype) axis \(axis)")
            }
        }
    }

    func testStackedScalars() {
        let result = Tensor.stacked([Tensor(scalar: 1.5), Tensor(scalar: -2.0)])
        assertTensor(result, shape: [2], dtype: .float64, values: [1.5, -2])
    }

    func testSplitBySizesGivesViewsWithTheReferenceValues() {
        for dtype in floatingTypes {
            for sample in layoutSamples([6, 5], dtype: dtype) {
                let pieces = sample.tensor.split(sizes: [1, 0, 3, 1], axis: 1)
                XCTAssertEqual(pieces.map(\.shape), [[6, 1], [6, 0], [6, 3], [6, 1]])
                var start = 0
                for piece in pieces {
                    XCTAssertTrue(piece.storage === sample.tensor.storage, "split must not copy (\(sample.layout))")
                    let width = piece.shape[1]
                    let expected = (0..<6).flatMap { i in (start..<start + width).map { sample.values[i * 5 + $0] } }
                    XCTAssertEqual(piece.toDoubles(), expected, "\(dtype) \(sample.layout)")
                    start += width
                }
            }
        }
    }

    func testSplitByCountAndRoundTripThroughConcatenation() {
        for sample in layoutSamples([6, 4, 2], dtype: .float32) {
            let pieces = sample.tensor.split(count: 3, axis: 0)
            XCTAssertEqual(pieces.map(\.shape), Array(repeating: [2, 4, 2], count: 3))
            let joined = Tensor.concatenated(pieces, axis: 0)
            XCTAssertEqual(joined.toDoubles(), sample.values, sample.layout)
            let halves = sample.tensor.split(count: 2, axis: -1)
            XCTAssertEqual(Tensor.concatenated(halves, axis: -1).toDoubles(), sample.values, sample.layout)
        }
    }

    func testMessagesOfCommonMistakes() {
        let a = Tensor.zeros([2, 3])
        let b = Tensor.zeros([2, 4])
        let c = Tensor.zeros([2, 3], dtype: .float64)
        XCTAssertNil(Tensor.concatenationProblem([a, b], axis: 1))
        XCTAssertEqual(
            Tensor.concatenationProblem([a, b], axis: 0),
            "concatenated: tensor 1 has shape [2, 4] but tensor 0 has [2, 3]; they may differ only along axis 0")
        XCTAssertEqual(
            Tensor.concatenationProblem([a, c], axis: 0),
            "concatenated: tensor 1 is float64 but tensor 0 is float32")
        XCTAssertEqual(
            Tensor.concatenationProblem([a, a], axis: 2),
            "concatenated: axis 2 is out of range for rank 2")
        XCTAssertEqual(
            Tensor.concatenationProblem([], axis: 0), "concatenated: needs at least one tensor")
        XCTAssertEqual(
            Tensor.stackingProblem([a, b], axis: 0), "stacked: tensor 1 has shape [2, 4] but tensor 0 has [2, 3]")
        XCTAssertEqual(
            Tensor.stackingProblem([a], axis: 3), "stacked: axis 3 is out of range for stacking tensors of rank 2")
        XCTAssertNil(Tensor.stackingProblem([a, a], axis: -3))
        XCTAssertEqual(
            a.splitProblem(sizes: [1, 1], axis: 1),
            "split(sizes:): sizes [1, 1] add up to 2, but axis 1 of shape [2, 3] has size 3")
        XCTAssertEqual(a.splitProblem(sizes: [4, -1], axis: 1), "split(sizes:): negative size -1 in [4, -1]")
        XCTAssertEqual(
            a.splitProblem(count: 2, axis: 1), "split(count:): axis 1 of shape [2, 3] has size 3, not divisible by 2")
        XCTAssertNil(a.splitProblem(count: 3, axis: 1))
    }
}
