import Autograd
import Layers
import Tensor

/// The background-free data-assimilation network of the Lorenz-96 analogue of HealDA: a window of T sparse,
/// noisy observation times of a ring of L sites → the state at the window's last time.
///
/// Input `[N, 2T, L]`: T channels of standardized observations (anything where unobserved) and T channels of their
/// 0/1 masks. A `MaskedConv1d` (T → width, kernel 5, periodic) encodes what was seen, then `depth` residual blocks
/// h ← h + GELU(conv₅(h)) with periodic padding, and a pointwise head to one channel. Output `[N, L]`: the
/// standardized state.
final class AssimilationNetwork: Module, UnaryLayer {
    let encoder: MaskedConv1d
    let blocks: [Conv1d]
    let head: Conv1d
    let times: Int

    init(times: Int, width: Int, depth: Int, using generator: inout RandomGenerator) {
        self.times = times
        encoder = MaskedConv1d(
            inputChannels: times, outputChannels: width, kernelSize: 5, boundary: .periodic, using: &generator)
        blocks = (0..<depth).map { _ in
            Conv1d(inputChannels: width, outputChannels: width, kernelSize: 5, using: &generator)
        }
        head = Conv1d(inputChannels: width, outputChannels: 1, kernelSize: 1, using: &generator)
        super.init()
    }

    func callAsFunction(_ input: Variable) -> Variable {
        precondition(
            input.rank == 3 && input.shape[1] == 2 * times,
            "AssimilationNetwork: input \(input.shape) must be [N, \(2 * times), L]")
        let values = input.narrowed(axis: 1, start: 0, length: times)
        let mask = input.value.narrowed(axis: 1, start: times, length: times)
        var h = encoder(values, mask: mask).output.gelu()
        for block in blocks {
            h = h + block(h.periodicallyPadded(before: 2, after: 2)).gelu()
        }
        return head(h).squeezed(axis: 1)
    }
}
