import Tensor

extension Variable {
    /// Records an op with several outputs (an eigendecomposition's values and vectors, an FFT's real and imaginary
    /// parts) as one node whose value packs the outputs end to end; each output is a differentiable view of it.
    ///
    /// The pullback receives one gradient per output (zeros for outputs that were not used) and the outputs
    /// themselves, so multi-output rules read like single-output ones.
    static func recordMultiple(
        _ name: String, outputs: [Tensor], inputs: [Variable],
        _ pullback: @escaping (_ gradients: [Variable], _ results: [Variable], _ backward: Backward) -> [Variable?]
    ) -> [Variable] {
        let dtype = outputs[0].dtype
        let shapes = outputs.map(\.shape)
        let sizes = outputs.map(\.count)
        var offsets = [0]
        for size in sizes { offsets.append(offsets.last! + size) }
        var packed = Tensor.zeros([offsets.last!], dtype: dtype)
        for (i, output) in outputs.enumerated() {
            packed = packed.updated(
                at: { $0.narrowed(axis: 0, start: offsets[i], length: sizes[i]) }, with: output.flattened())
        }
        func unpack(_ v: Variable) -> [Variable] {
            (0..<outputs.count).map { i in v.narrowed(axis: 0, start: offsets[i], length: sizes[i]).reshaped(shapes[i])
            }
        }
        let node = Variable.record(name, packed, inputs) { b in
            pullback(unpack(b.gradient), unpack(b.result), b)
        }
        return unpack(node)
    }
}
