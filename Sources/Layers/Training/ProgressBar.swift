import Foundation

/// A progress line for a training loop: step/total, a bar, the rate, the time left, the latest loss and any other
/// named values.
///
/// On a terminal the line is redrawn in place (`\r`) at most ten times a second, plus once at the last step, and
/// ends with a newline when the run is finished. When standard output is not a terminal (a log file, CI) nothing
/// is printed until the end, then one line with the totals.
///
/// A line wider than the terminal drops whole fields rather than cutting one: first the bar, then the rate, the
/// named values (last first), the time left and the percentage. A loss that is NaN or ±∞ is flagged with the step
/// it first appeared at (`loss nan (non-finite since step 412)`), which is never dropped.
///
/// ```swift
/// let progress = ProgressBar(total: 10_000, label: "train")
/// for step in 1...10_000 {
///     let loss = trainStep()
///     progress.update(step: step, loss: loss, values: ["lr": scheduler.learningRate])
/// }
/// // train  4210/10000 [########------------]  42% 812.4 it/s ETA 0:07 loss 3.142e-03 lr 0.001
///
/// // Or around any sequence, one step per element:
/// let batches = ProgressBar.wrapping(loader.batches(), label: "epoch 1")
/// for batch in batches {
///     batches.bar.record(loss: trainStep(batch))
/// }
/// ```
public final class ProgressBar {
    /// The step at which the run is finished.
    public let total: Int
    /// Printed before the counts.
    public let label: String

    private let isTerminal: Bool
    private let output: (String) -> Void
    private let clock: () -> Double
    private let columns: Int
    private let startTime: Double
    private let startStep: Int
    private var lastDrawTime = -Double.infinity
    fileprivate var step: Int
    private var loss: Double?
    private var values: [(name: String, value: Double)] = []
    private var isFinished = false
    /// The first step whose loss was NaN or ±∞.
    public private(set) var firstNonFiniteLossStep: Int?

    /// The shortest time between two redraws on a terminal, in seconds.
    static let redrawInterval = 0.1

    /// A bar over `total` steps printing to standard output; `initialStep` is where a resumed run starts.
    public convenience init(total: Int, label: String = "", initialStep: Int = 0) {
        let terminal = isatty(1) == 1
        self.init(
            total: total, label: label, initialStep: initialStep, isTerminal: terminal,
            columns: terminal ? Self.terminalColumns() : 80, clock: Self.monotonicSeconds,
            output: { text in
                // Through the same buffer as `print`, so the bar keeps its place among the program's own output.
                print(text, terminator: "")
                fflush(nil)
            })
    }

    /// A bar writing through `output`, timed by `clock` (seconds), as on a terminal `columns` wide or not.
    init(
        total: Int, label: String, initialStep: Int, isTerminal: Bool, columns: Int, clock: @escaping () -> Double,
        output: @escaping (String) -> Void
    ) {
        precondition(total > 0, "ProgressBar: total must be positive, got \(total)")
        self.total = total
        self.label = label
        self.isTerminal = isTerminal
        self.columns = columns
        self.clock = clock
        self.output = output
        startTime = clock()
        startStep = initialStep
        step = initialStep
    }

    /// Records the progress after `step` (counted from 1 to `total`) with the latest loss and other named values,
    /// and redraws the line when it is due. Reaching `total` finishes the bar.
    public func update(step: Int, loss: Double? = nil, values: KeyValuePairs<String, Double> = [:]) {
        guard !isFinished else { return }
        self.step = step
        record(loss: loss, values: values)
        advance(to: step)
    }

    /// Moves to `step` and redraws when due, keeping the recorded loss and values.
    func advance(to step: Int) {
        guard !isFinished else { return }
        self.step = step
        if step >= total {
            finish()
            return
        }
        guard isTerminal else { return }
        let now = clock()
        guard now - lastDrawTime >= Self.redrawInterval else { return }
        lastDrawTime = now
        output("\r" + line(finished: false) + "\u{1B}[K")
    }

    /// Sets the loss and values that the next redraw shows, without advancing (for a bar that `wrapping` advances).
    public func record(loss: Double?, values: KeyValuePairs<String, Double> = [:]) {
        self.loss = loss
        self.values = values.map { ($0.key, $0.value) }
        if let loss, !loss.isFinite, firstNonFiniteLossStep == nil { firstNonFiniteLossStep = step }
    }

