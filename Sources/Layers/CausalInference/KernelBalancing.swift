import Tensor

/// Kernel balancing weights (Li et al., ICLR 2024): entropy balancing whose balancing functions are Gaussian kernel
/// sections h_j = k(·, c_j) at J centers, so that the reweighted observed units match the population's kernel mean at
/// every center,
///
///     Σ_k w_k k(x_k, c_j) ≈ (1/N) Σ_{population} k(x, c_j),   j = 1…J.
///
/// By the representer theorem the balance of these sections bounds the imbalance of every RKHS function in their span.
public struct KernelBalancing: Sendable {
    public let kernel: GaussianKernel
    /// c `[J, D]`.
    public let centers: Tensor
    public let balancing: EntropyBalancing

    public init(kernel: GaussianKernel, centers: Tensor, balancing: EntropyBalancing) {
        precondition(
            centers.rank == 2 && centers.dtype == .float64,
            "KernelBalancing: centers must be float64 [J, D], got \(centers.shape) \(centers.dtype)")
        self.kernel = kernel
        self.centers = centers
        self.balancing = balancing
    }

    /// The population's kernel means (1/N) Σ k(x, c_j) `[J]` of float64 `population` `[N, D]`, in row chunks.
    public func kernelMeans(_ population: Tensor, chunk: Int = 8192) -> Tensor {
        checkFeatures(population, "population")
        let rows = population.shape[0]
        var total = Tensor.zeros([centers.shape[0]], dtype: .float64)
        for start in stride(from: 0, to: rows, by: chunk) {
            let block = population.narrowed(axis: 0, start: start, length: Swift.min(chunk, rows - start))
            total = total + kernel.matrix(block, centers).sum(axis: 0)
        }
        return total / Double(rows)
    }

    /// The balancing deviations g_k = k(x_k, c) − kernel means `[n, J]` of float64 `observed` `[n, D]`.
    public func deviations(_ observed: Tensor, kernelMeans: Tensor) -> Tensor {
        checkFeatures(observed, "observed")
        return kernel.matrix(observed, centers) - kernelMeans
    }

    /// The weights w `[n]` (Σw = 1) of the observed units balancing them onto the population, from base weights
    /// `[n]` (e.g. inverse estimated propensities).
    public func solve(observed: Tensor, population: Tensor, baseWeights: Tensor) throws -> EntropyBalancing.Solution {
        try balancing.solve(
            deviations: deviations(observed, kernelMeans: kernelMeans(population)), baseWeights: baseWeights)
    }

    private func checkFeatures(_ x: Tensor, _ label: String) {
        precondition(
            x.rank == 2 && x.shape[1] == centers.shape[1] && x.dtype == .float64,
            "KernelBalancing: \(label) features must be float64 [_, \(centers.shape[1])], got \(x.shape) \(x.dtype)")
    }
}
