import Tensor

/// The fused update loop the optimizers share: for each parameter, a fresh copy of its value and its state slots
/// are walked once together, in place, so a step reads and writes each element once.
enum ElementwiseUpdate {
    /// Calls `body(p, g, slots, count)` with contiguous buffers: `p` is a fresh copy of `value` to update in place,
    /// `g` the gradient, `slots` the named state tensors (created as zeros when missing). Returns the new value.
    static func run<T: FloatElement>(
        _: T.Type, value: Tensor, gradient: Tensor, slots: inout [String: Tensor], names: [String],
        _ body: (UnsafeMutablePointer<T>, UnsafePointer<T>, [UnsafeMutablePointer<T>], Int) -> Void
    ) -> Tensor {
        precondition(
            gradient.shape == value.shape && gradient.dtype == value.dtype,
            "optimizer: gradient \(gradient.shape) \(gradient.dtype) for a parameter \(value.shape) \(value.dtype)")
        var states = names.map { slots[$0] ?? Tensor.zeros(value.shape, dtype: value.dtype) }
        for name in names { slots[name] = nil }  // drop our references so the buffers are uniquely owned
        var updated = value.copied()
        let n = value.count
        updated.withMutableElements(as: T.self) { p in
            gradient.withContiguousElements(as: T.self) { g in
                withMutableBuffers(&states, T.self, index: 0, collected: []) { buffers in
                    body(p.baseAddress!, g.baseAddress!, buffers, n)
                }
            }
        }
        for (name, state) in zip(names, states) { slots[name] = state }
        return updated
    }

    /// Opens `states[index...]` for writing, one after another, then calls `body` with all their pointers.
    private static func withMutableBuffers<T: FloatElement>(
        _ states: inout [Tensor], _: T.Type, index: Int, collected: [UnsafeMutablePointer<T>],
        _ body: ([UnsafeMutablePointer<T>]) -> Void
    ) {
        if index == states.count {
            body(collected)
            return
        }
        var state = states[index]
        states[index] = Tensor.zeros([], dtype: state.dtype)
        state.withMutableElements(as: T.self) { buffer in
            withMutableBuffers(&states, T.self, index: index + 1, collected: collected + [buffer.baseAddress!], body)
        }
        states[index] = state
    }
}
