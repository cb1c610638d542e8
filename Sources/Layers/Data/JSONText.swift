/// JSON values written by hand: compact, in a fixed order, and escaped byte for byte as serde_json (the
/// safetensors reference implementation) escapes them.
enum JSONText {
    /// `string` as a JSON string literal: quotes, backslashes and control characters escaped, the rest as is.
    static func quoted(_ string: String) -> String {
        var result = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\u{08}": result += "\\b"
            case "\u{0C}": result += "\\f"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case let control where control.value < 0x20:
                let hex = String(control.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// `value` as a JSON number, the shortest text that reads back to it; `null` for NaN and infinities, which
    /// JSON cannot express.
    static func number(_ value: Double) -> String { value.isFinite ? "\(value)" : "null" }
}
