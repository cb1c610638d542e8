import Tensor

/// Gradient clipping before an optimizer step.
public enum GradientClipping {
    /// Scales every gradient by min(1, maxNorm/‖g‖) where ‖g‖ is the global 2-norm over all parameters;
    /// returns the norm before clipping (as PyTorch's `clip_grad_norm_`).
    @discardableResult
    public static func clipNorm(_ parameters: [Parameter], maxNorm: Double) -> Double {
        let grads = parameters.compactMap(\.gradient)
        let total = grads.reduce(0.0) { $0 + $1.square().sum().item() }.squareRoot()
        let scale = maxNorm / (total + 1e-6)
        if scale < 1 {
            for p in parameters { p.setGradient(p.gradient.map { $0 * scale }) }
        }
        return total
    }

    /// Clamps every gradient element to [−limit, limit].
    public static func clipValue(_ parameters: [Parameter], limit: Double) {
        for p in parameters { p.setGradient(p.gradient.map { $0.clamped(min: -limit, max: limit) }) }
    }
}
