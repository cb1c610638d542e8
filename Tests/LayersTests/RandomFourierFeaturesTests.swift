import Autograd
import Layers
import Tensor
import TestSupport
import XCTest

/// Random Fourier features: the formula, frozen or trainable frequencies, derivatives to second order.
final class RandomFourierFeaturesTests: XCTestCase {
    func testMatchesTheFormula() {
        let b = LayerTesting.values([2, 3], seed: 1)
        let features = RandomFourierFeatures(frequencies: b)
        let x = layoutVariant("permuted", of: LayerTesting.values([4, 2], seed: 2))
        let y = features(Variable(x))
        XCTAssertEqual(y.shape, [4, 6])
        var expected: [Double] = []
        for row in 0..<4 {
            let phases = (0..<3).map { j in
                2 * Double.pi * (0..<2).reduce(0.0) { $0 + x.element(at: [row, $1]) * b.element(at: [$1, j]) }
            }
            expected += phases.map { Foundation.cos($0) } + phases.map { Foundation.sin($0) }
        }
        assertClose(y.value, expected, relativeTolerance: 1e-13, absoluteTolerance: 1e-13)
    }

    func testFrequenciesAreFrozenByDefaultOrTrainable() {
        var generator = RandomGenerator(seed: 4)
        let fixed = RandomFourierFeatures(
            inputDimensions: 3, featureCount: 2000, standardDeviation: 10, using: &generator)
        XCTAssertEqual(fixed.namedParameters().map(\.name), ["frequencies"])
        XCTAssertTrue(fixed.trainableParameters().isEmpty)
        let values = fixed.frequencies.value.toDoubles()
        let variance = values.reduce(0) { $0 + $1 * $1 } / Double(values.count)
        XCTAssertEqual(variance.squareRoot(), 10, accuracy: 0.3)
        fixed(Variable(Tensor.ones([5, 3]))).sum().backward()
        XCTAssertNil(fixed.frequencies.gradient)

        let trainable = RandomFourierFeatures(
            inputDimensions: 3, featureCount: 4, isTrainable: true, dtype: .float64, using: &generator)
        XCTAssertEqual(trainable.trainableParameters().count, 1)
        trainable(Variable(Tensor.ones([5, 3], dtype: .float64))).sum().backward()
        XCTAssertEqual(trainable.frequencies.gradient?.shape, [3, 4])
    }

    func testDerivativesToSecondOrder() {
        let features = RandomFourierFeatures(frequencies: LayerTesting.values([2, 3], seed: 5) * 0.5)
        assertGradients(at: [LayerTesting.values([3, 2], seed: 6), features.frequencies.value], orders: [1, 2]) { v in
            features(v[0], frequencies: v[1])
        }
        assertGradients(at: [LayerTesting.values([3, 2], seed: 7)], orders: [1, 2]) { v in features(v[0]) }
    }
}
