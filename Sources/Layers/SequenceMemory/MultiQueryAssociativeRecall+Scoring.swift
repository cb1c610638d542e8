import Autograd
import Tensor

extension MultiQueryAssociativeRecall {
    /// The logits at the query positions: logits [B, T, V], queryPositions [B, P] → [B·P, V].
    public static func queryLogits(_ logits: Variable, queryPositions: Tensor) -> Variable {
        precondition(
            logits.rank == 3 && queryPositions.rank == 2 && queryPositions.shape[0] == logits.shape[0],
            "MultiQueryAssociativeRecall.queryLogits: logits \(logits.shape), query positions \(queryPositions.shape)")
        let (batch, pairs, vocabulary) = (logits.shape[0], queryPositions.shape[1], logits.shape[2])
        let index = queryPositions.unsqueezed(axis: -1).expanded(to: [batch, pairs, vocabulary])
        return logits.gathered(axis: 1, indices: index).reshaped([batch * pairs, vocabulary])
    }

    /// Mean cross-entropy of the answers at the query positions.
    public static func loss(_ logits: Variable, queryPositions: Tensor, answers: Tensor) -> Variable {
        Loss.crossEntropy(logits: queryLogits(logits, queryPositions: queryPositions), labels: answers.flattened())
    }

    /// The fraction of queries whose arg-max logit is the answer.
    public static func recall(_ logits: Tensor, queryPositions: Tensor, answers: Tensor) -> Double {
        let picked = queryLogits(Variable(logits), queryPositions: queryPositions).value
        let predicted = picked.argmax(axis: 1)
        return predicted.compared(.equal, answers.flattened()).cast(to: .float64).mean().item()
    }
}
