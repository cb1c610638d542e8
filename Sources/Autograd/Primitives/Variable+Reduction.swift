import Tensor

/// Reductions. `axes: nil` reduces everything; `keepDims` keeps reduced axes with size 1.
extension Variable {
    /// Σ over `axes`; ∂ = g broadcast back over the reduced axes.
    public func sum(axes: [Int]? = nil, keepDims: Bool = false) -> Variable {
        let inputShape = shape
        let kept = value.sum(axes: axes, keepDims: true)
        let result = keepDims ? kept : kept.reshaped(reducedShape(axes, keepDims: false))
        return Variable.record("sum", result, self) { b in
            [b.gradient.reshaped(kept.shape).expanded(to: inputShape)]
        }
    }

    /// This value's shape after reducing `axes` (all when nil).
    func reducedShape(_ axes: [Int]?, keepDims: Bool) -> [Int] {
        let resolved = Set((axes ?? Array(0..<rank)).map { Layout.normalizeAxis($0, shape: shape, op: "reduce") })
        return keepDims
            ? shape.enumerated().map { resolved.contains($0.offset) ? 1 : $0.element }
            : shape.enumerated().filter { !resolved.contains($0.offset) }.map(\.element)
    }

    /// Σ over one axis.
    public func sum(axis: Int, keepDims: Bool = false) -> Variable { sum(axes: [axis], keepDims: keepDims) }

    /// Mean over `axes`.
    public func mean(axes: [Int]? = nil, keepDims: Bool = false) -> Variable {
        let n = reducedCount(axes, op: "mean")
        return sum(axes: axes, keepDims: keepDims) * (1 / Double(n))
    }

    /// Mean over one axis.
    public func mean(axis: Int, keepDims: Bool = false) -> Variable { mean(axes: [axis], keepDims: keepDims) }

    /// How many elements a reduction over `axes` combines (an axis named twice, e.g. `[1, -2]` at rank 3, counts once,
    /// as in `Tensor`'s reductions).
    private func reducedCount(_ axes: [Int]?, op: String) -> Int {
        guard let axes else { return count }
        return Set(axes.map { Layout.normalizeAxis($0, shape: shape, op: op) }).reduce(1) { $0 * shape[$1] }
    }

    /// The sum of this value's elements over the axes along which `shape` is broadcast to this value's shape
    /// (the adjoint of `expanded(to:)`); ∂ = g expanded back.
    public func summed(toShape target: [Int]) -> Variable {
        if target == shape { return self }
        precondition(
            Layout.broadcastShape(target, shape) == shape,
            "summed(toShape:): \(target) does not broadcast to \(shape)")
        let lead = rank - target.count
        var axes = Array(0..<lead)
        for (i, size) in target.enumerated() where size == 1 && shape[lead + i] != 1 { axes.append(lead + i) }
        let inputShape = shape
        let reducedValue = value.sum(axes: axes, keepDims: true).reshaped(target)
        return Variable.record("sumToShape", reducedValue, self) { b in [b.gradient.expanded(to: inputShape)] }
    }

    /// Largest element over `axes`; the gradient is shared equally among the elements that attain it.
    public func max(axes: [Int]? = nil, keepDims: Bool = false) -> Variable {
        extremum(value.max(axes: axes, keepDims: true), axes: axes, keepDims: keepDims, name: "max")
    }

    /// Smallest element over `axes`; the gradient is shared equally among the elements that attain it.
    public func min(axes: [Int]? = nil, keepDims: Bool = false) -> Variable {
        extremum(value.min(axes: axes, keepDims: true), axes: axes, keepDims: keepDims, name: "min")
    }

    private func extremum(_ kept: Tensor, axes: [Int]?, keepDims: Bool, name: String) -> Variable {
        let keptShape = kept.shape
        let result = keepDims ? kept : kept.reshaped(reducedShape(axes, keepDims: false))
        return Variable.record(name, result, self) { b in
            // The elements that attain the extremum share the gradient equally (a constant mask: zero curvature).
            let x = b.inputs[0].value
            let mask = x.compared(.equal, kept).cast(to: x.dtype)
            let share = mask / mask.sum(axes: axes, keepDims: true)
            return [b.gradient.reshaped(keptShape) * Variable(share)]
        }
    }

    /// log Σ exp over `axes` (stable); ∂ = g·softmax(x).
    public func logSumExp(axes: [Int]? = nil, keepDims: Bool = false) -> Variable {
        let kept = value.logSumExp(axes: axes, keepDims: true)
        let keptShape = kept.shape
        let result = keepDims ? kept : kept.reshaped(reducedShape(axes, keepDims: false))
        return Variable.record("logSumExp", result, self) { b in
            let y = b.result.reshaped(keptShape)
            return [b.gradient.reshaped(keptShape) * (b.inputs[0] - y).exp()]
        }
    }

