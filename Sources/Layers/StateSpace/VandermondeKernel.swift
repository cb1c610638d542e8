import Autograd
import Tensor

/// The convolution kernel of a diagonal state-space model as a Vandermonde product (S4D's "two lines").
///
/// For x_k = Ā·x_{k−1} + B̄·u_k, y_k = Re(C·x_k) the output is y = K ∗ u with
/// K_l = Re Σ_m C_m·B̄_m·Ā_m^l = Re Σ_m w_m·e^{l·z_m}, w = C·B̄, z = log Ā; the powers form the Vandermonde matrix
/// e^{z ⊗ (0, 1, …, L−1)}. Conjugate-pair representations double this (K = 2·Re Σ over half the states).
public enum VandermondeKernel {
    /// Re Σ_m w[…, m]·e^{l·z[…, m]} for l = 0..<`length`.
    /// - Parameters:
    ///   - w: the coefficients `[…, M]`, complex.
    ///   - z: the log states `[…, M]`, complex, the same shape.
    ///   - length: L, the number of kernel taps.
    /// - Returns: `[…, L]`.
    public static func realPart(coefficients w: ComplexVariable, logStates z: ComplexVariable, length: Int) -> Variable
    {
        precondition(
            w.shape == z.shape, "VandermondeKernel: coefficients \(w.shape) and log states \(z.shape) differ in shape")
        let positions = Variable(Tensor.arange(0, Double(length), dtype: w.real.dtype))  // [L]
        let powers = (z.unsqueezed(axis: z.shape.count) * positions).exp()  // [..., M, L]
        let rows = w.unsqueezed(axis: w.shape.count - 1)  // [..., 1, M]
        let kernel = rows.real.matmul(powers.real) - rows.imaginary.matmul(powers.imaginary)  // [..., 1, L]
        return kernel.squeezed(axis: kernel.rank - 2)
    }
}
