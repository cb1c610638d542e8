/// The fraction of points a clustering puts in the wrong cluster, under the best matching of its labels to the true
/// ones: min over permutations σ of (1/n)·#{i : σ(ℓᵢ) ≠ yᵢ}, labels in 0..<K (K ≤ 8: all K! permutations are tried).
public func misclusteringRate(_ labels: [Int], truth: [Int], clusters: Int) -> Double {
    precondition(
        labels.count == truth.count && !labels.isEmpty && (1...8).contains(clusters)
            && (labels + truth).allSatisfy { (0..<clusters).contains($0) },
        "misclusteringRate: \(labels.count) labels and \(truth.count) true labels in 0..<\(clusters) (K ≤ 8)")
    var counts = [[Int]](repeating: [Int](repeating: 0, count: clusters), count: clusters)
    for (label, actual) in zip(labels, truth) { counts[label][actual] += 1 }
    var best = 0
    var permutation = Array(0..<clusters)
    func search(_ position: Int) {
        if position == clusters {
            best = max(best, (0..<clusters).reduce(0) { $0 + counts[$1][permutation[$1]] })
            return
        }
        for swap in position..<clusters {
            permutation.swapAt(position, swap)
            search(position + 1)
            permutation.swapAt(position, swap)
        }
    }
    search(0)
    return Double(labels.count - best) / Double(labels.count)
}
