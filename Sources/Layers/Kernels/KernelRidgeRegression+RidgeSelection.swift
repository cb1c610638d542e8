import Tensor

extension KernelRidgeRegression {
    /// The ridge among `candidates` whose model predicts held-out points best: the smallest mean squared
    /// leave-one-out residual (`leaveOneOutError`), with that error. One eigendecomposition serves every candidate,
    /// so a grid costs one matrix product per ridge. Ties go to the earlier candidate.
    public func leaveOneOutSelection(_ targets: Tensor, candidates: [Double]) -> (ridge: Double, error: Double) {
        precondition(!candidates.isEmpty, "KernelRidgeRegression.leaveOneOutSelection: no candidate ridges")
        var best = (ridge: candidates[0], error: Double.infinity)
        for ridge in candidates {
            let error = leaveOneOutError(targets, ridge: ridge)
            if error < best.error { best = (ridge, error) }
        }
        return best
    }
}
