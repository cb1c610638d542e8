/// Metrics of how well scores rank positive examples above negative ones.
public enum RankingMetrics {
    /// The area under the ROC curve: the probability that a random positive scores above a random negative, ties
    /// counting ½ — the Mann–Whitney statistic (R₊ − n₊(n₊ + 1)/2)/(n₊n₋), R₊ the sum of the positives' mid-ranks.
    /// O(n log n) by sorting; NaN when one class is absent.
    public static func areaUnderROC(scores: [Double], labels: [Bool]) -> Double {
        precondition(
            scores.count == labels.count,
            "RankingMetrics.areaUnderROC: \(scores.count) scores and \(labels.count) labels")
        precondition(scores.allSatisfy { !$0.isNaN }, "RankingMetrics.areaUnderROC: a score is NaN")
        let positives = labels.filter { $0 }.count
        let negatives = labels.count - positives
        if positives == 0 || negatives == 0 { return .nan }
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var positiveRankSum = 0.0
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && scores[order[end + 1]] == scores[order[start]] { end += 1 }
            let midRank = Double(start + end) / 2 + 1
            for k in start...end where labels[order[k]] { positiveRankSum += midRank }
            start = end + 1
        }
        let p = Double(positives)
        return (positiveRankSum - p * (p + 1) / 2) / (p * Double(negatives))
    }
}
