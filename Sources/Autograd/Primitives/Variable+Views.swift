import Tensor

/// Views. Bijective views (reshape, permute, flip, squeeze) pull back through their inverse view; selecting
/// views (slice, select, diagonal) pull back by writing the gradient into zeros of the input's shape, an op whose
/// own pullback is the view again.
extension Variable {
    /// The same elements with a new shape (-1 inferred); ∂ = g reshaped back.
    public func reshaped(_ newShape: [Int]) -> Variable {
        let inputShape = shape
        let result = value.reshaped(newShape)
        if result.shape == inputShape { return self }
        return Variable.record("reshaped", result, self) { b in [b.gradient.reshaped(inputShape)] }
    }

    /// Flattened to 1-D.
    public func flattened() -> Variable { reshaped([-1]) }

    /// Axes reordered; ∂ = g permuted by the inverse.
    public func permuted(_ axes: [Int]) -> Variable {
        let result = value.permuted(axes)
        var inverse = [Int](repeating: 0, count: axes.count)
        for (i, a) in axes.enumerated() { inverse[Layout.normalizeAxis(a, shape: shape, op: "permuted")] = i }
        return Variable.record("permuted", result, self) { b in [b.gradient.permuted(inverse)] }
    }

    /// Two axes swapped (by default the last two).
    public func transposed(_ axis0: Int = -2, _ axis1: Int = -1) -> Variable {
        if rank < 2 { return self }
        var order = Array(0..<rank)
        order.swapAt(
            Layout.normalizeAxis(axis0, shape: shape, op: "transposed"),
            Layout.normalizeAxis(axis1, shape: shape, op: "transposed"))
        return permuted(order)
    }

    /// Reversed along `axes`; ∂ = g reversed.
    public func flipped(axes: [Int]) -> Variable {
        Variable.record("flipped", value.flipped(axes: axes), self) { b in [b.gradient.flipped(axes: axes)] }
    }

    /// A size-1 axis inserted at `axis`.
    public func unsqueezed(axis: Int) -> Variable { reshaped(value.unsqueezed(axis: axis).shape) }

    /// Size-1 axes removed (all, or just `axis`).
    public func squeezed(axis: Int? = nil) -> Variable { reshaped(value.squeezed(axis: axis).shape) }

    /// Broadcast to `target` (stride 0, no copy); ∂ = g summed back to this shape.
    public func expanded(to target: [Int]) -> Variable {
        if target == shape { return self }
        let inputShape = shape
        return Variable.record("expanded", value.expanded(to: target), self) { b in
            [b.gradient.summed(toShape: inputShape)]
        }
    }

    /// A view chosen by a layout transform (`select` must address a part of its argument without copying);
    /// ∂ = zeros of this shape with g written into the selected part.
    func viewed(_ name: String, _ select: @escaping (Tensor) -> Tensor) -> Variable {
        let inputShape = shape
        return Variable.record(name, select(value), self) { b in
            [b.gradient.scattered(intoShape: inputShape, name: name, select)]
        }
    }

    /// Zeros of `targetShape` with this value written into the view `select` (the adjoint of `viewed`);
    /// ∂ = the selected part of g.
    func scattered(intoShape targetShape: [Int], name: String, _ select: @escaping (Tensor) -> Tensor)
        -> Variable
    {
        let result = Tensor.zeros(targetShape, dtype: dtype, updatedAt: select, with: value)
        return Variable.record("\(name)ᵀ", result, self) { b in [b.gradient.viewed(name, select)] }
    }

    /// Elements `start, start + step, …` before `end` along `axis`.
    public func sliced(axis: Int, start: Int = 0, end: Int? = nil, step: Int = 1) -> Variable {
        viewed("sliced") { $0.sliced(axis: axis, start: start, end: end, step: step) }
    }

    /// `length` elements from `start` along `axis`.
    public func narrowed(axis: Int, start: Int, length: Int) -> Variable {
        viewed("narrowed") { $0.narrowed(axis: axis, start: start, length: length) }
    }

    /// The sub-tensor at `index` along `axis`, that axis removed.
    public func selected(axis: Int, index: Int) -> Variable {
        viewed("selected") { $0.selected(axis: axis, index: index) }
    }

    /// The diagonal over two axes, moved last.
    public func diagonal(offset: Int = 0, axis0: Int = -2, axis1: Int = -1) -> Variable {
        viewed("diagonal") { $0.diagonal(offset: offset, axis0: axis0, axis1: axis1) }
    }

    /// A view selected by indices on the leading axes (see `Tensor` subscripts).
    public subscript(_ indices: any TensorIndexExpression...) -> Variable {
        let resolved = indices.map(\.tensorIndex)
        return viewed("subscript") { $0[resolved] }
    }
}
