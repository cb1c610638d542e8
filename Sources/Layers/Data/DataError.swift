/// What is wrong with a data file that could be opened: it is truncated or corrupt, holds something SciGrad does
/// not read, or a CSV value is not a number.
///
/// Failures of the operating system itself (a missing file, no permission) are `FileSystemError`s.
///
/// ```swift
/// do {
///     let table = try CSV.load(from: url)
/// } catch let error as DataError {
///     print(error)   // "measurements.csv, line 7, column 3 (pressure): 'n/a' is not a number"
/// }
/// ```
public enum DataError: Error, Equatable, CustomStringConvertible {
    /// The file is truncated or does not follow its format; `reason` says where and how.
    case corrupt(path: String, reason: String)
    /// The file is well formed but holds something SciGrad does not read (a complex dtype, an object array, …).
    case unsupported(path: String, reason: String)
    /// A CSV field that is not a number (lines and columns count from 1; `columnName` comes from the header).
    case invalidValue(path: String, line: Int, column: Int, columnName: String?, text: String, expected: String)
    /// A CSV row with a different number of fields than the first row.
    case raggedRow(path: String, line: Int, fieldCount: Int, expectedCount: Int)

    public var description: String {
        switch self {
        case .corrupt(let path, let reason):
            return "\(path): corrupt or truncated: \(reason)"
        case .unsupported(let path, let reason):
            return "\(path): unsupported: \(reason)"
        case .invalidValue(let path, let line, let column, let columnName, let text, let expected):
            let name = columnName.map { " (\($0))" } ?? ""
            return "\(path), line \(line), column \(column)\(name): '\(text)' is not \(expected)"
        case .raggedRow(let path, let line, let fieldCount, let expectedCount):
            return "\(path), line \(line): \(fieldCount) fields, expected \(expectedCount) like the first row"
        }
    }

    /// The longest piece of a file's text an error message quotes.
    static let maximumExcerptLength = 200

    /// `text` as an error message quotes it: whole when short, otherwise its start and its length, so that a
    /// damaged megabyte header does not flood the message.
    static func excerpt(_ text: some StringProtocol) -> String {
        guard text.count > maximumExcerptLength else { return String(text) }
        return "\(text.prefix(maximumExcerptLength))… (\(text.count) characters)"
    }
}
