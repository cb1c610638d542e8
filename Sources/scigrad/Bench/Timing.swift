import Foundation

/// Median, minimum and maximum over samples of a workload, in seconds. A sample is the mean over `inner`
/// back-to-back calls, chosen so a sample lasts about `target` seconds (the method of torch_ref.py).
///
/// Warm-up is `warmup` calls and at least `warmupTime` seconds of calls: in about one run in three the first
/// ~0.1 s of a process had calls stalling for tens of milliseconds (the first workload, gemm.f32.256: a calibration
/// of 6 calls per sample instead of 650 and one sample 90× the median), a start-up transient rather than a property
/// of the workload.
struct Timing {
    let median: Double, minimum: Double, maximum: Double, samples: Int, inner: Int

    static let warmupTime = 0.2

    static func measure(samples: Int = 9, warmup: Int = 3, target: Double = 0.05, _ body: () -> Void) -> Timing {
        let warmupStart = now()
        var calls = 0
        while calls < warmup || now() - warmupStart < warmupTime {
            body()
            calls += 1
        }
        var t0 = now()
        body()
        var single = now() - t0
        t0 = now()
        body()
        single = min(single, now() - t0)
        let inner = max(1, Int(target / max(single, 1e-7)))
        var times: [Double] = []
        for _ in 0..<samples {
            let start = now()
            for _ in 0..<inner { body() }
            times.append((now() - start) / Double(inner))
        }
        times.sort()
        return Timing(
            median: times[times.count / 2], minimum: times[0], maximum: times[times.count - 1], samples: samples,
            inner: inner)
    }

    static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }

    func record(id: String, unit: String) -> [String: Any] {
        let scale = unit == "us" ? 1e6 : 1e3
        return [
            "id": id, "unit": unit, "med": median * scale, "min": minimum * scale, "max": maximum * scale, "n": samples,
            "inner": inner,
        ]
    }
}

/// One named workload.
struct Workload {
    let id: String
    let unit: String
    let run: () -> Timing
    var note: () -> String = { "" }
}