    /// Prints the final line (ending it with a newline); later updates are ignored. Call it when a run stops
    /// before `total`.
    public func finish() {
        guard !isFinished else { return }
        isFinished = true
        output((isTerminal ? "\r" : "") + line(finished: true) + (isTerminal ? "\u{1B}[K\n" : "\n"))
    }

    /// The text of the line, with whole fields dropped until it fits the terminal's width.
    func line(finished: Bool) -> String {
        let elapsed = clock() - startTime
        let done = step - startStep
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let fraction = min(max(Double(step) / Double(total), 0), 1)
        let barWidth = 20
        let filled = Int(fraction * Double(barWidth))
        // Each field with its rank in the dropping order (lower drops first; nil is never dropped).
        var fields: [(text: String, dropRank: Int?)] = [
            ((label.isEmpty ? "" : label + " ") + "\(step)/\(total)", nil),
            ("[" + String(repeating: "#", count: filled) + String(repeating: "-", count: barWidth - filled) + "]", 0),
            (String(format: "%3ld%%", Int(fraction * 100)), 1000),
            (rate >= 1 || rate == 0 ? String(format: "%.1f it/s", rate) : String(format: "%.2f s/it", 1 / rate), 1),
        ]
        if finished {
            fields.append(("in " + Self.duration(elapsed), 999))
        } else if rate > 0 {
            fields.append(("ETA " + Self.duration(Double(total - step) / rate), 999))
        }
        if let loss {
            let flag = firstNonFiniteLossStep.map { " (non-finite since step \($0))" } ?? ""
            fields.append(("loss " + Self.format(loss) + flag, nil))
        }
        for (index, value) in values.enumerated() {
            fields.append(("\(value.name) \(Self.format(value.value))", 2 + values.count - index))
        }
        guard isTerminal else { return fields.map { $0.text }.joined(separator: " ") }
        while fields.map({ $0.text.count }).reduce(fields.count - 1, +) >= columns,
            let drop = fields.indices.filter({ fields[$0].dropRank != nil }).min(by: {
                fields[$0].dropRank! < fields[$1].dropRank!
            })
        {
            fields.remove(at: drop)
        }
        let text = fields.map { $0.text }.joined(separator: " ")
        return text.count >= columns ? String(text.prefix(max(columns - 1, 0))) : text
    }

    /// Four significant digits, switching to exponent notation for very large or small magnitudes (`%.4g`).
    static func format(_ value: Double) -> String { String(format: "%.4g", value) }

    /// `m:ss`, or `h:mm:ss` from an hour on.
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "?" }
        let total = Int(seconds.rounded())
        let (hours, minutes, remainder) = (total / 3600, total / 60 % 60, total % 60)
        return hours > 0
            ? String(format: "%ld:%02ld:%02ld", hours, minutes, remainder)
            : String(format: "%ld:%02ld", minutes, remainder)
    }

    private static func monotonicSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }

    private static func terminalColumns() -> Int {
        var size = winsize()
        return ioctl(1, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 ? Int(size.ws_col) : 80
    }
}

extension ProgressBar {
    /// The elements of `sequence`, advancing a bar by one step per element. `total` defaults to the sequence's
    /// `underestimatedCount` (its count for collections and `DataLoader`s).
    public static func wrapping<Base: Sequence>(_ sequence: Base, total: Int? = nil, label: String = "")
        -> ProgressSequence<Base>
    {
        let count = total ?? sequence.underestimatedCount
        precondition(count > 0, "ProgressBar.wrapping: the sequence's length is unknown or zero; pass total:")
        return ProgressSequence(base: sequence, bar: ProgressBar(total: count, label: label))
    }
}

/// A sequence whose iteration advances `bar` (see `ProgressBar.wrapping`).
public struct ProgressSequence<Base: Sequence>: Sequence {
    let base: Base
    /// The bar: `record(loss:)` sets the loss it shows.
    public let bar: ProgressBar

    public struct Iterator: IteratorProtocol {
        var base: Base.Iterator
        let bar: ProgressBar
        var step = 0

        public mutating func next() -> Base.Element? {
            if step > 0 { bar.advance(to: step) }
            guard let element = base.next() else {
                bar.finish()
                return nil
            }
            step += 1
            bar.step = step  // a loss recorded while the element is processed belongs to this step
            return element
        }
    }

    public func makeIterator() -> Iterator { Iterator(base: base.makeIterator(), bar: bar) }
    public var underestimatedCount: Int { base.underestimatedCount }
}
