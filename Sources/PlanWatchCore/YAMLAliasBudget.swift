// Yams' own libyaml (its CYaml module, already linked through Yams): the event stream is the one place
// where an alias can be counted before Yams composes the document.
import CYaml
import Foundation

/// Refuses YAML whose aliases stand for too many nodes ("billion laughs"). Yams shares an aliased node
/// instead of copying it, so composing a 1 KB alias bomb is cheap, but everything that walks the tree
/// visits each alias' nodes again: Yams hashing an aliased mapping key, the loaders flattening
/// `reference_data` cells. 8 levels of 9 aliases in `reference_data` (1,032 bytes) took 31.6 s and
/// 764 MB in `validate`; one level more did not finish in 120 s.
///
/// One pass over libyaml's events, before composing: each anchored node's expanded size is recorded
/// when it ends, and each alias adds the size of what it names. Linear in the file, whatever it expands to.
enum YAMLAliasBudget {
    /// Most nodes reachable through aliases in one file. The bundled plans and configs use none; a
    /// hand-written file that shares a few blocks uses hundreds.
    static let limit = 100_000

    /// An open sequence or mapping: its expanded size so far and where the parser is inside it.
    private struct Frame {
        var isMapping: Bool
        var anchor: String?
        var size = 1
        var children = 0
        var lastKey: String?
    }

    /// The problem, located at the alias that crossed the limit, or nil. Syntax errors are left to
    /// Yams, which reports them with the same positions.
    static func check(_ text: String, file: String) -> ConfigProblem? {
        var bytes = Array(text.utf8)
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        return bytes.withUnsafeMutableBufferPointer { buffer -> ConfigProblem? in
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var sizes: [String: Int] = [:]
            var stack: [Frame] = []
            var aliased = 0

            func finish(size: Int, anchor: String?, scalar: String? = nil) {
                if let anchor { sizes[anchor] = size }
                guard !stack.isEmpty else { return }
                if stack[stack.count - 1].isMapping, stack[stack.count - 1].children % 2 == 0 {
                    stack[stack.count - 1].lastKey = scalar ?? "?"
                }
                stack[stack.count - 1].size += size
                stack[stack.count - 1].children += 1
            }

            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
                defer { yaml_event_delete(&event) }
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return nil
                case YAML_SCALAR_EVENT:
                    let value = event.data.scalar.value.map { String(cString: $0) }
                    finish(size: 1, anchor: name(event.data.scalar.anchor), scalar: value)
                case YAML_SEQUENCE_START_EVENT:
                    stack.append(Frame(isMapping: false, anchor: name(event.data.sequence_start.anchor)))
                case YAML_MAPPING_START_EVENT:
                    stack.append(Frame(isMapping: true, anchor: name(event.data.mapping_start.anchor)))
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    guard let frame = stack.popLast() else { continue }
                    finish(size: frame.size, anchor: frame.anchor)
                case YAML_ALIAS_EVENT:
                    let target = name(event.data.alias.anchor) ?? ""
                    let size = sizes[target] ?? 1
                    aliased += size
                    if aliased > limit {
                        return ConfigProblem(
                            file: file, line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1,
                            key: path(stack),
                            message: "YAML aliases expand to more than \(limit) nodes (here *\(target) stands for \(size)); write the values out or nest fewer aliases (an alias of an alias multiplies)")
                    }
                    finish(size: size, anchor: nil)
                default:
                    continue
                }
            }
        }
    }

    private static func name(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    /// The key path of the node being read, in the loaders' style: `reference_data.parks[3].name`.
    private static func path(_ stack: [Frame]) -> String {
        var path = ""
        for frame in stack {
            if frame.isMapping {
                // At a value the last key names it; at a key, the mapping itself is the place.
                guard frame.children % 2 == 1, let key = frame.lastKey else { break }
                path += path.isEmpty ? key : ".\(key)"
            } else {
                path += "[\(frame.children)]"
            }
        }
        return path
    }
}
