/// One flow record as a JSON object on one line (`tocsin flows decode`), written directly:
/// `{"exporter":..,"protocol":..,"domain":..,"src":..,"dst":..,"sport":..,"dport":..,
/// "proto":..,"tos":..,"bytes":..,"packets":..,"sampling":..,"start":..,"end":..,"in":..,"out":..}`
/// (addresses null when the template has none; times Unix milliseconds or null).
public enum FlowRecordJSON {
    public static func line(_ f: FlowRecord, exporter: String, info: FlowDatagramInfo) -> String {
        func text(_ s: String?) -> String { s.map { "\"\($0)\"" } ?? "null" }
        func number(_ n: Int64?) -> String { n.map { String($0) } ?? "null" }
        return "{\"exporter\":\(text(exporter)),\"protocol\":\"\(info.version.rawValue)\",\"domain\":\(info.domain),"
            + "\"src\":\(text(f.source?.description)),\"dst\":\(text(f.destination?.description)),"
            + "\"sport\":\(f.sourcePort),\"dport\":\(f.destinationPort),\"proto\":\(f.proto),\"tos\":\(f.tos),"
            + "\"bytes\":\(f.bytes),\"packets\":\(f.packets),\"sampling\":\(f.samplingRate),"
            + "\"start\":\(number(f.start)),\"end\":\(number(f.end)),\"in\":\(f.inputInterface),\"out\":\(f.outputInterface)}"
    }
}
