import Tensor

/// The fan-in and fan-out of a weight tensor, the sizes that variance-preserving initializers scale by.
///
/// For a weight `[outputs, inputs, *kernel]` (PyTorch's layout for `Linear` and convolutions), with the receptive
/// field r = Π kernel (1 for a matrix): fanIn = inputs·r, fanOut = outputs·r. A grouped convolution's weight
/// `[outputChannels, inputChannels/groups, *kernel]` gets the fans of one group, as in PyTorch.
public struct Fans: Sendable, Equatable {
    /// The number of inputs summed into each output.
    public let fanIn: Int
    /// The number of outputs each input feeds.
    public let fanOut: Int

    /// The fans of a weight of `shape` (rank ≥ 2).
    public init(shape: [Int]) {
        precondition(
            shape.count >= 2, "Fans: a weight of shape \(shape) has no fans; needs rank ≥ 2 ([outputs, inputs, …])")
        let receptiveField = shape.dropFirst(2).reduce(1, *)
        fanIn = shape[1] * receptiveField
        fanOut = shape[0] * receptiveField
    }

    /// The fan that `mode` selects.
    public func callAsFunction(_ mode: FanMode) -> Int {
        switch mode {
        case .fanIn: fanIn
        case .fanOut: fanOut
        }
    }
}

/// Which fan a Kaiming initializer preserves: the variance of the activations in the forward pass (`fanIn`) or of
/// the gradients in the backward pass (`fanOut`).
public enum FanMode: Sendable, Equatable {
    case fanIn, fanOut
}
