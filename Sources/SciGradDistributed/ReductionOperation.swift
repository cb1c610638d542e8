/// How `Communicator.allReduce` combines the ranks' tensors, element by element.
public enum ReductionOperation: Sendable {
    /// The sum over ranks (exact for int64; floating sums round like any sum, in an order MPI chooses).
    case sum
    /// The sum divided by the number of ranks (floating dtypes only).
    case mean
    /// The largest value over ranks.
    case maximum
}
