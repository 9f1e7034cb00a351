import Dispatch

/// Maps independent work over `workers` threads (all cores by default): results come back
/// in input order.
enum ParallelMap {
    static func map<T: Sendable, R: Sendable>(_ items: [T], workers: Int? = nil, _ transform: @Sendable (T) -> R) -> [R] {
        let workers = workers ?? items.count
        guard workers > 1 else { return items.map(transform) }
        let box = ResultBox<R>(count: items.count)
        DispatchQueue.concurrentPerform(iterations: min(workers, items.count)) { w in
            for i in stride(from: w, to: items.count, by: min(workers, items.count)) { box.set(i, transform(items[i])) }
        }
        return box.values()
    }
}

/// Slots written once each, from different threads, at distinct indexes: raw memory, so no
/// exclusive access to one Swift array is ever claimed by two threads.
private final class ResultBox<R>: @unchecked Sendable {
    private let slots: UnsafeMutablePointer<R?>
    private let count: Int

    init(count: Int) {
        self.count = count
        slots = UnsafeMutablePointer<R?>.allocate(capacity: max(count, 1))
        slots.initialize(repeating: nil, count: count)
    }

    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
    }

    func set(_ i: Int, _ value: R) { slots[i] = value }

    func values() -> [R] { (0..<count).map { slots[$0]! } }
}
