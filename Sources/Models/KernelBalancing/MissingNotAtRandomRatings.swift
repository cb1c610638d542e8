import Foundation
import Tensor

/// Synthetic binary ratings observed missing not at random (PLAN row 19's semi-synthetic protocol).
///
/// Users and items carry latent factors a_u, b_i ~ N(0, I_d) (observed as covariates); the rating of every pair is
/// r_ui ~ Bernoulli(σ(a_u·b_i + ratingBias)). The pair is observed with propensity
///
///     p_ui = σ(α + β·r_ui + c·a_u·b_i),
///
/// β the missing-not-at-random strength (positives are rated more often), c the covariate-driven selection, α set by
/// bisection so that the mean propensity is `observedFraction`. A separate missing-completely-at-random test set holds
/// `testFraction` of the pairs, uniformly drawn (the unbiased evaluation of Yahoo! R3 / Coat).
struct MissingNotAtRandomRatings {
    let userCount: Int, itemCount: Int
    /// a `[userCount, d]` and b `[itemCount, d]` (float64).
    let userFactors: Tensor, itemFactors: Tensor
    /// r_ui of every pair, row-major (pair index u·itemCount + i).
    let ratings: [Bool]
    /// p_ui of every pair.
    let propensities: [Double]
    /// The observed pairs (MNAR), ascending.
    let observed: [Int]
    /// The MCAR test pairs, ascending.
    let test: [Int]

    var pairCount: Int { userCount * itemCount }

    static func generate(
        userCount: Int, itemCount: Int, rank: Int, ratingBias: Double, ratingSelection: Double,
        covariateSelection: Double, observedFraction: Double, testFraction: Double,
        using generator: inout RandomGenerator
    ) -> MissingNotAtRandomRatings {
        let a = Tensor.normal([userCount, rank], dtype: .float64, using: &generator)
        let b = Tensor.normal([itemCount, rank], dtype: .float64, using: &generator)
        let affinity = a.matmul(b.transposed()).toDoubles()  // a_u·b_i, row-major
        let sigmoid = { (x: Double) in 1 / (1 + exp(-x)) }
        let ratings = affinity.map { generator.nextDouble() < sigmoid($0 + ratingBias) }
        let selection = zip(affinity, ratings).map { ratingSelection * ($1 ? 1 : 0) + covariateSelection * $0 }
        var (low, high) = (-30.0, 10.0)
        for _ in 0..<60 {
            let middle = (low + high) / 2
            let mean = selection.reduce(0) { $0 + sigmoid(middle + $1) } / Double(selection.count)
            if mean < observedFraction { low = middle } else { high = middle }
        }
        let propensities = selection.map { sigmoid((low + high) / 2 + $0) }
        let observed = propensities.indices.filter { generator.nextDouble() < propensities[$0] }
        let test = propensities.indices.filter { _ in generator.nextDouble() < testFraction }
        return MissingNotAtRandomRatings(
            userCount: userCount, itemCount: itemCount, userFactors: a, itemFactors: b, ratings: ratings,
            propensities: propensities, observed: observed, test: test)
    }

    /// The user and item indices (int64 `[n]`) of `pairs`.
    func indices(_ pairs: [Int]) -> (users: Tensor, items: Tensor) {
        (
            Tensor(pairs.map { Int64($0 / itemCount) }, shape: [pairs.count]),
            Tensor(pairs.map { Int64($0 % itemCount) }, shape: [pairs.count])
        )
    }

    /// The covariates [a_u, b_i] `[n, 2d]` (float64) of `pairs`.
    func covariates(_ pairs: [Int]) -> Tensor {
        let (users, items) = indices(pairs)
        return Tensor.concatenated(
            [userFactors.indexSelected(axis: 0, indices: users), itemFactors.indexSelected(axis: 0, indices: items)],
            axis: 1)
    }
}