    /// Π over `axes`; ∂/∂xᵢ = g·Π_{j≠i} xⱼ, the product of the other elements of xᵢ's slice.
    ///
    /// Without a zero in x that is g·y/x. With zeros (where y/x is 0/0) the rule takes the products of the others
    /// directly, as PyTorch does: one zero in a slice gets the product of the rest and every other element 0, two or
    /// more zeros give 0 everywhere. Both are written in differentiable ops, so higher orders are exact at zeros too.
    public func product(axes: [Int]? = nil, keepDims: Bool = false) -> Variable {
        let keptShape = reducedShape(axes, keepDims: true)
        return Variable.record("product", value.product(axes: axes, keepDims: keepDims), self) { b in
            let x = b.inputs[0]
            let g = b.gradient.reshaped(keptShape)
            let zeros = x.value.compared(.equal, scalar: 0).cast(to: x.dtype).sum().item()
            if zeros == 0 { return [g * b.result.reshaped(keptShape) / x] }
            return [g * x.productsOfTheOthers(axes: axes)]
        }
    }

    /// Π_{j≠i} xⱼ over the slice of each element i along `axes`, shaped like x: the product along the last axis of a
    /// `[M, n, n]` stack whose row i is the slice with xᵢ replaced by 1 (n slice elements, M slices). It costs n
    /// times the memory of x, so `product`'s rule takes it only when x holds a zero.
    private func productsOfTheOthers(axes: [Int]?) -> Variable {
        let reduced = Set((axes ?? Array(0..<rank)).map { Layout.normalizeAxis($0, rank: rank, op: "product") })
        let order = (0..<rank).filter { !reduced.contains($0) } + reduced.sorted()
        let sliced = permuted(order)
        let n = reduced.reduce(1) { $0 * shape[$1] }
        let m = count / Swift.max(n, 1)
        let identity = Tensor.eye(n, dtype: dtype)
        let rows = sliced.reshaped([m, 1, n]).expanded(to: [m, n, n])
        let others = rows * Variable(1 - identity) + Variable(identity)
        var inverse = [Int](repeating: 0, count: rank)
        for (position, axis) in order.enumerated() { inverse[axis] = position }
        return others.product(axes: [2]).reshaped(sliced.shape).permuted(inverse)
    }

    /// Variance over `axes` with `correction` (1: unbiased, 0: population).
    public func variance(axes: [Int]? = nil, correction: Int = 1, keepDims: Bool = false) -> Variable {
        let n = reducedCount(axes, op: "variance")
        let centered = self - mean(axes: axes, keepDims: true)
        return centered.square().sum(axes: axes, keepDims: keepDims) * (1 / Double(Swift.max(n - correction, 0)))
    }

    /// Standard deviation over `axes`.
    public func standardDeviation(axes: [Int]? = nil, correction: Int = 1, keepDims: Bool = false) -> Variable {
        variance(axes: axes, correction: correction, keepDims: keepDims).sqrt()
    }

    /// The p-norm over `axes` (2 by default): (Σ|x|^p)^{1/p}. Where a norm is 0 its gradient is taken as 0 (the
    /// subgradient PyTorch uses), for every p ≥ 1.
    public func norm(_ p: Double = 2, axes: [Int]? = nil, keepDims: Bool = false) -> Variable {
        switch p {
        case 2: return square().sum(axes: axes, keepDims: keepDims).rootWithZeroSubgradient { $0.sqrt() }
        case 1: return abs().sum(axes: axes, keepDims: keepDims)
        case .infinity: return abs().max(axes: axes, keepDims: keepDims)
        default: return abs().pow(p).sum(axes: axes, keepDims: keepDims).rootWithZeroSubgradient { $0.pow(1 / p) }
        }
    }

    /// root(s) for s ≥ 0 and a root with root(1) = 1 whose derivative is infinite at 0 (√s, s^{1/p}), with gradient 0
    /// where s = 0: there it evaluates root(1) − 1 = 0 instead, so the derivative stays finite and the zero from the
    /// inner derivative (∂x² = 2x, ∂|x|^p) makes the gradient 0 instead of ∞·0 = NaN.
    func rootWithZeroSubgradient(_ root: (Variable) -> Variable) -> Variable {
        let atZero = Variable(value.compared(.equal, scalar: 0).cast(to: dtype))
        return root(self + atZero) - atZero
    }

    /// Running sum along `axis`; ∂ = the reversed running sum of g.
    public func cumulativeSum(axis: Int) -> Variable {
        Variable.record("cumulativeSum", value.cumulativeSum(axis: axis), self) { b in
            [b.gradient.flipped(axes: [axis]).cumulativeSum(axis: axis).flipped(axes: [axis])]
        }
    }
}
