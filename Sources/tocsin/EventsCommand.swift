import ArgumentParser
import TocsinCore
import TocsinStore

/// `tocsin events`
struct Events: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print stored events as JSON lines, newest first.")

    @OptionGroup var store: StoreOptions
    @Option(help: "Only events of this entity.", transform: ArgumentParsers.entity)
    var entity: EntityID?
    @Option(help: "Only events overlapping this time or later.", transform: ArgumentParsers.time)
    var from: Int64?
    @Option(help: "Only events starting before this time.", transform: ArgumentParsers.time)
    var until: Int64?
    @Flag(help: "Only events still ongoing.")
    var ongoing = false

    func run() async throws {
        var out = OutputBuffer()
        let events = try await store.openStore().events(EventQuery(entity: entity, from: from, until: until, ongoingOnly: ongoing))
        for event in events { out.line(EventsJSONLines.line(event)) }
        out.flush()
    }
}
