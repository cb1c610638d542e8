import Autograd
import Layers
import Tensor
import TestSupport
import XCTest

/// Losses refuse shape pairs that broadcast into another meaning, and their errors name the loss (issue #11).
final class LossShapeTests: XCTestCase {
    func testAColumnPredictionAgainstAVectorTargetIsRefused() {
        let losses: [(String, (Variable, Variable) -> Variable)] = [
            ("meanSquaredError", { Loss.meanSquaredError($0, $1) }), ("l1", { Loss.l1($0, $1) }),
            ("huber", { Loss.huber($0, $1) }),
            ("binaryCrossEntropy", { Loss.binaryCrossEntropy(logits: $0, targets: $1) }),
        ]
        for (name, loss) in losses {
            expectFatalError(
                containing: "\(name): prediction [16, 1] and target [16] differ in shape; broadcasting would compare "
                    + "them as [16, 16]"
            ) {
                _ = loss(Variable(Tensor.zeros([16, 1])), Variable(Tensor.zeros([16])))
            }
        }
        expectFatalError(containing: "meanSquaredError: prediction [4] and target [4, 1] differ in shape") {
            _ = Loss.meanSquaredError(Variable(Tensor.zeros([4])), Variable(Tensor.zeros([4, 1])))
        }
    }

    func testTargetsThatBroadcastOntoThePredictionAreAccepted() {
        let prediction = Variable(Tensor([1.0, 2, 3, 4], shape: [2, 2]))
        XCTAssertEqual(Loss.meanSquaredError(prediction, Variable(Tensor(scalar: 1.0))).item(), 3.5)
        XCTAssertEqual(Loss.l1(prediction, Variable(Tensor([1.0, 2], shape: [1, 2]))).item(), 1)
    }

    func testCrossEntropyLabelsOutOfRangeNameTheLossTheLabelAndTheClassCount() {
        let logits = Variable(Tensor.zeros([3, 10]))
        expectFatalError(containing: "crossEntropy: label 12 is out of range for 10 classes") {
            _ = Loss.crossEntropy(logits: logits, labels: Tensor([Int64(1), 12, 3]))
        }
        expectFatalError(containing: "crossEntropy: label -1 is out of range for 10 classes") {
            _ = Loss.crossEntropy(logits: logits, labels: Tensor([Int64(1), -1, 3]))
        }
        expectFatalError(containing: "negativeLogLikelihood: label 10 is out of range for 10 classes") {
            _ = Loss.negativeLogLikelihood(logProbabilities: logits, labels: Tensor([Int64(10), 0, 0]))
        }
    }

    func testAxisErrorsIncludeTheShape() {
        expectFatalError(containing: "sum: axis 2 is out of range for shape [3, 4] (rank 2)") {
            _ = Tensor.zeros([3, 4]).sum(axes: [2])
        }
        expectFatalError(containing: "axis -3 is out of range for shape [3, 4] (rank 2)") {
            _ = Variable(Tensor.zeros([3, 4])).sum(axes: [-3])
        }
    }
}
