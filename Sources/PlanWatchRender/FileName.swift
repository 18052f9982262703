/// File names built from document and table ids, which come from modules: only `[A-Za-z0-9._-]`,
/// no leading dot, never empty, so an id can neither leave the output folder nor hide a file.
public enum FileName {
    public static func safe(_ id: String) -> String {
        var out = String(id.unicodeScalars.map { scalar -> Character in
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "-", "_", ".": Character(scalar)
            default: "_"
            }
        })
        while out.hasPrefix(".") { out = "_" + out.dropFirst() }
        if out.count > 120 { out = String(out.prefix(120)) }
        return out.isEmpty ? "_" : out
    }

    /// Whether a name is already safe (used before putting a file name into an href).
    static func isSafe(_ name: String) -> Bool { !name.isEmpty && safe(name) == name }
}
