import Autograd
import Tensor

/// A lookup table: int64 indices of any shape `[…]` → rows of the weight, `[…, dimensions]`.
///
/// y[i…] = W[index[i…]]; the weight `[embeddingCount, dimensions]` starts as N(0, 1) (PyTorch). The lookup is an
/// index-select, so the weight's gradient is the scatter-add of the output gradient into the looked-up rows
/// (rows looked up twice get both contributions; rows never looked up get zero).
///
/// ```swift
/// let embedding = Embedding(embeddingCount: 1000, dimensions: 64, using: &generator)
/// let vectors = embedding(Tensor([Int64(3), 14, 15], shape: [1, 3]))       // [1, 3, 64]
/// ```
public final class Embedding: Module, UnaryLayer {
    /// `[embeddingCount, dimensions]`.
    public let weight: Parameter

    /// A table with the given weight `[embeddingCount, dimensions]`.
    public init(weight: Tensor) {
        precondition(weight.rank == 2, "Embedding: weight must be [embeddingCount, dimensions], got \(weight.shape)")
        self.weight = Parameter(weight)
        super.init()
    }

    /// A table of `embeddingCount` vectors of `dimensions`, drawn from N(0, 1).
    public convenience init(
        embeddingCount: Int, dimensions: Int, dtype: DType = .float32, using generator: inout RandomGenerator
    ) {
        self.init(
            weight: Initializer.normal(standardDeviation: 1).make(
                shape: [embeddingCount, dimensions], dtype: dtype, using: &generator))
    }

    public var embeddingCount: Int { weight.shape[0] }
    public var dimensions: Int { weight.shape[1] }

    /// int64 `indices` `[…]` → `[…, dimensions]`.
    public func callAsFunction(_ indices: Tensor) -> Variable { callAsFunction(indices, weight: weight.variable) }

    /// The indices held by `x` (an int64 constant, for `Sequential`) → `[…, dimensions]`.
    public func callAsFunction(_ x: Variable) -> Variable { callAsFunction(x.value) }

    /// The lookup in the given table in place of the stored one (functional use).
    public func callAsFunction(_ indices: Tensor, weight: Variable) -> Variable {
        precondition(
            indices.dtype == .int64, "Embedding: indices must be int64, got \(indices.dtype) of shape \(indices.shape)")
        precondition(weight.rank == 2, "Embedding: weight must be [embeddingCount, dimensions], got \(weight.shape)")
        let rows = weight.shape[0]
        if let bad = indices.scalars(as: Int64.self).first(where: { $0 < 0 || $0 >= rows }) {
            preconditionFailure(
                "Embedding: index \(bad) in indices of shape \(indices.shape) is outside 0..<\(rows) "
                    + "(weight \(weight.shape))")
        }
        return weight.indexSelected(axis: 0, indices: indices.reshaped([-1])).reshaped(
            indices.shape + [weight.shape[1]])
    }
}
