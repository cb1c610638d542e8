/// Work on rows of a product's result `C [m, n]` (dense, row-major) done by the thread that computes those rows,
/// around its block of the product: `before(rows)` writes what the product then accumulates onto (an addend, so
/// `C ← A·B + C`), `after(rows)` rewrites the finished rows in place (an activation).
///
/// Why on the same thread: a serial pass over rows another core just wrote reads them from that core's cache. On this
/// machine that read costs 3–4× more in the seconds when the host runs the two vCPUs far apart (perf of
/// `mlp.small.forward`: the bias copy and the tanh after the layer products took 12 and 25 µs of 160 in the fast
/// seconds, 55 and 74 µs of 300 in the slow ones). Split over the rows' owners they stay in cache and run in parallel.
struct ProductRowWork {
    var before: ((Range<Int>) -> Void)?
    var after: ((Range<Int>) -> Void)?

    var isEmpty: Bool { before == nil && after == nil }
}
