import Dispatch
import Foundation
import Tensor

// Micro-benchmarks of the Tensor kernels: per-op overhead of tiny ops, reductions, copies and large elementwise
// ops, beside raw-pointer reference loops (memory bandwidth, the cost of a parallel split).
//
//   kernelbench [substring…]    time the workloads whose id contains any substring (all when none): median and
//                               minimum over 11 samples, each the mean of enough calls to last ~20 ms
//   kernelbench --calls N ID    run workload ID N times untimed, for `valgrind --tool=callgrind`: the difference
//                               of two runs (N₁, N₂ calls) divided by N₂ − N₁ is the instruction count of one op

/// A workload: `make` builds the inputs (only for the workloads that run) and returns one op.
/// `elements` and `bytes` (read and written per op) turn its time into ns/element and GB/s.
struct Workload {
    let id: String
    var elements = 0
    var bytes = 0
    let make: () -> () -> Void
}

/// Keeps results alive so the optimizer cannot drop the op that made them.
@inline(never) func consume(_ t: Tensor) { if t.count == -1 { print(t.shape) } }

func random(_ shape: [Int], dtype: DType = .float32, seed: UInt64 = 1) -> Tensor {
    var generator = RandomGenerator(seed: seed)
    return Tensor.uniform(shape, low: -1, high: 1, dtype: dtype, using: &generator)
}

func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

/// Median and minimum seconds per call.
func measure(samples: Int = 11, _ body: () -> Void) -> (median: Double, minimum: Double) {
    for _ in 0..<3 { body() }
    let t0 = now()
    body()
    let single = max(now() - t0, 1e-8)
    let inner = max(1, Int(0.02 / single))
    var times: [Double] = []
    for _ in 0..<samples {
        let start = now()
        for _ in 0..<inner { body() }
        times.append((now() - start) / Double(inner))
    }
    times.sort()
    return (times[times.count / 2], times[0])
}

/// z = x · y over `n` floats with raw pointers, split in `chunks` parallel parts, into a reused buffer (no page
/// faults): the speed limit of an elementwise kernel.
func referenceMultiply(_ n: Int, chunks: Int) -> () -> Void {
    struct Pointers: @unchecked Sendable {
        let x: UnsafeMutablePointer<Float>, y: UnsafeMutablePointer<Float>, z: UnsafeMutablePointer<Float>
    }
    let p = Pointers(
        x: .allocate(capacity: n), y: .allocate(capacity: n), z: .allocate(capacity: n))
    p.x.initialize(repeating: 1.5, count: n)
    p.y.initialize(repeating: 2.5, count: n)
    p.z.initialize(repeating: 0, count: n)
    return {
        let body = { @Sendable (chunk: Int) in
            for i in n * chunk / chunks..<n * (chunk + 1) / chunks { p.z[i] = p.x[i] * p.y[i] }
        }
        if chunks == 1 { body(0) } else { DispatchQueue.concurrentPerform(iterations: chunks, execute: body) }
    }
}

/// Σ x over `n` floats with raw pointers, 16 accumulators, split in `chunks` parallel parts: the speed limit of a
/// reduction (a read-only stream).
func referenceSum(_ n: Int, chunks: Int) -> () -> Void {
    struct Input: @unchecked Sendable { let x: UnsafeMutablePointer<Float> }
    let input = Input(x: .allocate(capacity: n))
    input.x.initialize(repeating: 0.5, count: n)
    return {
        let partials = UnsafeMutablePointer<Float>.allocate(capacity: chunks)
        let sink = UnsafeSendableSink(partials)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            var acc = InlineArray<16, Float>(repeating: 0)
            var i = n * chunk / chunks
            let end = n * (chunk + 1) / chunks
            while i + 16 <= end {
                for j in 0..<16 { acc[j] += input.x[i + j] }
                i += 16
            }
            var total: Float = 0
            for j in 0..<16 { total += acc[j] }
            sink.pointer[chunk] = total
        }
        partials.deallocate()
    }
}

struct UnsafeSendableSink: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Float>
    init(_ pointer: UnsafeMutablePointer<Float>) { self.pointer = pointer }
}

