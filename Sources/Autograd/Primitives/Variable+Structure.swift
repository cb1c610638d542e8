import Tensor

/// Joining, splitting, padding, gathering and scattering. Each pullback selects or scatters the gradient back
/// with differentiable ops (views, gather ↔ scatter-add), so higher orders work.
extension Variable {
    /// The variables joined along `axis`; ∂ of each input is its slice of g.
    public static func concatenated(_ parts: [Variable], axis: Int = 0) -> Variable {
        precondition(!parts.isEmpty, "concatenated: needs at least one variable")
        let value = Tensor.concatenated(parts.map(\.value), axis: axis)
        let a = Layout.normalizeAxis(axis, shape: value.shape, op: "concatenated")
        let sizes = parts.map { $0.shape[a] }
        return record("concatenated", value, parts) { b in
            var start = 0
            return sizes.enumerated().map { i, size in
                defer { start += size }
                return b.needs(i) ? b.gradient.narrowed(axis: a, start: start, length: size) : nil
            }
        }
    }

    /// The variables (all of one shape) stacked along a new `axis`.
    public static func stacked(_ parts: [Variable], axis: Int = 0) -> Variable {
        precondition(!parts.isEmpty, "stacked: needs at least one variable")
        let a = Layout.normalizeAxis(axis, rank: parts[0].rank + 1, op: "stacked")
        return concatenated(parts.map { $0.unsqueezed(axis: a) }, axis: a)
    }

    /// Pieces of `sizes` along `axis` (differentiable views).
    public func split(sizes: [Int], axis: Int = 0) -> [Variable] {
        let a = Layout.normalizeAxis(axis, shape: shape, op: "split")
        precondition(
            sizes.reduce(0, +) == shape[a],
            "split: sizes \(sizes) do not add up to \(shape[a]) (axis \(axis) of \(shape))")
        var start = 0
        return sizes.map { size in
            defer { start += size }
            return narrowed(axis: a, start: start, length: size)
        }
    }

    /// `count` equal pieces along `axis`.
    public func split(count: Int, axis: Int = 0) -> [Variable] {
        let a = Layout.normalizeAxis(axis, shape: shape, op: "split")
        precondition(
            count > 0 && shape[a] % count == 0, "split: axis \(axis) of \(shape) does not divide into \(count)")
        return split(sizes: [Int](repeating: shape[a] / count, count: count), axis: a)
    }

    /// Constant padding of the trailing axes (one `(before, after)` pair per axis, see `Tensor.padded`);
    /// ∂ = the interior of g.
    public func padded(_ widths: [(before: Int, after: Int)], value fill: Double = 0) -> Variable {
        let result = value.padded(widths, value: fill)
        let lead = rank - widths.count
        let inputShape = shape
        return Variable.record("padded", result, self) { b in
            var g = b.gradient
            for (i, width) in widths.enumerated() where width.before != 0 || width.after != 0 {
                g = g.narrowed(axis: lead + i, start: width.before, length: inputShape[lead + i])
            }
            return [g]
        }
    }

    /// `torch.gather`: out[…, i, …] = x[…, index[…, i, …], …] along `axis`; ∂ = scatter-add of g into zeros.
    public func gathered(axis: Int, indices: Tensor) -> Variable {
        let inputShape = shape
        return Variable.record("gathered", value.gathered(axis: axis, indices: indices), self) { b in
            [
                Variable(Tensor.zeros(inputShape, dtype: b.gradient.dtype)).scatterAdded(
                    axis: axis, indices: indices, source: b.gradient)
            ]
        }
    }

    /// self + the scattered-and-summed `source` (`torch.scatter_add`); ∂self = g, ∂source = gather of g.
    public func scatterAdded(axis: Int, indices: Tensor, source: Variable) -> Variable {
        let result = value.scatterAdded(axis: axis, indices: indices, source: source.value)
        return Variable.record("scatterAdded", result, self, source) { b in
            [b.needs(0) ? b.gradient : nil, b.needs(1) ? b.gradient.gathered(axis: axis, indices: indices) : nil]
        }
    }

    /// The entries at the 1-D int64 `indices` along `axis` (`torch.index_select`); ∂ = index-add of g.
    public func indexSelected(axis: Int, indices: Tensor) -> Variable {
        let a = Layout.normalizeAxis(axis, shape: shape, op: "indexSelected")
        precondition(indices.rank == 1, "indexSelected: indices must be 1-D, got shape \(indices.shape)")
        var resultShape = shape
        resultShape[a] = indices.count
        var indexShape = [Int](repeating: 1, count: rank)
        indexShape[a] = indices.count
        // The same selection as a gather with the index broadcast over the other axes.
        let expandedIndices = indices.reshaped(indexShape).expanded(to: resultShape).contiguous()
        return gathered(axis: a, indices: expandedIndices)
    }

    /// `torch.repeat` / `np.tile`: the tensor tiled `counts` times along each axis; ∂ = the sum of the tiles.
    public func repeated(_ counts: [Int]) -> Variable {
        precondition(counts.count >= rank, "repeated: \(counts.count) counts for rank \(rank)")
        let padded = reshaped([Int](repeating: 1, count: counts.count - rank) + shape)
        var tiledShape: [Int] = []
        var expandedShape: [Int] = []
        for (count, size) in zip(counts, padded.shape) {
            tiledShape += [1, size]
            expandedShape += [count, size]
        }
        return padded.reshaped(tiledShape).expanded(to: expandedShape).reshaped(
            zip(counts, padded.shape).map { $0 * $1 })
    }

    /// The lower triangle of the last two axes (above diagonal `offset` zeroed); ∂ = the same triangle of g.
    public func lowerTriangle(offset: Int = 0) -> Variable {
        let mask = Tensor.triangularMask(rows: shape[rank - 2], columns: shape[rank - 1], offset: offset, upper: false)
        return self * Variable(mask.cast(to: dtype))
    }

    /// The upper triangle of the last two axes (below diagonal `offset` zeroed); ∂ = the same triangle of g.
    public func upperTriangle(offset: Int = 0) -> Variable {
        let mask = Tensor.triangularMask(rows: shape[rank - 2], columns: shape[rank - 1], offset: offset, upper: true)
        return self * Variable(mask.cast(to: dtype))
    }
}
