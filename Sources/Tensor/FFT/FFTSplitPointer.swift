/// A split-complex sequence: element `j` is `re[j] + i·im[j]`, with the real and imaginary parts
/// in two separate contiguous arrays.
///
/// Split storage keeps every butterfly's real and imaginary arithmetic in plain contiguous
/// scalar loops, which LLVM auto-vectorizes.
struct FFTSplitPointer<T> {
    var re: UnsafeMutablePointer<T>
    var im: UnsafeMutablePointer<T>

    /// Views `count·2` contiguous elements as `count` real parts followed by `count` imaginary parts.
    init(planes base: UnsafeMutablePointer<T>, count: Int) {
        re = base
        im = base + count
    }

    /// Views scratch at `base` as `count` real parts, a gap, `count` imaginary parts and a gap: `scratchSize(count)`
    /// elements, the layout of every buffer an FFT carves from its scratch.
    ///
    /// Without the gaps the planes and buffers of a power-of-two length lie a multiple of 4 KiB apart, where the L1
    /// cache maps them to the same set, as it does the legs of a Stockham pass: a radix-4 butterfly on eight-row
    /// lanes reads eight such lines, a radix-8 one sixteen, in 8-way sets. 640 bytes puts consecutive planes 10
    /// lines apart. Measured on a length-2048 transform of eight-row lanes (Zen 4, one thread, best of 7 × 400):
    /// the six radix-4/2 passes 30–37 µs unpadded, 19–21 µs with gaps of 384 bytes to 1.5 KiB in most runs (single
    /// runs at 24.8–28.9).
    init(scratch base: UnsafeMutablePointer<T>, count: Int) {
        re = base
        im = base + count + FFTSplitPointer.gap
    }

    /// Elements of scratch that `init(scratch:count:)` takes.
    static func scratchSize(_ count: Int) -> Int { 2 * (count + gap) }

    /// The gap after each plane of scratch, 640 bytes.
    private static var gap: Int { 640 / MemoryLayout<T>.stride }

    init(re: UnsafeMutablePointer<T>, im: UnsafeMutablePointer<T>) {
        self.re = re
        self.im = im
    }

    /// The same memory with the roles of `re` and `im` exchanged: element `z` reads as `i·conj(z)`.
    ///
    /// Because `DFT(i·conj(x)) = i·conj(IDFT(x))`, an unnormalized inverse DFT is a forward DFT of
    /// the swapped input written through the swapped output. Plans therefore only implement the
    /// forward direction.
    var swapped: FFTSplitPointer { FFTSplitPointer(re: im, im: re) }

    /// The sequence starting `offset` elements later.
    func advanced(by offset: Int) -> FFTSplitPointer {
        FFTSplitPointer(re: re + offset, im: im + offset)
    }
}
