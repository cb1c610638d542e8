import XCTest

@testable import Layers

final class ProgressBarTests: XCTestCase {
    /// A bar with a clock the test advances and its output collected.
    final class Harness {
        var now = 100.0
        var output: [String] = []
        var bar: ProgressBar!

        init(isTerminal: Bool, columns: Int = 200) {
            bar = ProgressBar(
                total: 10, label: "train", initialStep: 0, isTerminal: isTerminal, columns: columns,
                clock: { [unowned self] in now }, output: { [unowned self] in output.append($0) })
        }
    }

    func testRedrawsInPlaceAtMostTenTimesASecond() {
        let harness = Harness(isTerminal: true)
        for step in 1...9 {
            harness.now += 0.04
            harness.bar.update(step: step, loss: 0.5 / Double(step))
        }
        // Draws at 0.04 s, then once 0.1 s has passed: 0.16, 0.28.
        XCTAssertEqual(harness.output.count, 3)
        XCTAssertTrue(harness.output.allSatisfy { $0.hasPrefix("\r") && $0.hasSuffix("\u{1B}[K") })
        XCTAssertTrue(harness.output[1].contains("train 4/10"), harness.output[1])
        harness.now += 0.04
        harness.bar.update(step: 10, loss: 0.01)
        XCTAssertEqual(harness.output.count, 4, "the last step always draws")
        XCTAssertTrue(harness.output[3].hasSuffix("\n"))
        harness.bar.update(step: 11)
        harness.bar.finish()
        XCTAssertEqual(harness.output.count, 4, "a finished bar stays quiet")
    }

    func testShowsRateTimeLeftLossAndNamedValues() {
        let harness = Harness(isTerminal: true)
        harness.now += 2
        harness.bar.update(step: 4, loss: 0.000123456, values: ["lr": 0.001, "accuracy": 0.875])
        let line = harness.output.last!
        XCTAssertTrue(line.contains("train 4/10 [########------------]  40%"), line)
        XCTAssertTrue(line.contains("2.0 it/s"), line)
        XCTAssertTrue(line.contains("ETA 0:03"), line)
        XCTAssertTrue(line.contains("loss 0.0001235"), line)
        XCTAssertTrue(line.hasSuffix("lr 0.001 accuracy 0.875\u{1B}[K"), line)
    }

    func testSlowStepsShowSecondsPerStep() {
        let harness = Harness(isTerminal: true)
        harness.now += 5
        harness.bar.update(step: 2)
        XCTAssertTrue(harness.output.last!.contains("2.50 s/it"), harness.output.last!)
    }

    func testQuietWhenNotATerminalExceptForOneFinalLine() {
        let harness = Harness(isTerminal: false)
        for step in 1...6 {
            harness.now += 1
            harness.bar.update(step: step, loss: 1)
        }
        XCTAssertEqual(harness.output, [])
        harness.bar.finish()
        XCTAssertEqual(harness.output, ["train 6/10 [############--------]  60% 1.0 it/s in 0:06 loss 1\n"])
    }

    func testLinesDropWholeFieldsToFitTheTerminalWidth() {
        let harness = Harness(isTerminal: true, columns: 30)
        harness.now += 1
        harness.bar.update(step: 1, loss: 1, values: ["a very long value name": 1])
        XCTAssertEqual(harness.output.last!, "\rtrain 1/10  10% loss 1\u{1B}[K")
        let wide = Harness(isTerminal: true, columns: 60)
        wide.now += 1
        wide.bar.update(step: 1, loss: 1, values: ["lr": 0.5, "accuracy": 0.25])
        XCTAssertEqual(wide.output.last!, "\rtrain 1/10  10% ETA 0:09 loss 1 lr 0.5 accuracy 0.25\u{1B}[K")
    }

    func testWrapsAnySequenceOneStepPerElement() {
        let harness = Harness(isTerminal: false)
        let wrapped = ProgressSequence(base: stride(from: 0, to: 20, by: 2), bar: harness.bar)
        var seen: [Int] = []
        for element in wrapped {
            harness.now += 1
            seen.append(element)
            wrapped.bar.record(loss: element == 6 ? .nan : Double(element))
        }
        XCTAssertEqual(seen, Array(stride(from: 0, to: 20, by: 2)))
        XCTAssertEqual(harness.bar.firstNonFiniteLossStep, 4)
        XCTAssertEqual(
            harness.output,
            ["train 10/10 [####################] 100% 1.0 it/s in 0:10 loss 18 (non-finite since step 4)\n"])
    }

    func testDurations() {
        XCTAssertEqual(ProgressBar.duration(7), "0:07")
        XCTAssertEqual(ProgressBar.duration(3599.6), "1:00:00")
        XCTAssertEqual(ProgressBar.duration(.infinity), "?")
    }
}
