import Tensor

/// The fused update loop the optimizers share: for each parameter, its value, gradient and state slots are walked
/// once together and the new value written to a fresh tensor, so a step reads and writes each element once.
enum ElementwiseUpdate {
    /// Calls `body(updated, value, gradient, slots, count)` on contiguous buffers: `value` the parameter `θ`,
    /// `gradient` its gradient, `slots` the named state tensors (created as zeros when missing) to update in place,
    /// and `updated` the new `θ` to write, every element of it. Returns the new value.
    ///
    /// The elements are split into chunks over the cores when `count · cost` reaches `Parallel.threshold`, and
    /// `body` is called once per block of `blockBytes` of `updated` in a chunk (`claim`) with the pointers
    /// advanced to it: it must treat element `j` on its own.
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
                            let blockLength = blockBytes / MemoryLayout<T>.stride
                            var states = buffers
                            var start = range.lowerBound
                            while start < range.upperBound {
                                let block = start..<Swift.min(start + blockLength, range.upperBound)
                                claim(block, of: updated)
                                for k in states.indices { states[k] = buffers[k] + start }
                                body(updated + start, theta + start, g + start, states, block.count)
                                start = block.upperBound
                            }
                        }
                    }
                }
            }
        }
        for (name, state) in zip(names, states) { slots[name] = state }
        return updated
    }

    /// Bytes of the new value claimed and then computed at a time: 4 KiB, 64 cache lines.
    private static let blockBytes = 4096

    /// Stores a zero into each cache line of `updated[block]`, before the update computes the block and overwrites
    /// every element.
    ///
    /// The new value is a buffer from `BufferCache`, most often one whose lines the other core last wrote or read
    /// (a gradient, an activation). Measured on Adam's loop in `mlp.small.train` (85,000 parameters, two threads,
    /// the loop's own time per step): 45–54 µs without the claim and 34–41 with it while the host runs the two
    /// vCPUs near each other, 210–230 against 96–101 while it runs them far apart (a round trip of one cache line
    /// between them then takes 330–550 ns instead of 55–110). The same loop run a second time, over lines it now
    /// owns, took 28–43 µs in either mode, so the first pass waits on taking the lines over. My reading: in the
    /// loop, ~20 instructions per line, few lines are requested at a time, while a run of bare stores requests a
    /// block's lines together. Claiming the outputs of the elementwise kernels the same way made `mlp.small.train`
    /// 6 % faster in the far mode and 5 % slower in the near one, and `Tensor.map` 5–10 % slower, so only this
    /// loop claims.
    private static func claim<T: FloatElement>(_ block: Range<Int>, of updated: UnsafeMutablePointer<T>) {
        let lineLength = Swift.max(1, 64 / MemoryLayout<T>.stride)
        for i in stride(from: block.lowerBound, to: block.upperBound, by: lineLength) { updated[i] = 0 }
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
