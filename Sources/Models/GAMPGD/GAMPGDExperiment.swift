import Foundation
import Layers
import Tensor

/// The gradient-descent part of Maillard, Troiani, Martin, Krzakala, Zdeborová (NeurIPS 2024): learning an
/// extensive-width quadratic network (d = 40, m = 20, κ = 0.5) from n = αd² noiseless samples. Above the
/// perfect-recovery threshold α_PR = κ − κ²/2 = 0.375 gradient descent from a random start reaches zero test error;
/// below it, it does not, and averaging the outputs of students from several starts (AGD) lowers the error.
///
/// Per seed: a teacher, its training set, 5000 test samples and 8 students trained at once (one `EnsembleLinear`),
/// full-batch GD for the step budget at every α of PLAN's grid.
public struct GAMPGDExperiment: Experiment {
    public init() {}
    public let name = "gamp-gd"
    public let summary =
        "GD learns a width-κd quadratic network above α_PR = κ − κ²/2 and not below; averaging starts helps below"
    public let paper =
        "Bayes-optimal learning of an extensive-width neural network from quadratically many samples (Maillard, "
        + "Troiani, Martin, Krzakala, Zdeborová; NeurIPS 2024)"

    static let ratios = [0.1, 0.2, 0.3, 0.375, 0.45, 0.6]

    public func run(_ configuration: ExperimentConfiguration) throws -> ExperimentResult {
        let d = configuration.value(full: 40, quick: 40, toy: 8)
        let width = d / 2
        let kappa = Double(width) / Double(d)
        let threshold = kappa - kappa * kappa / 2
        let steps = configuration.value(full: 10_000, quick: 1_500, toy: 30)
        let learningRate = configuration.value(full: 5.0, quick: 5.0, toy: 0.3)
        let members = configuration.value(full: 8, quick: 8, toy: 3)
        let testCount = configuration.value(full: 5_000, quick: 2_000, toy: 200)
        let seeds = configuration.seeds(full: 5, quick: 2, toy: 2)
        let start = Date()

        var students: [Double: [Double]] = [:]  // per α: per seed, the mean over students
        var averaged: [Double: [Double]] = [:]  // per α: per seed, AGD
        var table = CSVTable()
        var rows: [(alpha: Double, seed: Double, member: Double, error: Double, agd: Double)] = []
        for seed in seeds {
            var generator = RandomGenerator(seed: seed)
            let teacher = QuadraticTeacher(dimension: d, width: width, using: &generator)
            let test = teacher.sample(testCount, using: &generator)
            for alpha in Self.ratios {
                let n = Int((alpha * Double(d * d)).rounded())
                let train = teacher.sample(n, using: &generator)
                let ensemble = QuadraticStudents(members: members, dimension: d, width: width, using: &generator)
                ensemble.train(inputs: train.inputs, labels: train.labels, steps: steps, learningRate: learningRate)
                let errors = ensemble.normalizedErrors(inputs: test.inputs, labels: test.labels)
                students[alpha, default: []].append(Statistics.mean(errors.students))
                averaged[alpha, default: []].append(errors.averaged)
                for (member, error) in errors.students.enumerated() {
                    rows.append((alpha, Double(seed), Double(member), error, errors.averaged))
                }
                print(
                    String(
                        format:
                            "seed %d, α = %.3f (n = %d): GD error mean %.2e (min %.2e, max %.2e), AGD %.2e (%.1f s)",
                        seed, alpha, n, Statistics.mean(errors.students), errors.students.min()!,
                        errors.students.max()!, errors.averaged, Date().timeIntervalSince(start)))
            }
        }
        table.add("alpha", rows.map(\.alpha))
        table.add("seed", rows.map(\.seed))
        table.add("student", rows.map(\.member))
        table.add("normalized_test_error", rows.map(\.error))
        table.add("averaged_students_error", rows.map(\.agd))
        try table.write("errors.csv", into: configuration.outputDirectory)

        var plot = LinePlot(
            title: "d = \(d), m = \(width): test error after \(steps) GD steps (mean over seeds)",
            xLabel: "α = n/d²", yLabel: "normalized test MSE", yScale: .logarithmic)
        plot.addSeries(
            "GD (mean of \(members) students)", x: Self.ratios, y: Self.ratios.map { Statistics.mean(students[$0]!) })
        plot.addSeries("AGD (averaged outputs)", x: Self.ratios, y: Self.ratios.map { Statistics.mean(averaged[$0]!) })
        try plot.write(to: configuration.outputDirectory.appendingPathComponent("errors.svg"))

        var claims: [Claim] = []
        for alpha in Self.ratios where alpha >= threshold + 0.1 {
            claims.append(
                Claim(
                    name: String(format: "α = %.3g: GD test error", alpha),
                    statement: "above α_PR + 0.1 GD from a random start learns the teacher: normalized test MSE < 1e-3",
                    measured: Estimate(values: students[alpha]!), condition: .below(1e-3)))
        }
        for alpha in Self.ratios where alpha <= threshold - 0.1 {
            claims.append(
                Claim(
                    name: String(format: "α = %.3g: GD test error", alpha),
                    statement: "below α_PR − 0.1 GD does not learn the teacher: normalized test MSE > 0.05",
                    measured: Estimate(values: students[alpha]!), condition: .above(0.05)))
        }
        for alpha in Self.ratios where alpha < threshold {
            claims.append(
                Claim(
                    name: String(format: "α = %.3g: AGD / GD error", alpha),
                    statement: "below α_PR averaging students from several starts beats one student by ≥ 20%",
                    measured: Estimate(values: zip(averaged[alpha]!, students[alpha]!).map { $0 / $1 }),
                    condition: .atMost(0.8)))
        }
        return ExperimentResult(
            experiment: name, paper: paper,
            configuration: [
                "d": "\(d)", "m": "\(width)", "alpha_PR": String(format: "%.4g", threshold), "steps": "\(steps)",
                "learning_rate": "\(learningRate)", "students": "\(members)", "test_samples": "\(testCount)",
            ],
            seeds: seeds, claims: claims,
            notes: Self.ratios.map { alpha in
                String(
                    format: "α = %.3g: GD %.3g, AGD %.3g (means over seeds)", alpha, Statistics.mean(students[alpha]!),
                    Statistics.mean(averaged[alpha]!))
            },
            files: ["errors.csv", "errors.svg"])
    }
}
