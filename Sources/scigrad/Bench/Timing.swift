import Foundation

/// Median, minimum and maximum over samples of a workload, in seconds. A sample is the mean over `inner`
/// back-to-back calls, chosen so a sample lasts about `target` seconds (the method of torch_ref.py).
struct Timing {
    let median: Double, minimum: Double, maximum: Double, samples: Int, inner: Int

    static func measure(samples: Int = 9, warmup: Int = 3, target: Double = 0.05, _ body: () -> Void) -> Timing {
        for _ in 0..<warmup { body() }
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
