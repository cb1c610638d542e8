/// Joining tensors: concatenation along an existing axis and stacking along a new one.
extension Tensor {
    /// The tensors joined end to end along `axis` (a fresh contiguous tensor).
    ///
    /// All tensors have one dtype and one rank and agree in every dimension but `axis`, whose sizes add up:
    /// `[2, 3]` and `[4, 3]` along axis 0 give `[6, 3]`; along axis 1, `[2, 3]` and `[2, 1]` give `[2, 4]`.
    /// A negative `axis` counts from the end. Inputs may have any layout.
    public static func concatenated(_ tensors: [Tensor], axis: Int = 0) -> Tensor {
        if let problem = concatenationProblem(tensors, axis: axis) { preconditionFailure(problem) }
        let first = tensors[0]
        let joinAxis = axis < 0 ? axis + first.rank : axis
        var shape = first.shape
        shape[joinAxis] = tensors.reduce(0) { $0 + $1.shape[joinAxis] }
        let result = Tensor(uninitializedShape: shape, dtype: first.dtype)
        var start = 0
        for tensor in tensors {
            let length = tensor.shape[joinAxis]
            StridedCopy.copy(tensor, into: result.narrowed(axis: joinAxis, start: start, length: length))
            start += length
        }
        return result
    }

    /// The tensors, which all have one shape and dtype, stacked along a new axis at `axis` (a fresh contiguous
    /// tensor).
    ///
    /// `n` tensors of shape `[a, b]` give `[n, a, b]` for axis 0, `[a, n, b]` for axis 1 and `[a, b, n]` for axis 2
    /// (or -1). `axis` ranges over `-(rank + 1)...rank`.
    public static func stacked(_ tensors: [Tensor], axis: Int = 0) -> Tensor {
        if let problem = stackingProblem(tensors, axis: axis) { preconditionFailure(problem) }
        return concatenated(tensors.map { $0.unsqueezed(axis: axis) }, axis: axis)
    }

    /// Why `tensors` cannot be concatenated along `axis`, or nil when they can.
    static func concatenationProblem(_ tensors: [Tensor], axis: Int) -> String? {
        guard let first = tensors.first else { return "concatenated: needs at least one tensor" }
        guard first.rank > 0 else { return "concatenated: cannot join scalars (shape []); use stacked" }
        let joinAxis = axis < 0 ? axis + first.rank : axis
        guard joinAxis >= 0 && joinAxis < first.rank else {
            return "concatenated: axis \(axis) is out of range for rank \(first.rank)"
        }
        for (position, tensor) in tensors.enumerated().dropFirst() {
            if tensor.dtype != first.dtype {
                return "concatenated: tensor \(position) is \(tensor.dtype) but tensor 0 is \(first.dtype)"
            }
            let sameOffAxis =
                tensor.rank == first.rank
                && (0..<first.rank).allSatisfy { $0 == joinAxis || tensor.shape[$0] == first.shape[$0] }
            if !sameOffAxis {
                return
                    "concatenated: tensor \(position) has shape \(tensor.shape) but tensor 0 has \(first.shape); "
                    + "they may differ only along axis \(axis)"
            }
        }
        return nil
    }

    /// Why `tensors` cannot be stacked along `axis`, or nil when they can.
    static func stackingProblem(_ tensors: [Tensor], axis: Int) -> String? {
        guard let first = tensors.first else { return "stacked: needs at least one tensor" }
        guard axis >= -(first.rank + 1) && axis <= first.rank else {
            return "stacked: axis \(axis) is out of range for stacking tensors of rank \(first.rank)"
        }
        for (position, tensor) in tensors.enumerated().dropFirst() {
            if tensor.dtype != first.dtype {
                return "stacked: tensor \(position) is \(tensor.dtype) but tensor 0 is \(first.dtype)"
            }
            if tensor.shape != first.shape {
                return "stacked: tensor \(position) has shape \(tensor.shape) but tensor 0 has \(first.shape)"
            }
        }
        return nil
    }
}
