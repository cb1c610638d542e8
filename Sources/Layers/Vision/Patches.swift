import Autograd
import Tensor

/// Splitting images into non-overlapping patches and back, as views (the patchify step of ViT and LSM).
extension Variable {
    /// `[B, C, H, W]` → `[B, H/p, W/q, C, p, q]` for `patchSize` (p, q): element [b, i, j, c, k, l] is
    /// x[b, c, i·p + k, j·q + l]. A view (a reshape and a permutation): no copy for a contiguous input.
    public func patchified(patchSize: IntOrPair) -> Variable {
        let (p, q) = (patchSize.first, patchSize.second)
        precondition(
            rank == 4 && p > 0 && q > 0 && shape[2] % p == 0 && shape[3] % q == 0,
            "patchified: input \(shape) must be [B, C, H, W] with H and W multiples of the patch size \(patchSize)")
        let (b, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
        return reshaped([b, c, h / p, p, w / q, q]).permuted([0, 2, 4, 1, 3, 5])
    }

    /// `[B, H/p, W/q, C, p, q]` → `[B, C, H, W]`, the inverse of `patchified(patchSize:)` (a copy unless the
    /// patches are a view of an image).
    public func unpatchified() -> Variable {
        precondition(rank == 6, "unpatchified: input \(shape) must be [B, H/p, W/q, C, p, q]")
        let (b, rows, columns, c, p, q) = (shape[0], shape[1], shape[2], shape[3], shape[4], shape[5])
        return permuted([0, 3, 1, 4, 2, 5]).reshaped([b, c, rows * p, columns * q])
    }
}
