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
