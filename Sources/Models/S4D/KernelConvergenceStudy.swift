import Foundation
import Layers
import Tensor

/// Part (a) of the S4D reproduction: the S4D-LegS kernel approaches the S4 (HiPPO-LegS) kernel as N grows.
///
/// S4: the dense HiPPO-LegS system (A, B), bilinear discretization with Δ = 1e-2 and powers of Ā, in float64.
/// S4D-LegS: the diagonal system (Λ(A_N), ½V*B, CV) with the same Δ and discretization, kernel by the Vandermonde
/// product. Readout C: the first 16 states (rows of the identity; all states when N = 16), the coordinates every N
/// shares. Error: ‖K_S4D − K_S4‖_F/‖K_S4‖_F over those 16 kernels of length L = 2048. (Δ, L and the readout were fixed
/// before the first run.)
struct KernelConvergenceStudy {
    let stateSizes: [Int]
    let length: Int
    let step: Double
    let readoutStates: Int

    func run(outputDirectory: URL, log: (String) -> Void) throws -> [Double] {
        var errors: [Double] = []
        var curves = CSVTable()
        let time = (0..<length).map { Double($0) * step }
        curves.add("t", time)
        var plot = LinePlot(title: "Kernel of state 0 (Δ = \(step), bilinear)", xLabel: "t", yLabel: "K(t)")
        for n in stateSizes {
            let hippo = HiPPO(.legendreScaled, stateSize: n)
            let readout = Tensor.eye(readoutStates, n, dtype: .float64)
            let reference = try DenseStateSpaceKernel.bilinear(
                stateMatrix: hippo.stateMatrix, input: hippo.inputVector, output: readout, step: step, length: length)
            let diagonalization = try hippo.diagonalizedNormalPart()
            var rows: [Tensor] = []
            for state in 0..<readoutStates {
                let system = try DiagonalSystem(
                    diagonalization, input: hippo.inputVector, output: readout.selected(axis: 0, index: state),
                    inputScale: 0.5
                ).conjugateHalf()
                rows.append(system.kernel(length: length, step: step, discretization: .bilinear))
            }
            let diagonal = Tensor.stacked(rows, axis: 0)
            let error = (diagonal - reference).norm().item() / reference.norm().item()
            errors.append(error)
            log(String(format: "N = %3d: ‖K_S4D-LegS − K_S4-LegS‖/‖K_S4-LegS‖ = %.4f", n, error))
            curves.add("s4_state0_n\(n)", reference.selected(axis: 0, index: 0).toDoubles())
            curves.add("s4d_state0_n\(n)", diagonal.selected(axis: 0, index: 0).toDoubles())
            if n == stateSizes.first! || n == stateSizes.last! {
                plot.addSeries("S4-LegS, N = \(n)", x: time, y: reference.selected(axis: 0, index: 0).toDoubles())
                plot.addSeries("S4D-LegS, N = \(n)", x: time, y: diagonal.selected(axis: 0, index: 0).toDoubles())
            }
        }
        try plot.write(to: outputDirectory.appendingPathComponent("kernels.svg"))
        var errorPlot = LinePlot(
            title: "S4D-LegS kernel against S4-LegS (first \(readoutStates) states)", xLabel: "state size N",
            yLabel: "relative error", xScale: .logarithmic, yScale: .logarithmic)
        errorPlot.addSeries("‖K_S4D − K_S4‖/‖K_S4‖", x: stateSizes.map(Double.init), y: errors)
        try errorPlot.write(to: outputDirectory.appendingPathComponent("kernel_error_vs_state_size.svg"))
        try curves.write("kernels.csv", into: outputDirectory)
        var table = CSVTable()
        table.add("N", stateSizes.map(Double.init))
        table.add("kernel_relative_error", errors)
        try table.write("kernel_error_vs_state_size.csv", into: outputDirectory)
        return errors
    }
}
