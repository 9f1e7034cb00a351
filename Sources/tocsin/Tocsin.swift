import ArgumentParser

/// The `tocsin` command: an open Internet shutdown observatory.
@main
struct Tocsin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tocsin",
        abstract: "An open, self-hostable Internet shutdown observatory.",
        subcommands: [Serve.self, Import.self, Export.self, Detect.self, Events.self, Report.self, Verify.self, Key.self, Geo.self, Ingest.self, MRT.self, Flows.self, Probe.self, Eval.self, Prune.self]
    )
}

/// Options every command that touches the store takes.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The data folder holding the database (env TOCSIN_DATA).", valueName: "dir"))
    var data: String?

    @Option(name: .long, help: ArgumentHelp("A PostgreSQL database to use instead of the data folder's SQLite one (env TOCSIN_STORE).",
                                            valueName: "postgresql://user[:password]@host[:port]/database"))
    var store: String?

    /// `--data`, else `TOCSIN_DATA`, else `./tocsin-data`.
    var folder: String {
        data ?? Environment.value("TOCSIN_DATA") ?? "./tocsin-data"
    }

    /// `--store`, else `TOCSIN_STORE`, else the SQLite database in the folder.
    var url: String? {
        store ?? Environment.value("TOCSIN_STORE")
    }
}
