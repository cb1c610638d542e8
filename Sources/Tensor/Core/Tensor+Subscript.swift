/// One entry of a subscript: `x[0, 1..<3, TensorIndex.all, TensorIndex.stride(0, nil, 2)]`.
public enum TensorIndex: Sendable {
    /// One position; the axis is removed. Negative counts from the end.
    case at(Int)
    /// Positions `start, start + step, …` before `end` (nil bounds mean the ends); the axis is kept.
    case stride(Int?, Int?, Int)
    /// The whole axis.
    case all
    /// A new axis of size 1.
    case newAxis
}

/// Anything usable inside a tensor subscript: `Int`, the `Int` ranges, or a `TensorIndex`.
public protocol TensorIndexExpression { var tensorIndex: TensorIndex { get } }

extension TensorIndex: TensorIndexExpression { public var tensorIndex: TensorIndex { self } }
extension Int: TensorIndexExpression { public var tensorIndex: TensorIndex { .at(self) } }
extension Range: TensorIndexExpression where Bound == Int {
    public var tensorIndex: TensorIndex { .stride(lowerBound, upperBound, 1) }
}
extension ClosedRange: TensorIndexExpression where Bound == Int {
    /// An upper bound of -1 is the last element, so the exclusive end is the end of the axis (not 0).
    public var tensorIndex: TensorIndex { .stride(lowerBound, upperBound == -1 ? nil : upperBound + 1, 1) }
}
extension PartialRangeFrom: TensorIndexExpression where Bound == Int {
    public var tensorIndex: TensorIndex { .stride(lowerBound, nil, 1) }
}
extension PartialRangeUpTo: TensorIndexExpression where Bound == Int {
    public var tensorIndex: TensorIndex { .stride(nil, upperBound, 1) }
}
extension PartialRangeThrough: TensorIndexExpression where Bound == Int {
    public var tensorIndex: TensorIndex { .stride(nil, upperBound == -1 ? nil : upperBound + 1, 1) }
}

extension Tensor {
    /// A view selected by indices applied to the leading axes (NumPy basic indexing, no copy).
    public subscript(_ indices: any TensorIndexExpression...) -> Tensor { self[indices.map(\.tensorIndex)] }

    /// A view selected by indices applied to the leading axes (NumPy basic indexing, no copy).
    public subscript(_ indices: [TensorIndex]) -> Tensor {
        let consumed = indices.filter { if case .newAxis = $0 { false } else { true } }.count
        precondition(consumed <= rank, "subscript: \(consumed) indices for a tensor of shape \(shape)")
        var result = self
        var axis = 0
        var inputAxis = 0  // the axis of `self` that the index applies to, for messages
        for index in indices {
            switch index {
            case .at(let i):
                precondition(
                    i >= -result.shape[axis] && i < result.shape[axis],
                    "subscript: index \(i) is out of bounds for axis \(inputAxis) of shape \(shape)")
                result = result.selected(axis: axis, index: i)
                inputAxis += 1
            case .stride(let start, let end, let step):
                result = result.sliced(axis: axis, start: start ?? 0, end: end, step: step)
                axis += 1
                inputAxis += 1
            case .all:
                axis += 1
                inputAxis += 1
            case .newAxis:
                result = result.unsqueezed(axis: axis)
                axis += 1
            }
        }
        return result
    }
}
