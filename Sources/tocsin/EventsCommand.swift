import ArgumentParser
import TocsinCore
import TocsinStore

/// `tocsin events`
struct Events: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print stored events as JSON lines, newest first.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var filter: EventFilterOptions
    @Flag(help: "Only events still ongoing.")
    var ongoing = false

    func run() async throws {
        var out = OutputBuffer()
        var query = filter.query
        query.ongoingOnly = ongoing
        let events = try await store.openStore().events(query)
        for event in events { out.line(EventsJSONLines.line(event)) }
        out.flush()
    }
}

/// Which stored events a command reads.
struct EventFilterOptions: ParsableArguments {
    @Option(help: "Only events of this entity.", transform: ArgumentParsers.entity)
    var entity: EntityID?
    @Option(help: "Only events overlapping this time or later.", transform: ArgumentParsers.time)
    var from: Int64?
    @Option(help: "Only events starting before this time.", transform: ArgumentParsers.time)
    var until: Int64?

    var query: EventQuery { EventQuery(entity: entity, from: from, until: until) }
}