func workloads() -> [Workload] {
    var list: [Workload] = []

    // Tiny ops: the per-op overhead the autograd engine pays thousands of times per step.
    func small(_ id: String, _ op: @escaping () -> Tensor) {
        list.append(Workload(id: "small." + id) { { consume(op()) } })
    }
    let x16 = random([16])
    let y16 = random([16], seed: 2)
    let mask16 = x16.compared(.greater, scalar: 0)
    let column = random([4, 1])
    let row = random([1, 4], seed: 2)
    let square = random([4, 4])
    let squareT = random([4, 4], seed: 2).transposed()
    let batch = random([32, 16])
    let bias = random([16], seed: 2)
    small("mulScalar.16") { x16 * 2 }
    small("add.16") { x16 + y16 }
    small("add.4x1+1x4") { column + row }
    small("add.4x4+4x4T") { square + squareT }
    small("add.32x16+16") { batch + bias }
    small("where.16") { Tensor.where(mask16, x16, y16) }
    small("exp.16") { x16.exp() }
    small("sum.16") { x16.sum() }
    small("sumAxis1.4x4") { square.sum(axis: 1) }
    small("sumAxis0.32x16") { batch.sum(axis: 0) }
    small("copied.16") { x16.copied() }
    small("contiguous.4x4T") { squareT.contiguous() }

    // Large ops. `bytes` counts what the op must read and write.
    func large(_ id: String, elements: Int, bytes: Int = 0, _ make: @escaping () -> () -> Tensor) {
        list.append(
            Workload(id: id, elements: elements, bytes: bytes) {
                let op = make()
                return { consume(op()) }
            })
    }
    let n16M = 1 << 24
    large("reduce.sum.16M", elements: n16M, bytes: 4 * n16M) {
        let x = random([n16M])
        return { x.sum() }
    }
    large("reduce.sumAxis1.4096x4096", elements: n16M, bytes: 4 * n16M) {
        let x = random([4096, 4096])
        return { x.sum(axis: 1) }
    }
    large("reduce.sumAxis0.4096x4096", elements: n16M, bytes: 4 * n16M) {
        let x = random([4096, 4096])
        return { x.sum(axis: 0) }
    }
    large("reduce.sumAxis0.4096x1024", elements: 1 << 22, bytes: 1 << 24) {
        let x = random([4096, 1024])
        return { x.sum(axis: 0) }
    }
    large("reduce.sumAxis1T.4096x4096", elements: n16M, bytes: 4 * n16M) {
        let x = random([4096, 4096]).transposed()
        return { x.sum(axis: 1) }
    }
    large("reduce.sum.f64.8M", elements: 1 << 23, bytes: 1 << 26) {
        let x = random([1 << 23], dtype: .float64)
        return { x.sum() }
    }
    list.append(
        Workload(id: "reference.sum.2threads.16M", elements: n16M, bytes: 4 * n16M) {
            referenceSum(n16M, chunks: 2)
        })
    // Activations on an FNO layer's [20, 1024, 64] float32 activation.
    let activation = 20 * 1024 * 64
    for (name, op) in [
        ("gelu", { (x: Tensor) in x.gelu() }), ("geluTanh", { $0.gelu(approximate: true) }), ("tanh", { $0.tanh() }),
        ("exp", { $0.exp() }),
    ] as [(String, (Tensor) -> Tensor)] {
        large("unary.\(name).1.3M", elements: activation, bytes: 8 * activation) {
            let x = random([activation]) * 3
            return { op(x) }
        }
    }
    large("reduce.max.16M", elements: n16M, bytes: 4 * n16M) {
        let x = random([n16M])
        return { x.max() }
    }
    large("reduce.maxAxis0.4096x4096", elements: n16M, bytes: 4 * n16M) {
        let x = random([4096, 4096])
        return { x.max(axes: [0]) }
    }
    large("reduce.mean.16M", elements: n16M, bytes: 4 * n16M) {
        let x = random([n16M])
        return { x.mean() }
    }
    large("reduce.variance.16M", elements: n16M) {
        let x = random([n16M])
        return { x.variance() }
    }

    // Copies of 1e7 float32 elements.
    let n7 = 10_000_000
    large("copy.copied.1e7", elements: n7, bytes: 8 * n7) {
        let x = random([n7])
        return { x.copied() }
    }
    large("copy.concatenated.1e7", elements: n7, bytes: 8 * n7) {
        let x = random([n7])
        let halves = [x.sliced(axis: 0, start: 0, end: n7 / 2), x.sliced(axis: 0, start: n7 / 2)]
        return { Tensor.concatenated(halves) }
    }
    large("copy.contiguousT.3162x3162", elements: 3162 * 3162, bytes: 8 * 3162 * 3162) {
        let x = random([3162, 3162]).transposed()
        return { x.contiguous() }
    }

    // What a fresh result buffer costs: a 40 MB copy into a reused buffer, and into a new one each time (glibc
    // maps buffers this large afresh, so every page faults on first touch; BufferCache avoids this).
    for fresh in [false, true] {
        list.append(
            Workload(id: "reference.copy.\(fresh ? "fresh" : "reused")Buffer.1e7", elements: n7, bytes: 8 * n7) {
                let source = UnsafeMutableRawPointer.allocate(byteCount: 4 * n7, alignment: 64)
                source.initializeMemory(as: UInt8.self, repeating: 1, count: 4 * n7)
                let reused = UnsafeMutableRawPointer.allocate(byteCount: 4 * n7, alignment: 64)
                return {
                    let target = fresh ? UnsafeMutableRawPointer.allocate(byteCount: 4 * n7, alignment: 64) : reused
                    target.copyMemory(from: source, byteCount: 4 * n7)
                    if fresh { target.deallocate() }
                }
            })
    }

    // Large elementwise ops.
    for (label, n) in [("1e6", 1_000_000), ("1e7", n7)] {
        large("large.mul.\(label)", elements: n, bytes: 12 * n) {
            let x = random([n])
            let y = random([n], seed: 2)
            return { x * y }
        }
        large("large.addScalar.\(label)", elements: n, bytes: 8 * n) {
            let x = random([n])
            return { x + 1 }
        }
        large("large.addRow.\(label)", elements: n, bytes: 8 * n) {
            let x = random([n / 1000, 1000])
            let row = random([1000], seed: 2)
            return { x + row }
        }
        large("large.mulT.\(label)", elements: n, bytes: 12 * n) {
            let x = random([1000, n / 1000]).transposed()
            let y = random([n / 1000, 1000], seed: 2)
            return { x * y }
        }
        large("large.exp.\(label)", elements: n, bytes: 8 * n) {
            let x = random([n])
            return { x.exp() }
        }
        large("large.where.\(label)", elements: n, bytes: 13 * n) {
            let x = random([n])
            let y = random([n], seed: 2)
            let mask = x.compared(.greater, scalar: 0)
            return { Tensor.where(mask, x, y) }
        }
        for chunks in [1, 2] {
            list.append(
                Workload(id: "reference.mul.\(chunks)thread.\(label)", elements: n, bytes: 12 * n) {
                    referenceMultiply(n, chunks: chunks)
                })
        }
    }

    // Tensor ops around the parallel threshold.
    for log2 in 16...23 {
        let n = 1 << log2
        large("threshold.mul.2^\(log2)", elements: n) {
            let x = random([n])
            let y = random([n], seed: 2)
            return { x * y }
        }
        large("threshold.sum.2^\(log2)", elements: n) {
            let x = random([n])
            return { x.sum() }
        }
        large("threshold.sqrt.2^\(log2)", elements: n) {
            let x = random([n], seed: 3).abs()
            return { x.sqrt() }
        }
    }

    // Where a parallel split starts to pay: the reference multiply on one and two threads, and the bare cost of
    // `concurrentPerform`.
    for log2 in 12...20 {
        for chunks in [1, 2] {
            list.append(
                Workload(id: "split.\(chunks)thread.2^\(log2)", elements: 1 << log2) {
                    referenceMultiply(1 << log2, chunks: chunks)
                })
        }
    }
    list.append(
        Workload(id: "split.concurrentPerform.empty") { { DispatchQueue.concurrentPerform(iterations: 2) { _ in } } })
    return list
}

let arguments = Array(CommandLine.arguments.dropFirst())
let all = workloads()
if arguments.first == "--calls" {
    guard arguments.count == 3, let calls = Int(arguments[1]),
        let workload = all.first(where: { $0.id == arguments[2] })
    else {
        print("usage: kernelbench --calls N ID")
        exit(2)
    }
    let body = workload.make()
    for _ in 0..<calls { body() }
    exit(0)
}
let selected = arguments.isEmpty ? all : all.filter { w in arguments.contains { w.id.contains($0) } }
print("workload".padding(toLength: 32, withPad: " ", startingAt: 0), "median µs", "   min µs", " ns/elem", "   GB/s")
for workload in selected {
    let t = measure(workload.make())
    var line = workload.id.padding(toLength: 32, withPad: " ", startingAt: 0)
    line += String(format: " %9.3f %9.3f", t.median * 1e6, t.minimum * 1e6)
    if workload.elements > 0 { line += String(format: " %8.3f", t.median * 1e9 / Double(workload.elements)) }
    if workload.bytes > 0 { line += String(format: " %7.1f", Double(workload.bytes) / t.median * 1e-9) }
    print(line)
    fflush(nil)
}
