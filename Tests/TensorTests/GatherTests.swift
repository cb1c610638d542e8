import XCTest

@testable import Tensor

final class GatherTests: XCTestCase {
    /// Index tensors of `shape` with values in `0..<size`, in several layouts (contiguous, permuted, flipped).
    func indexSamples(_ shape: [Int], size: Int, seed: Int) -> [(layout: String, tensor: Tensor, values: [Int])] {
        let values = (0..<RowMajor.count(shape)).map { ($0 * 7 + seed * 3 + ($0 / 3)) % size }
        let contiguous = Tensor(values.map { Int64($0) }, shape: shape)
        var result = [("contiguous", contiguous, values)]
        if shape.count >= 2 {
            let reversedShape = Array(shape.reversed())
            let base = RowMajor.scattered(values.map(Double.init), shape, into: reversedShape, fill: 0) {
                $0.reversed()
            }
            let permuted = Tensor(base, shape: reversedShape, dtype: .int64).permuted(
                Array((0..<shape.count).reversed()))
            result.append(("permuted", permuted, values))
        }
        let mirrored = RowMajor.scattered(values.map(Double.init), shape, into: shape, fill: 0) { index in
            index.enumerated().map { shape[$0.offset] - 1 - $0.element }
        }
        let flipped = Tensor(mirrored, shape: shape, dtype: .int64).flipped(axes: Array(0..<shape.count))
        result.append(("flipped", flipped, values))
        return result
    }

    func testGatheredMatchesReferenceForEveryLayoutAndAxis() {
        let shape = [3, 4, 5]
        for dtype in floatingTypes + [.int64, .bool] {
            for sample in layoutSamples(shape, dtype: dtype) {
                for axis in 0..<3 {
                    var indexShape = [2, 3, 4]
                    indexShape[axis] = 6  // longer than the axis: indices may repeat
                    for index in indexSamples(indexShape, size: shape[axis], seed: axis) {
                        let result = sample.tensor.gathered(axis: axis, indices: index.tensor)
                        let expected = (0..<RowMajor.count(indexShape)).map { flat -> Double in
                            var position = RowMajor.multiIndex(flat, indexShape)
                            position[axis] = index.values[flat]
                            return sample.values[RowMajor.flatIndex(position, shape)]
                        }
                        assertTensor(
                            result, shape: indexShape, dtype: dtype, values: expected,
                            "\(dtype) \(sample.layout) axis \(axis) indices \(index.layout)")
                    }
                }
            }
        }
    }

    func testGatheredWithBroadcastIndices() {
        let x = Tensor([10, 11, 12, 20, 21, 22] as [Float], shape: [2, 3])
        let index = Tensor([2, 0] as [Int64], shape: [1, 2]).expanded(to: [2, 2])
        assertTensor(x.gathered(axis: -1, indices: index), shape: [2, 2], dtype: .float32, values: [12, 10, 22, 20])
    }

    func testIndexSelectedMatchesReferenceForEveryLayoutAndAxis() {
        let shape = [4, 3, 5]
        for dtype in floatingTypes + [.int64] {
            for sample in layoutSamples(shape, dtype: dtype) {
                for axis in [0, 1, -1] {
                    let resolved = (axis + 3) % 3
                    let picks = [shape[resolved] - 1, 0, 1, 1, shape[resolved] - 1, 2]
                    let stepped = Tensor(picks.flatMap { [Int64($0), 99] }).sliced(axis: 0, step: 2)
                    for indices in [Tensor(picks.map { Int64($0) }), stepped, Tensor([] as [Int64])] {
                        let chosen = indices.count == 0 ? [] : picks
                        var resultShape = shape
                        resultShape[resolved] = chosen.count
                        let expected = (0..<RowMajor.count(resultShape)).map { flat -> Double in
                            var position = RowMajor.multiIndex(flat, resultShape)
                            position[resolved] = chosen[position[resolved]]
                            return sample.values[RowMajor.flatIndex(position, shape)]
                        }
                        assertTensor(
                            sample.tensor.indexSelected(axis: axis, indices: indices), shape: resultShape, dtype: dtype,
                            values: expected, "\(dtype) \(sample.layout) axis \(axis)")
                    }
                }
            }
        }
    }

    func testEmbeddingLookupIsExactOnALargeTable() {
        var generator = RandomGenerator(seed: 5)
        let table = Tensor.arange(0, 64_000, dtype: .float32).reshaped([1000, 64])
        let ids = Tensor.randomIntegers([5000], high: 1000, using: &generator)
        let rows = table.indexSelected(axis: 0, indices: ids)
        XCTAssertEqual(rows.shape, [5000, 64])
        let values = rows.toDoubles()
        let idValues = ids.scalars(as: Int64.self)
        for k in stride(from: 0, to: 5000, by: 97) {
            for j in [0, 31, 63] { XCTAssertEqual(values[k * 64 + j], Double(Int(idValues[k]) * 64 + j)) }
        }
    }

