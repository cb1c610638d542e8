import Foundation
import Tensor

/// Numeric tables in comma-separated (or other delimited) text files.
///
/// Every column must hold numbers (`1`, `-2.5e-3`, `nan`, `inf`; surrounding spaces and double quotes are
/// ignored); blank lines are skipped. A value that is not a number, or a row of a different width, throws a
/// `DataError` naming the line and the column.
///
/// ```swift
/// // x,t,u
/// // 0.0,0.0,1.0
/// // 0.1,0.0,0.95
/// let table = try CSV.load(from: URL(fileURLWithPath: "samples.csv"), dtype: .float64)
/// table.columnNames   // ["x", "t", "u"]
/// table.values        // [rows, 3] float64
/// ```
public enum CSV {
    /// Whether the first row names the columns.
    public enum Header: Sendable {
        /// The first row is a header.
        case present
        /// Every row is data.
        case absent
        /// The first row is a header when any of its fields is not a number.
        case automatic
    }

    /// The values of a table and the names of its columns.
    public struct Table {
        /// The header's names, or nil for a file without a header.
        public let columnNames: [String]?
        /// `[rows, columns]`.
        public let values: Tensor
    }

    /// Reads the table in the file at `url` as a `[rows, columns]` tensor of `dtype` (floating, or int64 when
    /// every value is an integer). The delimiter is an ASCII character.
    public static func load(
        from url: URL, header: Header = .automatic, delimiter: Character = ",", dtype: DType = .float32
    ) throws -> Table {
        try parse(FileAccess.readBytes(at: url), path: url.path, header: header, delimiter: delimiter, dtype: dtype)
    }

    /// Reads a table from the UTF-8 bytes of a file; `path` names it in errors.
    static func parse(_ bytes: [UInt8], path: String, header: Header, delimiter: Character, dtype: DType) throws
        -> Table
    {
        precondition(dtype != .bool, "CSV.load: dtype must be float32, float64 or int64, got bool")
        guard let separator = delimiter.asciiValue, delimiter != "\"" else {
            preconditionFailure(
                "CSV.load: the delimiter must be an ASCII character other than a quote, got '\(delimiter)'")
        }
        var columnNames: [String]?
        var columnCount: Int?
        var doubles: [Double] = []
        var integers: [Int64] = []
        var rowCount = 0
        let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]
        let content = bytes.starts(with: byteOrderMark) ? bytes[3...] : bytes[...]
        for (lineIndex, rawLine) in content.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.last == 0x0D ? rawLine.dropLast() : rawLine
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            let lineNumber = lineIndex + 1
            let fields = split(line, separator: separator)
            if let expected = columnCount {
                guard fields.count == expected else {
                    throw DataError.raggedRow(
                        path: path, line: lineNumber, fieldCount: fields.count, expectedCount: expected)
                }
            } else {
                columnCount = fields.count
                let isHeader: Bool
                switch header {
                case .present: isHeader = true
                case .absent: isHeader = false
                case .automatic: isHeader = fields.contains { Double($0) == nil }
                }
                if isHeader {
                    columnNames = fields
                    continue
                }
            }
            for (columnIndex, field) in fields.enumerated() {
                func invalid(_ expected: String) -> DataError {
                    DataError.invalidValue(
                        path: path, line: lineNumber, column: columnIndex + 1, columnName: columnNames?[columnIndex],
                        text: DataError.excerpt(field), expected: expected)
                }
                if dtype == .int64 {
                    guard let value = Int64(field) else { throw invalid("an integer") }
                    integers.append(value)
                } else {
                    guard let value = Double(field) else { throw invalid("a number") }
                    doubles.append(value)
                }
            }
            rowCount += 1
        }
        let shape = [rowCount, columnCount ?? 0]
        let values = dtype == .int64 ? Tensor(integers, shape: shape) : Tensor(doubles, shape: shape, dtype: dtype)
        return Table(columnNames: columnNames, values: values)
    }

    /// The fields of one line, trimmed of spaces and tabs, with enclosing double quotes removed (`""` inside is a
    /// quote). A separator inside quotes does not split.
    private static func split(_ line: ArraySlice<UInt8>, separator: UInt8) -> [String] {
        var fields: [ArraySlice<UInt8>] = []
        var start = line.startIndex
        var isQuoted = false
        for index in line.indices {
            if line[index] == UInt8(ascii: "\"") {
                isQuoted.toggle()
            } else if line[index] == separator && !isQuoted {
                fields.append(line[start..<index])
                start = index + 1
            }
        }
        fields.append(line[start...])
        return fields.map { raw in
            let isBlank = { (byte: UInt8) in byte == 0x20 || byte == 0x09 }
            let trimmed = raw.drop(while: isBlank).reversed().drop(while: isBlank).reversed()
            let field = String(decoding: trimmed, as: UTF8.self)
            guard field.count >= 2, field.hasPrefix("\""), field.hasSuffix("\"") else { return field }
            return field.dropFirst().dropLast().replacingOccurrences(of: "\"\"", with: "\"")
        }
    }
}
