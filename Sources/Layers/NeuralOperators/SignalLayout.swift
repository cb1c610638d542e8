/// Where the channels of a batch of 1-D signals sit.
public enum SignalLayout: Sendable {
    /// `[B, C, n]` (PyTorch's convolution layout).
    case channelsFirst
    /// `[B, n, C]` (the FNO's lift and projection layout; its Fourier layers use it to stay contiguous).
    case channelsLast
}
