import Autograd
import Layers
import Tensor
import TestSupport
import XCTest

/// Every loss against values computed by hand from its definition (the same definitions as PyTorch's
/// `l1_loss`, `huber_loss`, `nll_loss`, `cross_entropy(label_smoothing:)`, `binary_cross_entropy_with_logits`; the
/// numbers below come from those formulas in Python's float64 `math`), for each reduction, on a non-contiguous
/// prediction where the shapes allow it.
final class LossValueTests: XCTestCase {
    private let tolerance = 1e-13
    /// ŷ = (0.5, −1.2, 2, 3.5) stored reversed (negative stride), y = (0, −1, 0.5, 1): r = (0.5, −0.2, 1.5, 2.5).
    private let prediction = Variable(Tensor.f64([3.5, 2, -1.2, 0.5], [4]).flipped(axes: [0]))
    private let target = Variable(Tensor.f64([0, -1, 0.5, 1], [4]))

    private func assertValue(_ loss: Variable, _ expected: [Double], shape: [Int] = [], _ label: String) {
        assertClose(
            loss.value, expected, shape: shape, relativeTolerance: tolerance, absoluteTolerance: tolerance, label)
    }

    func testL1() {
        assertValue(Loss.l1(prediction, target), [1.175], "mean |r|")
        assertValue(Loss.l1(prediction, target, reduction: .sum), [4.7], "Σ|r|")
        assertValue(Loss.l1(prediction, target, reduction: .none), [0.5, 0.2, 1.5, 2.5], shape: [4], "|r|")
    }

    /// ½r² for |r| ≤ δ, δ(|r| − ½δ) beyond: δ = 1 puts two residuals on each side, δ = 2 one beyond.
    func testHuber() {
        assertValue(Loss.huber(prediction, target), [0.78625], "δ = 1, mean")
        assertValue(Loss.huber(prediction, target, reduction: .sum), [3.145], "δ = 1, sum")
        assertValue(
            Loss.huber(prediction, target, delta: 2, reduction: .none), [0.125, 0.02, 1.125, 3.0], shape: [4],
            "δ = 2, none")
        assertValue(Loss.huber(prediction, target, delta: 2), [1.0675], "δ = 2, mean")
    }

    private let logits = Variable(Tensor.f64([1, -0.3, 2, 0, 0.5, 1.5], [3, 2]).transposed())  // [2, 3], a view
    private let labels = Tensor([2, 0] as [Int64], shape: [2])

    /// −log softmax(z)[label] per sample: rows (1, 2, 0.5) with label 2 and (−0.3, 0, 1.5) with label 0.
    func testNegativeLogLikelihoodAndCrossEntropy() {
        let perSample = [1.964368784107945, 2.1281729269776513]
        let logProbabilities = logits.logSoftmax(axis: 1)
        assertValue(
            Loss.negativeLogLikelihood(logProbabilities: logProbabilities, labels: labels), [2.046270855542798],
            "nll, mean")
        assertValue(
            Loss.negativeLogLikelihood(logProbabilities: logProbabilities, labels: labels, reduction: .none),
            perSample, shape: [2], "nll, none")
        assertValue(Loss.crossEntropy(logits: logits, labels: labels), [2.046270855542798], "cross-entropy")
    }

    /// Label smoothing ε = 0.1: (1 − ε)·(−log p_label) + ε·mean_c(−log p_c), PyTorch's definition.
    func testCrossEntropyWithLabelSmoothing() {
        assertValue(
            Loss.crossEntropy(logits: logits, labels: labels, labelSmoothing: 0.1), [1.9779375222094648],
            "ε = 0.1, mean")
        assertValue(
            Loss.crossEntropy(logits: logits, labels: labels, labelSmoothing: 0.1, reduction: .none),
            [1.8977021174412783, 2.0581729269776514], shape: [2], "ε = 0.1, none")
    }

    /// softplus(z) − y·z, which equals −(y log σ(z) + (1 − y) log(1 − σ(z))) (checked both ways in Python).
    func testBinaryCrossEntropy() {
        let z = Variable(Tensor.f64([3, 0.5, -2], [3]).flipped(axes: [0]))
        let y = Variable(Tensor.f64([0, 1, 0.25], [3]))
        assertValue(Loss.binaryCrossEntropy(logits: z, targets: y), [0.9665307822656071], "mean")
        assertValue(
            Loss.binaryCrossEntropy(logits: z, targets: y, reduction: .none),
            [0.1269280110429725, 0.4740769841801067, 2.298587351573742], shape: [3], "none")
    }

    /// ‖ŷᵢ − yᵢ‖/‖yᵢ‖ per sample: 0.5/2.5 = 0.2 and √1.25/√5 = 0.5; summed by default (the FNO convention).
    func testRelativeL2() {
        let p = Variable(Tensor.f64([1, 0.5, 2, -1], [2, 2]).transposed())  // [[1, 2], [0.5, −1]]
        let t = Variable(Tensor.f64([1.5, 2, 1, -2], [2, 2]))
        assertValue(Loss.relativeL2(p, t), [0.7], "sum")
        assertValue(Loss.relativeL2(p, t, reduction: .mean), [0.35], "mean")
        assertValue(Loss.relativeL2(p, t, reduction: .none), [0.2, 0.5], shape: [2], "none")
    }
}
