/// Why evidence could not be made, or does not hold. Each names the file concerned.
public enum EvidenceError: Error, CustomStringConvertible, Equatable {
    /// A key file that cannot be read, written or understood.
    case key(path: String, reason: String)
    /// No event with this id is stored.
    case noSuchEvent(String)
    /// A bundle that does not verify: the file and what is wrong with it.
    case bundle(file: String, reason: String)

    public var description: String {
        switch self {
        case .key(let path, let reason): "key file \(path) \(reason)"
        case .noSuchEvent(let id): "no stored event has the id \(id)"
        case .bundle(let file, let reason): "\(file): \(reason)"
        }
    }
}
