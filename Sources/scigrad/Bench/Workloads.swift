import Autograd
import Foundation
import Tensor

/// The registry of benchmark workloads (definitions in ../shared/bench/README.md).
enum Workloads {
    static var all: [Workload] {
        tensorWorkloads + autogradWorkloads + layerWorkloads + stateSpaceWorkloads + neuralOperatorWorkloads
            + probeWorkloads + pinnSamplingWorkloads + sequenceMemoryWorkloads + attentionWorkloads
            + gaussianProcessWorkloads + randomWorkloads + mapWorkloads
    }

    static var tensorWorkloads: [Workload] {
        var list: [Workload] = []
        for (name, dtype) in [("f32", DType.float32), ("f64", DType.float64)] {
            for n in [256, 512, 1024, 2048] {
                list.append(
                    Workload(id: "gemm.\(name).\(n)", unit: "ms") {
                        var g = BenchRandom(seed: 0)
                        let a = g.normal([n, n], dtype: dtype)
                        let b = g.normal([n, n], dtype: dtype)
                        return Timing.measure(samples: 7, warmup: 2) { _ = a.matmul(b) }
                    })
            }
        }
        for (label, n) in [("1e6", 1_000_000), ("1e7", 10_000_000)] {
            list.append(
                Workload(id: "elem.tanhmul.\(label)", unit: "ms") {
                    var g = BenchRandom(seed: 0)
                    let x = g.normal([n], dtype: .float32)
                    return Timing.measure { _ = x.tanh() * x + 1 }
                })
        }
        for n in [4096, 1000] {
            list.append(
                Workload(id: "fft.rfft.64x\(n)", unit: "ms") {
                    var g = BenchRandom(seed: 0)
                    let x = g.normal([64, n], dtype: .float32)
                    return Timing.measure { _ = FFT.rfft(x) }
                })
        }
        return list
    }

    static var autogradWorkloads: [Workload] {
        [
            Workload(id: "overhead.chain1000", unit: "ms") {
                var g = BenchRandom(seed: 0)
                let x = Variable.leaf(g.normal([16], dtype: .float32))
                return Timing.measure {
                    var y = x
                    for _ in 0..<500 { y = y * 1.0001 + 0.001 }
                    y.sum().backward()
                    x.zeroGradient()
                }
            }
        ]
    }
}

/// Random inputs for the benchmarks (a small generator so the benchmark does not depend on test code).
struct BenchRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> Double {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Double(state >> 11) * 0x1p-53
    }
    mutating func normal(_ shape: [Int], dtype: DType) -> Tensor {
        let n = shape.reduce(1, *)
        var values = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let u = max(next(), 1e-300)
            let v = next()
            values[i] = (-2 * Foundation.log(u)).squareRoot() * Foundation.cos(2 * Double.pi * v)
        }
        return Tensor(values, shape: shape, dtype: dtype)
    }
}
