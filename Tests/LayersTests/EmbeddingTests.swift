import Autograd
import Layers
import Tensor
import TestSupport
import XCTest

/// Embedding: lookup of rows, scatter-added gradients.
final class EmbeddingTests: XCTestCase {
    func testLooksUpRowsForIndicesOfAnyShape() {
        let table = LayerTesting.values([5, 3], seed: 1, dtype: .float32)
        let embedding = Embedding(weight: table)
        let indices = Tensor([Int64(4), 0, 4, 2, 1, 3], shape: [2, 3])
        let y = embedding(indices)
        XCTAssertEqual(y.shape, [2, 3, 3])
        let rows = table.toDoubles()
        let expected = indices.scalars(as: Int64.self).flatMap { rows[Int($0) * 3..<Int($0) * 3 + 3] }
        XCTAssertEqual(y.value.toDoubles(), expected)
        XCTAssertEqual(embedding(Variable(indices)).value.toDoubles(), expected)
        XCTAssertEqual(embedding(Tensor([Int64(2)], shape: [])).shape, [3])
    }

    func testGradientIsTheScatterAddOfTheOutputGradient() {
        let embedding = Embedding(weight: LayerTesting.values([4, 2], seed: 2))
        let indices = Tensor([Int64(1), 3, 1, 1])
        let seed = Tensor([1.0, 2, 3, 4, 5, 6, 7, 8], shape: [4, 2])
        embedding(indices).backward(seed: seed)
        // Row 1 is looked up at positions 0, 2, 3; row 3 at position 1; rows 0 and 2 never.
        XCTAssertEqual(embedding.weight.gradient?.toDoubles(), [0, 0, 1 + 5 + 7, 2 + 6 + 8, 0, 0, 3, 4])
        assertGradients(at: [embedding.weight.value], orders: [1, 2]) { v in
            embedding(indices, weight: v[0]).square()
        }
    }

    func testDefaultInitializationIsStandardNormal() {
        var generator = RandomGenerator(seed: 3)
        let embedding = Embedding(embeddingCount: 1000, dimensions: 50, using: &generator)
        XCTAssertEqual(embedding.embeddingCount, 1000)
        XCTAssertEqual(embedding.dimensions, 50)
        let values = embedding.weight.value.toDoubles()
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
        XCTAssertEqual(mean, 0, accuracy: 0.02)
        XCTAssertEqual(variance, 1, accuracy: 0.03)
    }
}
