import Autograd
import Tensor

/// Per-mode complex channel mixing, Ŷ_k = X̂_k·W_k for every kept mode k, as one batched real product.
///
/// `packed` `[K, B, 2·in]` holds (Re | Im) of X̂ per mode (see `TruncatedSpectrum`); `weight` `[in, out, K…, 2]` holds
/// W as real pairs (the layout of PyTorch's `view_as_real` on the FNO's complex weights). With W = A + iB the product
/// is [Re X̂ | Im X̂]·[[A, B], [−B, A]] = [Re Ŷ | Im Ŷ], so the result is `[K, B, 2·out]` in the same packing.
enum SpectralMixing {
    static func apply(_ packed: Variable, weight: Variable) -> Variable {
        let (inputChannels, outputChannels) = (weight.shape[0], weight.shape[1])
        let modes = packed.shape[0]
        // [2, K, in, out]
        let pairs = weight.reshaped([inputChannels, outputChannels, modes, 2]).permuted([3, 2, 0, 1])
        let a = pairs.selected(axis: 0, index: 0)
        let b = pairs.selected(axis: 0, index: 1)
        let block = Variable.concatenated(
            [Variable.concatenated([a, b], axis: 2), Variable.concatenated([-b, a], axis: 2)], axis: 1)
        return packed.matmul(block)
    }
}
