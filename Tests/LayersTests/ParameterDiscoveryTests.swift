import Autograd
import Layers
import Tensor
import XCTest

/// `namedParameters()` finds the parameters of nested layers under their paths; training mode reaches them all.
final class ParameterDiscoveryTests: XCTestCase {
    private final class Encoder: Module, UnaryLayer {
        let features: RandomFourierFeatures
        let body: Sequential
        let heads: [Conv1d]
        let norm = LayerNorm(normalizedShape: [8])
        let _scratch = Linear(weight: Tensor.zeros([1, 1]), bias: nil)

        init(using generator: inout RandomGenerator) {
            features = RandomFourierFeatures(inputDimensions: 2, featureCount: 4, using: &generator)
            body = Sequential([
                Conv1d(inputChannels: 8, outputChannels: 8, kernelSize: 3, padding: 1, using: &generator),
                BatchNorm1d(featureCount: 8),
                Activation(.relu),
                Dropout(probability: 0.1),
                MaxPool1d(kernelSize: 1),
            ])
            heads = [
                Conv1d(inputChannels: 8, outputChannels: 8, kernelSize: 1, bias: false, using: &generator),
                Conv1d(inputChannels: 8, outputChannels: 8, kernelSize: 1, using: &generator),
            ]
            super.init()
        }

        /// `[N, L, 2]` → `[N, 8, L]`.
        func callAsFunction(_ x: Variable) -> Variable {
            let h = body(features(x).transposed(1, 2))
            return heads.reduce(norm(h.transposed(1, 2)).transposed(1, 2)) { $1($0) }
        }
    }

    func testFindsNestedParametersWithTheirPaths() {
        var generator = RandomGenerator(seed: 1)
        let encoder = Encoder(using: &generator)
        XCTAssertEqual(
            encoder.namedParameters().map(\.name),
            [
                "features.frequencies",
                "body.layers.0.weight", "body.layers.0.bias",
                "body.layers.1.weight", "body.layers.1.bias",
                "body.layers.1.runningMean", "body.layers.1.runningVariance",
                "heads.0.weight",
                "heads.1.weight", "heads.1.bias",
                "norm.weight", "norm.bias",
            ])
        // Frozen: the Fourier frequencies and the batch-norm statistics.
        XCTAssertEqual(encoder.trainableParameters().count, 12 - 3)
        let y = encoder(Variable(Tensor.ones([2, 5, 2])))
        XCTAssertEqual(y.shape, [2, 8, 5])
        y.sum().backward()
        XCTAssert(encoder.trainableParameters().allSatisfy { $0.gradient != nil })
    }

    func testTrainAndEvalReachEveryLayer() {
        var generator = RandomGenerator(seed: 2)
        let encoder = Encoder(using: &generator)
        encoder.eval()
        let dropout = encoder.body.layers[3] as! Dropout
        let norm = encoder.body.layers[1] as! BatchNorm1d
        XCTAssertFalse(dropout.isTraining)
        XCTAssertFalse(norm.isTraining)
        XCTAssertFalse(encoder.heads[1].isTraining)
        encoder.train()
        XCTAssertTrue(dropout.isTraining && norm.isTraining)
    }

    private final class Heads: Module {
        let byName: [String: Linear]
        let optional: Dropout?
        init(using generator: inout RandomGenerator) {
            byName = ["b": Linear(2, 2, using: &generator), "a": Linear(2, 1, bias: false, using: &generator)]
            optional = Dropout(probability: 0.5)
            super.init()
        }
    }

    /// `children()` walks dictionaries (sorted keys) and optionals as `namedParameters()` does, so `eval()` reaches
    /// a layer held in a dictionary.
    func testChildrenWalkDictionariesLikeParameters() {
        var generator = RandomGenerator(seed: 3)
        let heads = Heads(using: &generator)
        XCTAssertEqual(heads.children().map(\.name), ["byName.a", "byName.b", "optional"])
        XCTAssertEqual(heads.namedParameters().map(\.name), ["byName.a.weight", "byName.b.weight", "byName.b.bias"])
        heads.eval()
        XCTAssertFalse(heads.byName["a"]!.isTraining)
        XCTAssertFalse(heads.optional!.isTraining)
    }
}
