import Autograd
import RealModule
import Tensor

/// Workloads of issue 18: one-pass `map`s of scalar functions against the same math as eager ops.
///
/// `elem.tanhmul.N.map` is `elem.tanhmul.N` (y = tanh(x)·x + 1 over n floats, a fresh output each call) as one
/// `Tensor.map`. `act.F.grad.1e6` times the forward and backward pass of Σ F(x) over a [1000, 1000] float32 leaf
/// through the library's `Variable` activation; `.map` the same through `Variable.map` of the scalar function (the
/// same path as the library's for SiLU, which is that map).
extension Workloads {
    /// tanh(x)·x + 1.
    struct TanhTimesXPlusOne: ElementwiseFunction {
        @inline(__always)
        func callAsFunction<T: Real & ExpressibleByFloatLiteral>(_ x: T) -> T { T.tanh(x) * x + 1 }
    }

    static var mapWorkloads: [Workload] {
        var list: [Workload] = []
        for (label, n) in [("1e6", 1_000_000), ("1e7", 10_000_000)] {
            list.append(
                Workload(id: "elem.tanhmul.\(label).map", unit: "ms") {
                    var g = BenchRandom(seed: 0)
                    let x = g.normal([n], dtype: .float32)
                    return Timing.measure { _ = x.map(TanhTimesXPlusOne()) }
                })
        }
        list += activationGradient("gelu", { $0.gelu() }, { $0.map(ErfGELU()) })
        list += activationGradient("gelu_tanh", { $0.gelu(approximate: true) }, { $0.map(TanhGELU()) })
        list += activationGradient("silu", { $0.silu() }, { $0.map(SiLU()) })
        list += activationGradient("softplus", { $0.softplus() }, { $0.map(Softplus()) })
        return list
    }

    /// `act.NAME.grad.1e6` through `library` and `act.NAME.grad.1e6.map` through `mapped`.
    static func activationGradient(
        _ name: String, _ library: @escaping (Variable) -> Variable, _ mapped: @escaping (Variable) -> Variable
    ) -> [Workload] {
        [("", library), (".map", mapped)].map { suffix, f in
            Workload(id: "act.\(name).grad.1e6\(suffix)", unit: "ms") {
                var g = BenchRandom(seed: 0)
                let x = Variable.leaf(g.normal([1000, 1000], dtype: .float32))
                return Timing.measure { _ = gradients(of: f(x).sum(), wrt: [x]) }
            }
        }
    }
}
