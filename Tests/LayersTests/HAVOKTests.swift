import Foundation
import Layers
import Tensor
import TestSupport
import XCTest

/// Delay windows and HAVOK: a sum of two sinusoids is a rank-4 linear system in delay coordinates, forecast exactly.
final class HAVOKTests: XCTestCase {
    func testWindowsAreTheRowsOfTheHankelMatrix() {
        let w = DelayEmbedding.windows(Tensor([1, 2, 3, 4, 5], shape: [5], dtype: .float64), length: 3)
        assertClose(w, [1, 2, 3, 2, 3, 4, 3, 4, 5], shape: [3, 3], relativeTolerance: 0, absoluteTolerance: 0)
    }

    func testForecastsASumOfSinusoidsAtRankFour() throws {
        let series = (0..<400).map { t in sin(0.05 * Double(t)) + 0.5 * cos(0.13 * Double(t) + 1) }
        let windows = DelayEmbedding.windows(Tensor(series, shape: [400], dtype: .float64), length: 20)
        let count = windows.shape[0] - 1
        let inputs = windows.narrowed(axis: 0, start: 0, length: count)
        let next = windows.narrowed(axis: 0, start: 1, length: count)
        let model = try HAVOK(windows: inputs, nextWindows: next, rank: 4)
        XCTAssertEqual(model.rank, 4)
        XCTAssertEqual(model.singularValues.count, 4)
        let forecast = model.predictNext(inputs)
        assertClose(
            forecast, next.selected(axis: 1, index: 19).toDoubles(), relativeTolerance: 0, absoluteTolerance: 1e-8)
        // Rank 2 captures one of the two oscillations only: its forecast is visibly wrong.
        let truncated = try HAVOK(windows: inputs, nextWindows: next, rank: 2).predictNext(inputs)
        let error = (truncated - next.selected(axis: 1, index: 19)).abs().max().item()
        XCTAssertGreaterThan(error, 0.05)
    }
}
