import Autograd
import Layers
import Tensor
import XCTest

final class TrainingUtilityTests: XCTestCase {
    func testClipNormScalesToTheLimitAndReportsTheNorm() {
        let a = Parameter(Tensor([3.0]))
        let b = Parameter(Tensor([4.0]))
        (a.variable * 3 + b.variable * 4).sum().backward()  // gradients 3 and 4: norm 5
        let norm = GradientClipping.clipNorm([a, b], maxNorm: 1)
        XCTAssertEqual(norm, 5, accuracy: 1e-12)
        XCTAssertEqual(a.gradient!.item(), 0.6, accuracy: 1e-6)
        XCTAssertEqual(b.gradient!.item(), 0.8, accuracy: 1e-6)
        GradientClipping.clipValue([a, b], limit: 0.7)
        XCTAssertEqual(b.gradient!.item(), 0.7, accuracy: 1e-12)
    }

    func testSchedules() {
        XCTAssertEqual(StepDecay(base: 1, stepSize: 10, gamma: 0.5).learningRate(at: 25), 0.25)
        XCTAssertEqual(ExponentialDecay(base: 2, gamma: 0.5).learningRate(at: 3), 0.25)
        let cosine = CosineWithWarmup(base: 1, totalSteps: 110, warmupSteps: 10)
        XCTAssertEqual(cosine.learningRate(at: 4), 0.5, accuracy: 1e-12)
        XCTAssertEqual(cosine.learningRate(at: 60), 0.5, accuracy: 1e-12)
        XCTAssertEqual(cosine.learningRate(at: 110), 0, accuracy: 1e-12)
        var plateau = ReduceOnPlateau(learningRate: 1, factor: 0.5, patience: 2)
        for loss in [1.0, 0.9, 0.9, 0.9, 0.9] { plateau.report(loss) }
        XCTAssertEqual(plateau.learningRate, 0.5)
    }

    /// Two well-separated Gaussian blobs in 5-D: the tuned probe separates them with a penalty from its default grid.
    func testLogisticProbeSeparatesBlobsAndTunesItsPenalty() {
        var g = RandomGenerator(seed: 11)
        let n = 400
        let labels = Tensor.randomIntegers([n], high: 2, using: &g)
        let centers = labels.cast(to: .float64).unsqueezed(axis: 1) * 3 - 1.5
        let features = Tensor.normal([n, 5], dtype: .float64, using: &g) + centers
        var probe = LogisticProbe(classes: 2)
        let penalty = probe.fitTuningPenalty(features: features, labels: labels, using: &g)
        XCTAssertTrue(LogisticProbe.defaultPenalties(rows: n).contains(penalty))
        XCTAssertGreaterThan(probe.accuracy(features: features, labels: labels), 0.97)
    }
}
