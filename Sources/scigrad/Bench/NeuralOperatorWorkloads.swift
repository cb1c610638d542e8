import Autograd
import Layers
import Tensor

/// Workloads of issue 12: the FNO-1D of ../shared/bench/torch_ref.py (`sec_fno`) and the crossover of the spectral
/// convolution's two paths.
///
/// fno1d: lift (u, grid) 2 → 64, four Fourier layers (16 modes + 1×1 convolution, GELU between), projection
/// 64 → 128 → 1; grid 1024, batch 20, Float32; relative-L2 loss summed over the batch; Adam (lr 1e-3, coupled weight
/// decay 1e-4). spectral1d.PATH.mM.nN: one 64-channel spectral convolution on `[20, 64, N]` keeping M modes, forward
/// and backward, on each path.
extension Workloads {
    static var neuralOperatorWorkloads: [Workload] {
        var list = [
            Workload(id: "fno1d.train", unit: "ms") {
                let (model, x, y) = fno1dSetup()
                let adam = Adam(parameters: model.parameters(), learningRate: 1e-3, weightDecay: 1e-4)
                return Timing.measure(samples: 9, warmup: 3, target: 0.2) {
                    adam.zeroGradients()
                    Loss.relativeL2(model(x), y).backward()
                    adam.step()
                }
            },
            Workload(id: "fno1d.forward", unit: "ms") {
                let (model, x, _) = fno1dSetup()
                return Timing.measure(samples: 9, warmup: 3, target: 0.1) { _ = withoutGradients { model(x) } }
            },
        ]
        for (name, path) in [("fft", SpectralPath.fft), ("matmul", .matmul)] {
            for modes in [8, 16, 32] {
                for length in [256, 1024, 4096] {
                    list.append(
                        Workload(id: "spectral1d.\(name).m\(modes).n\(length)", unit: "ms") {
                            var g = RandomGenerator(seed: 0)
                            let layer = SpectralConvolution1d(
                                inputChannels: 64, outputChannels: 64, modes: modes, path: path, using: &g)
                            let x = Variable.leaf(Tensor.normal([20, 64, length], dtype: .float32, using: &g))
                            return Timing.measure(samples: 7, warmup: 2) {
                                layer(x).sum().backward()
                                layer.zeroGradients()
                                x.zeroGradient()
                            }
                        })
                }
            }
        }
        return list
    }

    /// The benchmark's FNO-1D, its input u `[20, 1024, 1]` and a random target of the same shape.
    private static func fno1dSetup() -> (FNO1d, Variable, Variable) {
        var g = RandomGenerator(seed: 0)
        let model = FNO1d(modes: 16, width: 64, using: &g)
        let x = Variable(Tensor.normal([20, 1024, 1], dtype: .float32, using: &g))
        let y = Variable(Tensor.normal([20, 1024, 1], dtype: .float32, using: &g))
        return (model, x, y)
    }
}
