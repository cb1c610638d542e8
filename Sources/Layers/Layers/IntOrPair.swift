/// A size for the two spatial axes of a 2-D layer: one number for both (`3`) or a (height, width) pair (`[3, 5]`).
///
/// ```swift
/// let conv = Conv2d(inputChannels: 3, outputChannels: 16, kernelSize: [3, 5], padding: 1, using: &generator)
/// ```
public struct IntOrPair: Sendable, Equatable, ExpressibleByIntegerLiteral, ExpressibleByArrayLiteral,
    CustomStringConvertible
{
    /// The size along the height (first spatial) axis.
    public let first: Int
    /// The size along the width (second spatial) axis.
    public let second: Int

    /// The same size along both axes.
    public init(_ value: Int) { self.init(value, value) }

    /// (height, width).
    public init(_ first: Int, _ second: Int) {
        self.first = first
        self.second = second
    }

    public init(integerLiteral value: Int) { self.init(value) }

    public init(arrayLiteral elements: Int...) {
        precondition(elements.count == 2, "IntOrPair: needs two sizes (height, width), got \(elements)")
        self.init(elements[0], elements[1])
    }

    /// `[first, second]`.
    public var values: [Int] { [first, second] }

    public var description: String { "(\(first), \(second))" }
}
