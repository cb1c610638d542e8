import Tensor

/// The fused update loop the optimizers share: for each parameter, its value, gradient and state slots are walked
/// once together and the new value written to a fresh tensor, so a step reads and writes each element once.
enum ElementwiseUpdate {
    /// Calls `body(updated, value, gradient, slots, count)` on contiguous buffers: `value` the parameter `θ`,
    /// `gradient` its gradient, `slots` the named state tensors (created as zeros when missing) to update in place,
    /// and `updated` the new `θ` to write, every element of it. Returns the new value.
    ///
    /// The elements are split into chunks over the cores when `count · cost` reaches `Parallel.threshold`, and
    /// `body` is called once per chunk with the pointers advanced to it: it must treat element `j` on its own.
    /// `cost` is the update's weight per element in additions (as `Parallel.forEachChunk`'s).
    static func run<T: FloatElement>(
        _: T.Type, value: Tensor, gradient: Tensor, slots: inout [String: Tensor], names: [String], cost: Int,
        _ body: (UnsafeMutablePointer<T>, UnsafePointer<T>, UnsafePointer<T>, [UnsafeMutablePointer<T>], Int) -> Void
    ) -> Tensor {
        precondition(
            gradient.shape == value.shape && gradient.dtype == value.dtype,
            "optimizer: gradient \(gradient.shape) \(gradient.dtype) for a parameter \(value.shape) \(value.dtype)")
        var states = names.map { slots[$0] ?? Tensor.zeros(value.shape, dtype: value.dtype) }
        for name in names { slots[name] = nil }  // drop our references so the buffers are uniquely owned
        let n = value.count
        let updated = Tensor(unsafeUninitializedShape: value.shape, as: T.self) { updated in
            value.withContiguousElements(as: T.self) { theta in
                gradient.withContiguousElements(as: T.self) { g in
                    withMutableBuffers(&states, T.self, index: 0, collected: []) { buffers in
                        let job = UnsafeSendable((updated.baseAddress!, theta.baseAddress!, g.baseAddress!, buffers))
                        Parallel.forEachChunk(count: n, cost: cost) { range in
                            let (updated, theta, g, buffers) = job.value
                            let start = range.lowerBound
                            body(updated + start, theta + start, g + start, buffers.map { $0 + start }, range.count)
                        }
                    }
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
