/// The header of an `.npy` file: a Python dict literal naming the element format, the memory order and the shape,
/// such as `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }`.
struct NumPyHeader {
    /// NumPy's type string (`descr`): byte order, kind and size, such as `<f4`.
    var elementFormat: String
    /// Whether the data is stored column-major (Fortran order) rather than row-major.
    var isFortranOrder: Bool
    var shape: [Int]

    init(elementFormat: String, isFortranOrder: Bool, shape: [Int]) {
        self.elementFormat = elementFormat
        self.isFortranOrder = isFortranOrder
        self.shape = shape
    }

    /// Reads the dict literal `text`; `path` names the file in errors, which quote at most the start of `text`.
    init(parsing text: String, path: String) throws {
        let quoted = DataError.excerpt(text)
        var parser = PythonLiteralParser(text: text)
        let literal = parser.parseLiteral()
        guard !parser.isTooDeep else {
            throw DataError.corrupt(
                path: path,
                reason: "the header nests literals more than \(PythonLiteralParser.maximumDepth) deep: \(quoted)")
        }
        guard let literal, parser.isAtEnd, case .dictionary(let entries) = literal else {
            throw DataError.corrupt(path: path, reason: "the header is not a Python dict literal: \(quoted)")
        }
        func entry(_ key: String) throws -> PythonLiteral {
            guard let value = entries.first(where: { $0.key == key })?.value else {
                throw DataError.corrupt(path: path, reason: "the header has no '\(DataError.excerpt(key))': \(quoted)")
            }
            return value
        }
        switch try entry("descr") {
        case .string(let format): elementFormat = format
        case .list: throw DataError.unsupported(path: path, reason: "a structured dtype (record array)")
        default: throw DataError.corrupt(path: path, reason: "'descr' is not a string: \(quoted)")
        }
        guard case .boolean(let fortranOrder) = try entry("fortran_order") else {
            throw DataError.corrupt(path: path, reason: "'fortran_order' is not True or False: \(quoted)")
        }
        isFortranOrder = fortranOrder
        guard case .tuple(let sizes) = try entry("shape") else {
            throw DataError.corrupt(path: path, reason: "'shape' is not a tuple: \(quoted)")
        }
        shape = try sizes.map { size in
            guard case .integer(let value) = size, value >= 0 else {
                throw DataError.corrupt(path: path, reason: "'shape' holds something other than sizes: \(quoted)")
            }
            return value
        }
    }

    /// The dict literal as NumPy writes it.
    var text: String {
        let sizes = shape.map(String.init).joined(separator: ", ")
        let tuple = shape.count == 1 ? "(\(sizes),)" : "(\(sizes))"
        return
            "{'descr': '\(elementFormat)', 'fortran_order': \(isFortranOrder ? "True" : "False"), 'shape': \(tuple), }"
    }
}

/// The few Python literals an `.npy` header uses.
enum PythonLiteral {
    case string(String)
    case boolean(Bool)
    case integer(Int)
    case tuple([PythonLiteral])
    case list([PythonLiteral])
    case dictionary([(key: String, value: PythonLiteral)])
}

/// A recursive-descent parser for `PythonLiteral`s; it returns nil on anything else.
///
/// Nesting is capped at `maximumDepth` (a header nests two deep), so that a file of a hundred thousand `(` cannot
/// exhaust the stack: deeper input returns nil with `isTooDeep` set.
struct PythonLiteralParser {
    static let maximumDepth = 32

    private let characters: [Character]
    private var position = 0
    private var depth = 0
    /// Whether parsing stopped at a literal nested more than `maximumDepth` deep.
    private(set) var isTooDeep = false

    init(text: String) { characters = Array(text) }

    /// Whether only whitespace remains.
    var isAtEnd: Bool {
        mutating get {
            skipWhitespace()
            return position == characters.count
        }
    }

    mutating func parseLiteral() -> PythonLiteral? {
        skipWhitespace()
        guard position < characters.count else { return nil }
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else {
            isTooDeep = true
            return nil
        }
        switch characters[position] {
        case "'", "\"": return parseString().map(PythonLiteral.string)
        case "(": return parseSequence(closing: ")").map(PythonLiteral.tuple)
        case "[": return parseSequence(closing: "]").map(PythonLiteral.list)
        case "{": return parseDictionary()
        case "T": return consume("True") ? .boolean(true) : nil
        case "F": return consume("False") ? .boolean(false) : nil
        default: return parseInteger().map(PythonLiteral.integer)
        }
    }

    private mutating func skipWhitespace() {
        while position < characters.count, characters[position].isWhitespace { position += 1 }
    }

    private mutating func consume(_ word: String) -> Bool {
        let end = position + word.count
        guard end <= characters.count, String(characters[position..<end]) == word else { return false }
        position = end
        return true
    }

    private mutating func parseString() -> String? {
        let quote = characters[position]
        position += 1
        var result = ""
        while position < characters.count {
            let character = characters[position]
            position += 1
            if character == quote { return result }
            if character == "\\" {
                guard position < characters.count else { return nil }
                result.append(characters[position])
                position += 1
            } else {
                result.append(character)
            }
        }
        return nil
    }

    /// A decimal integer; Python 2 wrote a trailing `L` on longs (`(3L, 4L)`), which is accepted.
    private mutating func parseInteger() -> Int? {
        let start = position
        if position < characters.count, characters[position] == "-" { position += 1 }
        while position < characters.count, characters[position].isASCII, characters[position].isNumber { position += 1 }
        guard let value = Int(String(characters[start..<position])) else { return nil }
        if position < characters.count, characters[position] == "L" { position += 1 }
        return value
    }

    /// Elements separated by commas, a trailing comma allowed, up to `closing`.
    private mutating func parseSequence(closing: Character) -> [PythonLiteral]? {
        position += 1
        var elements: [PythonLiteral] = []
        while true {
            skipWhitespace()
            guard position < characters.count else { return nil }
            if characters[position] == closing {
                position += 1
                return elements
            }
            guard let element = parseLiteral() else { return nil }
            elements.append(element)
            guard separatorFollows(closing: closing) else { return nil }
        }
    }

    private mutating func parseDictionary() -> PythonLiteral? {
        position += 1
        var entries: [(key: String, value: PythonLiteral)] = []
        while true {
            skipWhitespace()
            guard position < characters.count else { return nil }
            if characters[position] == "}" {
                position += 1
                return .dictionary(entries)
            }
            guard case .string(let key) = parseLiteral() else { return nil }
            skipWhitespace()
            guard position < characters.count, characters[position] == ":" else { return nil }
            position += 1
            guard let value = parseLiteral() else { return nil }
            entries.append((key, value))
            guard separatorFollows(closing: "}") else { return nil }
        }
    }

    /// Consumes a comma, or checks that `closing` comes next (left for the caller).
    private mutating func separatorFollows(closing: Character) -> Bool {
        skipWhitespace()
        guard position < characters.count else { return false }
        if characters[position] == "," {
            position += 1
            return true
        }
        return characters[position] == closing
    }
}
