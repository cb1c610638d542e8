import Tensor

extension S4DLayer {
    /// The values of an S4D layer's parameters in the model's own terms, for `S4DLayer(parameters:)`: H channels, M
    /// complex states each, all of one floating dtype.
    public struct Parameters: Sendable {
        /// Δ `[H]`, positive.
        public var step: Tensor
        /// Λ `[H, M]`, Re Λ < 0.
        public var eigenvalues: ComplexTensor
        /// B `[H, M]`.
        public var input: ComplexTensor
        /// C `[H, M]`.
        public var output: ComplexTensor
        /// D `[H]`.
        public var skip: Tensor

        public init(step: Tensor, eigenvalues: ComplexTensor, input: ComplexTensor, output: ComplexTensor, skip: Tensor)
        {
            let channels = step.shape.first ?? 0
            let states = eigenvalues.shape.count == 2 ? eigenvalues.shape[1] : 0
            precondition(
                step.rank == 1 && channels >= 1 && states >= 1 && eigenvalues.shape == [channels, states]
                    && input.shape == eigenvalues.shape && output.shape == eigenvalues.shape
                    && skip.shape == [channels],
                "S4DLayer.Parameters: expects Δ [H], Λ, B, C [H, M] and D [H], got Δ \(step.shape), Λ "
                    + "\(eigenvalues.shape), B \(input.shape), C \(output.shape), D \(skip.shape)")
            let dtype = step.dtype
            precondition(
                dtype.isFloatingPoint
                    && [eigenvalues.dtype, input.dtype, output.dtype, skip.dtype].allSatisfy {
                        $0 == dtype
                    },
                "S4DLayer.Parameters: Δ, Λ, B, C and D must share one floating dtype, got \(dtype), "
                    + "\(eigenvalues.dtype), \(input.dtype), \(output.dtype), \(skip.dtype)")
            precondition(
                step.min().item() > 0, "S4DLayer.Parameters: Δ must be positive, its minimum is \(step.min().item())")
            precondition(
                eigenvalues.real.max().item() < 0,
                "S4DLayer.Parameters: Re Λ must be negative, its maximum is \(eigenvalues.real.max().item())")
            self.step = step
            self.eigenvalues = eigenvalues
            self.input = input
            self.output = output
            self.skip = skip
        }

        /// The same values in `dtype`.
        public func cast(to dtype: DType) -> Parameters {
            Parameters(
                step: step.cast(to: dtype), eigenvalues: eigenvalues.cast(to: dtype), input: input.cast(to: dtype),
                output: output.cast(to: dtype), skip: skip.cast(to: dtype))
        }
    }
}
