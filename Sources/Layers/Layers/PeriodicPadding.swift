import Autograd
import Tensor

extension Variable {
    /// The last axis extended periodically (PyTorch's `padding_mode="circular"`): `[…, L]` →
    /// `[…, before + L + after]` holding x[L − before ..< L], x, x[0 ..< after]. For convolutions over periodic
    /// domains (a Lorenz-96 ring, a periodic grid); `before` and `after` are at most L.
    public func periodicallyPadded(before: Int, after: Int) -> Variable {
        let length = shape.last ?? 0
        precondition(
            rank >= 1 && (0...length).contains(before) && (0...length).contains(after),
            "periodicallyPadded: padding (\(before), \(after)) for shape \(shape) needs 0 ≤ padding ≤ \(length)")
        var parts: [Variable] = []
        if before > 0 { parts.append(narrowed(axis: -1, start: length - before, length: before)) }
        parts.append(self)
        if after > 0 { parts.append(narrowed(axis: -1, start: 0, length: after)) }
        return parts.count == 1 ? self : Variable.concatenated(parts, axis: -1)
    }
}
