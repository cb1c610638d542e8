extension Tensor {
    /// `function` applied to every element in one pass: `y[i] = f(x[i])`, a fresh contiguous tensor of the same
    /// shape and dtype (float32 or float64).
    ///
    /// The loop runs `f` inlined on `FastMathScalar` (FastMath's kernels for exp, log, tanh, erf, …), so it
    /// vectorizes; it is split across cores like the other elementwise kernels. A non-contiguous input is copied to
    /// a dense one first.
    @inlinable
    public func map<Function: ElementwiseFunction>(_ function: Function) -> Tensor {
        switch dtype {
        case .float32: map(function, Float.self)
        case .float64: map(function, Double.self)
        case .int64, .bool: preconditionFailure("map: expects a floating dtype, got \(dtype) (shape \(shape))")
        }
    }

    /// The loop of `map` for one element type.
    @inlinable
    func map<Function: ElementwiseFunction, T: FastMathElement>(_ function: Function, _: T.Type) -> Tensor {
        let source = contiguous()
        let result = Tensor(uninitializedShape: shape, strides: source.strides, dtype: dtype)
        let context = (UnsafePointer(source.basePointer(as: T.self)), result.basePointer(as: T.self), function)
        // cost 8: about one transcendental function per element, the weight `FastMath` kernels are split with.
        Parallel.forEachChunk(count: source.count, cost: 8, context: context) { range, context in
            let (x, y, f) = context
            for i in range { y[i] = f(FastMathScalar(x[i])).value }
        }
        return withExtendedLifetime(source) { result }
    }
}
