import Autograd
import Tensor

/// Matrix factorization for implicit or binary ratings: a user table P `[userCount, rank]` and an item table Q
/// `[itemCount, rank]`, the logit of user u on item i being z_ui = P_u·Q_i (the `MF` of the debiasing literature;
/// σ(z) is the predicted probability of a positive rating).
///
/// ```swift
/// let model = MatrixFactorization(userCount: 300, itemCount: 300, rank: 4, using: &generator)
/// let z = model.logits(users: users, items: items)   // [n] for int64 [n] index pairs
/// let all = model.allLogits()                        // [300, 300] = P·Qᵀ
/// ```
public final class MatrixFactorization: Module {
    public let users: Embedding
    public let items: Embedding

    /// Tables drawn from N(0, initialScale²) (small, so every σ(z) starts near ½).
    public init(
        userCount: Int, itemCount: Int, rank: Int, initialScale: Double = 0.1, dtype: DType = .float32,
        using generator: inout RandomGenerator
    ) {
        precondition(
            userCount > 0 && itemCount > 0 && rank > 0,
            "MatrixFactorization: needs positive counts and rank, got \(userCount) users, \(itemCount) items, rank \(rank)"
        )
        let initializer = Initializer.normal(standardDeviation: initialScale)
        users = Embedding(weight: initializer.make(shape: [userCount, rank], dtype: dtype, using: &generator))
        items = Embedding(weight: initializer.make(shape: [itemCount, rank], dtype: dtype, using: &generator))
        super.init()
    }

    public var userCount: Int { users.embeddingCount }
    public var itemCount: Int { items.embeddingCount }
    public var rank: Int { users.dimensions }

    /// z_k = P_{u_k}·Q_{i_k} for int64 index vectors `users` and `items` `[n]` → `[n]` (gathers; the tables'
    /// gradients are scatter-adds into the looked-up rows).
    public func logits(users userIndices: Tensor, items itemIndices: Tensor) -> Variable {
        precondition(
            userIndices.rank == 1 && userIndices.shape == itemIndices.shape,
            "MatrixFactorization.logits: users and items must be index vectors of one length, got "
                + "\(userIndices.shape) and \(itemIndices.shape)")
        return (users(userIndices) * items(itemIndices)).sum(axis: 1)
    }

    /// Every logit, P·Qᵀ `[userCount, itemCount]`.
    public func allLogits() -> Variable { users.weight.variable.matmul(items.weight.variable.transposed()) }
}