    func testScatterAddedMatchesReferenceIncludingRepeatedIndices() {
        let shape = [3, 4, 5]
        for dtype in floatingTypes + [.int64] {
            for base in layoutSamples(shape, dtype: dtype) {
                for axis in 0..<3 {
                    var indexShape = [2, 3, 4]
                    indexShape[axis] = 7
                    let sourceShape = indexShape.map { $0 + 1 }  // source may be larger than indices
                    let source = layoutSamples(sourceShape, dtype: dtype, seed: 4)[axis % 3]
                    for index in indexSamples(indexShape, size: shape[axis], seed: axis + 1) {
                        let result = base.tensor.scatterAdded(axis: axis, indices: index.tensor, source: source.tensor)
                        var expected = base.values
                        for flat in 0..<RowMajor.count(indexShape) {
                            var position = RowMajor.multiIndex(flat, indexShape)
                            let from = source.values[RowMajor.flatIndex(position, sourceShape)]
                            position[axis] = index.values[flat]
                            expected[RowMajor.flatIndex(position, shape)] += from
                        }
                        assertTensor(
                            result, shape: shape, dtype: dtype, values: expected,
                            "\(dtype) base \(base.layout) source \(source.layout) axis \(axis) indices \(index.layout)")
                    }
                }
            }
        }
    }

    func testScatterAddedIsTheAdjointOfGathered() {
        // <gather(x), y> = <x, scatterAdd(0, y)> for any x, y.
        var generator = RandomGenerator(seed: 9)
        let x = Tensor.normal([5, 6], dtype: .float64, using: &generator)
        let indices = Tensor.randomIntegers([8, 6], high: 5, using: &generator)
        let y = Tensor.normal([8, 6], dtype: .float64, using: &generator)
        let left = zip(x.gathered(axis: 0, indices: indices).toDoubles(), y.toDoubles()).map(*).reduce(0, +)
        let scattered = Tensor.zeros([5, 6], dtype: .float64).scatterAdded(axis: 0, indices: indices, source: y)
        let right = zip(x.toDoubles(), scattered.toDoubles()).map(*).reduce(0, +)
        XCTAssertEqual(left, right, accuracy: 1e-12)
    }

    func testOneHotMatchesReference() {
        for dtype in [DType.float32, .float64, .int64, .bool] {
            for index in indexSamples([3, 4], size: 5, seed: 2) {
                let result = Tensor.oneHot(index.tensor, classes: 6, dtype: dtype)
                let expected = index.values.flatMap { value in (0..<6).map { $0 == value ? 1.0 : 0.0 } }
                assertTensor(result, shape: [3, 4, 6], dtype: dtype, values: expected, "\(dtype) \(index.layout)")
            }
        }
        assertTensor(
            Tensor.oneHot(Tensor(scalar: Int64(1)), classes: 3), shape: [3], dtype: .float32, values: [0, 1, 0])
    }

    func testMessagesOfCommonMistakes() {
        let x = Tensor.zeros([3, 4])
        XCTAssertEqual(
            Tensor.indexOutOfRangeMessage(op: "gathered", index: 4, axis: 1, shape: [3, 4]),
            "gathered: index 4 is out of range for axis 1 of shape [3, 4]")
        XCTAssertEqual(
            x.gatherProblem(axis: 0, indices: Tensor.zeros([2, 5], dtype: .int64)),
            "gathered: indices of shape [2, 5] do not fit a tensor of shape [3, 4] along axis 0 "
                + "(same rank, no larger on the other axes)")
        XCTAssertEqual(
            x.gatherProblem(axis: 0, indices: Tensor.zeros([2, 4])), "gathered: indices must be int64, got float32")
        XCTAssertNil(x.gatherProblem(axis: 0, indices: Tensor.zeros([9, 4], dtype: .int64)))
        XCTAssertEqual(
            x.scatterProblem(axis: 0, indices: Tensor.zeros([2, 4], dtype: .int64), source: Tensor.zeros([2, 3])),
            "scatterAdded: indices of shape [2, 4] do not fit source [2, 3] and tensor [3, 4] along axis 0 "
                + "(same rank, no larger than source, no larger than the tensor off the axis)")
        XCTAssertEqual(
            x.scatterProblem(
                axis: 0, indices: Tensor.zeros([2, 4], dtype: .int64), source: Tensor.zeros([2, 4], dtype: .float64)),
            "scatterAdded: source is float64 but the tensor is float32")
    }
}
