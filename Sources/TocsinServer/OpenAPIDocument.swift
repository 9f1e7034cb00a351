/// The OpenAPI 3.0 description of the HTTP API, served at `/openapi.json`. The tests run
/// schemathesis against the live server with it, so it must match what the handlers answer.
enum OpenAPIDocument {
    static let json = #"""
    {
      "openapi": "3.0.3",
      "info": {"title": "Tocsin", "version": "0.1.0", "description": "An open, self-hostable Internet shutdown observatory."},
      "components": {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        "schemas": {
          "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}},
          "Entity": {"type": "object", "required": ["entity", "name", "country", "access", "signals"], "properties": {
            "entity": {"type": "string"}, "name": {"type": "string"}, "country": {"type": "string"},
            "access": {"type": "string", "enum": ["mobile", "fixed", "mixed", "transit", "content", "unknown"]},
            "signals": {"type": "array", "items": {"type": "string"}}}},
          "Series": {"type": "object", "required": ["entity", "signal", "from", "until", "points"], "properties": {
            "entity": {"type": "string"}, "signal": {"type": "string"}, "from": {"type": "integer"}, "until": {"type": "integer"},
            "points": {"type": "array", "items": {"type": "array", "items": {"type": "number", "nullable": true}}},
            "expected": {"type": "array", "items": {"type": "array", "items": {"type": "number"}}}}},
          "SignalDrop": {"type": "object", "required": ["signal", "drop", "start", "end"], "properties": {
            "signal": {"type": "string"}, "drop": {"type": "number"}, "start": {"type": "integer"}, "end": {"type": "integer", "nullable": true}}},
          "Event": {"type": "object", "required": ["id", "entity", "start", "end", "detected_at", "severity", "signals", "confidence", "scope", "cause", "evidence"], "properties": {
            "id": {"type": "string"}, "entity": {"type": "string"}, "start": {"type": "integer"}, "end": {"type": "integer", "nullable": true},
            "detected_at": {"type": "integer"}, "severity": {"type": "number"}, "confidence": {"type": "number"},
            "signals": {"type": "array", "items": {"$ref": "#/components/schemas/SignalDrop"}},
            "scope": {"type": "string", "enum": ["national", "regional", "network", "mobile", "fixed"]},
            "cause": {"type": "string", "enum": ["shutdown", "power", "cable", "routing", "unknown"]},
            "evidence": {"type": "object"}}},
          "IODAEnvelope": {"type": "object", "required": ["type", "metadata", "requestParameters", "error", "perf", "data", "copyright"], "properties": {
            "type": {"type": "string"}, "metadata": {"type": "object"}, "requestParameters": {"type": "object"},
            "error": {"type": "string", "nullable": true}, "perf": {"nullable": true}, "data": {"type": "array"}, "copyright": {"type": "string"}}}
        },
        "parameters": {
          "from": {"name": "from", "in": "query", "schema": {"type": "string", "pattern": "^[0-9]{1,10}$"}, "description": "Unix seconds (RFC 3339 is accepted too)"},
          "until": {"name": "until", "in": "query", "schema": {"type": "string", "pattern": "^[0-9]{1,10}$"}, "description": "Unix seconds (RFC 3339 is accepted too)"},
          "iodaFrom": {"name": "from", "in": "query", "required": true, "schema": {"type": "string", "pattern": "^[0-9]{1,10}$"}, "description": "Unix seconds, at most 2147483647"},
          "iodaDatasource": {"name": "datasource", "in": "query", "schema": {"type": "string"}},
          "iodaIncludeAlerts": {"name": "includeAlerts", "in": "query", "schema": {"type": "string", "enum": ["true", "false"]}},
          "iodaFormat": {"name": "format", "in": "query", "schema": {"type": "string", "enum": ["codf", "ioda"]}},
          "iodaLimit": {"name": "limit", "in": "query", "schema": {"type": "string", "pattern": "^[1-9][0-9]{0,4}$"}},
          "iodaPage": {"name": "page", "in": "query", "schema": {"type": "string", "pattern": "^[0-9]{1,6}$"}},
          "iodaEntityType": {"name": "entityType", "in": "path", "required": true, "schema": {"type": "string", "enum": ["country", "region", "asn"]}},
          "iodaEntityCode": {"name": "entityCode", "in": "path", "required": true, "schema": {"type": "string"}},
          "iodaUntil": {"name": "until", "in": "query", "required": true, "schema": {"type": "string", "pattern": "^[0-9]{1,10}$"}, "description": "Unix seconds, at most 2147483647"},
          "entityFilter": {"name": "entity", "in": "query", "schema": {"type": "string", "pattern": "^(country/[A-Z]{2}(/(mobile|fixed))?|region/[A-Z]{2}-[A-Z0-9]{1,3}|asn/[1-9][0-9]{0,8})$"}},
          "scope": {"name": "scope", "in": "query", "schema": {"type": "string", "enum": ["national", "regional", "network", "mobile", "fixed"]}},
          "cause": {"name": "cause", "in": "query", "schema": {"type": "string", "enum": ["shutdown", "power", "cable", "routing", "unknown"]}},
          "ongoing": {"name": "ongoing", "in": "query", "schema": {"type": "string", "enum": ["true", "false", "1", "0"]}},
          "limit": {"name": "limit", "in": "query", "schema": {"type": "string", "pattern": "^[1-9][0-9]{0,3}$"}}
        },
        "responses": {
          "BadRequest": {"description": "a parameter is wrong; the message says which", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "Events": {"description": "events, newest first", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Event"}}}}},
          "CSV": {"description": "a CSV table", "content": {"text/csv": {"schema": {"type": "string"}}}},
          "Atom": {"description": "an Atom feed", "content": {"application/atom+xml": {"schema": {"type": "string"}}}},
          "IODA": {"description": "IODA's envelope", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/IODAEnvelope"}}}}
        }
      },
      "paths": {
        "/health": {"get": {"summary": "Liveness", "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object", "required": ["status"], "properties": {"status": {"type": "string"}}}}}}}}},
        "/api/entities": {"get": {"summary": "Every entity with its signals", "responses": {"200": {"description": "entities", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Entity"}}}}}}}},
        "/api/series": {"get": {"summary": "One series, optionally with the detector's expectation",
          "parameters": [
            {"name": "entity", "in": "query", "required": true, "schema": {"type": "string", "pattern": "^(country/[A-Z]{2}(/(mobile|fixed))?|region/[A-Z]{2}-[A-Z0-9]{1,3}|asn/[1-9][0-9]{0,8})$"}},
            {"name": "signal", "in": "query", "required": true, "schema": {"type": "string", "enum": ["bgp", "bgp6", "probing", "probing6", "traffic", "telescope"]}},
            {"$ref": "#/components/parameters/from"}, {"$ref": "#/components/parameters/until"},
            {"name": "baseline", "in": "query", "schema": {"type": "string", "enum": ["true", "false"]}},
            {"name": "maxPoints", "in": "query", "schema": {"type": "string", "pattern": "^[1-9][0-9]{0,5}$"}, "description": "at most this many points, averaging whole groups of bins"}],
          "responses": {"200": {"description": "the series", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Series"}}}}, "400": {"$ref": "#/components/responses/BadRequest"}}}},
        "/api/summary": {"get": {"summary": "Every country's state now, and the events under way",
          "responses": {"200": {"description": "the summary", "content": {"application/json": {"schema": {"type": "object", "required": ["countries", "ongoing"], "properties": {
            "countries": {"type": "array", "items": {"type": "object", "required": ["entity", "name", "state"], "properties": {
              "entity": {"type": "string"}, "name": {"type": "string"}, "state": {"type": "string", "enum": ["normal", "disrupted", "outage"]},
              "event": {"type": "string"}, "since": {"type": "integer"}, "severity": {"type": "number"}}}},
            "ongoing": {"type": "array", "items": {"$ref": "#/components/schemas/Event"}}}}}}}}}},
        "/api/probing/changes": {"get": {"summary": "Probed blocks that went down or came back (evidence), oldest first",
          "parameters": [{"name": "entity", "in": "query", "required": true, "schema": {"type": "string", "pattern": "^(country/[A-Z]{2}(/(mobile|fixed))?|region/[A-Z]{2}-[A-Z0-9]{1,3}|asn/[1-9][0-9]{0,8})$"}},
            {"$ref": "#/components/parameters/from"}, {"$ref": "#/components/parameters/until"}, {"$ref": "#/components/parameters/limit"}],
          "responses": {"200": {"description": "the changes", "content": {"application/json": {"schema": {"type": "array", "items": {"type": "object", "required": ["prefix", "up", "time"], "properties": {
            "prefix": {"type": "string"}, "up": {"type": "boolean"}, "time": {"type": "integer"}, "asn": {"type": "integer"}, "country": {"type": "string"}, "access": {"type": "string"}}}}}}},
            "400": {"$ref": "#/components/responses/BadRequest"}}}},
        "/api/faults": {"get": {"summary": "Signal faults: drops of one signal that the entity's other signals did not share (not raised as events), latest first",
          "parameters": [{"$ref": "#/components/parameters/entityFilter"}, {"$ref": "#/components/parameters/from"}, {"$ref": "#/components/parameters/until"}, {"$ref": "#/components/parameters/limit"}],
          "responses": {"200": {"description": "the faults", "content": {"application/json": {"schema": {"type": "array", "items": {"type": "object", "required": ["entity", "signal", "start", "drop", "held"], "properties": {
            "entity": {"type": "string"}, "signal": {"type": "string"}, "start": {"type": "integer"}, "end": {"type": "integer", "nullable": true}, "drop": {"type": "number"}, "held": {"type": "array", "items": {"type": "string"}}}}}}}},
            "400": {"$ref": "#/components/responses/BadRequest"}}}},
        "/api/events": {"get": {"summary": "Events",
          "parameters": [{"$ref": "#/components/parameters/entityFilter"}, {"$ref": "#/components/parameters/from"}, {"$ref": "#/components/parameters/until"},
            {"$ref": "#/components/parameters/scope"}, {"$ref": "#/components/parameters/cause"}, {"$ref": "#/components/parameters/ongoing"}, {"$ref": "#/components/parameters/limit"}],
          "responses": {"200": {"$ref": "#/components/responses/Events"}, "400": {"$ref": "#/components/responses/BadRequest"}}}},
        "/api/events.csv": {"get": {"summary": "Events as CSV",
          "parameters": [{"$ref": "#/components/parameters/entityFilter"}, {"$ref": "#/components/parameters/from"}, {"$ref": "#/components/parameters/until"},
            {"$ref": "#/components/parameters/scope"}, {"$ref": "#/components/parameters/cause"}, {"$ref": "#/components/parameters/ongoing"}, {"$ref": "#/components/parameters/limit"}],
          "responses": {"200": {"$ref": "#/components/responses/CSV"}, "400": {"$ref": "#/components/responses/BadRequest"}}}},
        "/api/events.keepiton.csv": {"get": {"summary": "Events as Access Now #KeepItOn STOP rows",
          "parameters": [{"$ref": "#/components/parameters/entityFilter"}, {"$ref": "#/components/parameters/from"}, {"$ref": "#/components/parameters/until"},
            {"$ref": "#/components/parameters/scope"}, {"$ref": "#/components/parameters/cause"}, {"$ref": "#/components/parameters/ongoing"}, {"$ref": "#/components/parameters/limit"}],
          "responses": {"200": {"$ref": "#/components/responses/CSV"}, "400": {"$ref": "#/components/responses/BadRequest"}}}},
        "/api/signals": {"post": {"summary": "Upload Signals CSV (all or nothing)", "security": [{"bearer": []}],
          "requestBody": {"required": true, "content": {"text/csv": {"schema": {"type": "string"}}}},
          "responses": {
            "200": {"description": "imported", "content": {"application/json": {"schema": {"type": "object", "required": ["rows", "written", "unchanged", "rounded"], "properties": {"rows": {"type": "integer"}, "written": {"type": "integer"}, "unchanged": {"type": "integer"}, "rounded": {"type": "integer"}}}}}},
            "400": {"$ref": "#/components/responses/BadRequest"},
            "401": {"description": "no valid bearer token", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
            "403": {"description": "a token that may not write, or writing over HTTP is off", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
            "413": {"description": "too large", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
            "429": {"description": "too many failed attempts in the last minute", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}}},
        "/.well-known/tocsin/key.pem": {"get": {"summary": "The public key (PEM) that signs evidence bundles",
          "responses": {"200": {"description": "the key", "content": {"application/x-pem-file": {"schema": {"type": "string"}}}}}}},
        "/event.bundle": {"get": {"summary": "An event's signed evidence bundle (.tar.gz)",
          "parameters": [{"name": "id", "in": "query", "required": true, "schema": {"type": "string"}}],
          "responses": {"200": {"description": "the bundle", "content": {"application/gzip": {"schema": {"type": "string", "format": "binary"}}}},
            "400": {"$ref": "#/components/responses/BadRequest"}, "404": {"description": "no such event", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}}},
        "/feed.atom": {"get": {"summary": "Atom feed of events", "responses": {"200": {"$ref": "#/components/responses/Atom"}}}},
        "/feed/{country}": {"get": {"summary": "Atom feed of one country's events (KZ.atom)",
          "parameters": [{"name": "country", "in": "path", "required": true, "schema": {"type": "string", "pattern": "^[A-Z]{2}\\.atom$"}}],
          "responses": {"200": {"$ref": "#/components/responses/Atom"}, "400": {"$ref": "#/components/responses/BadRequest"}}}},
        "/v2/signals/raw/{entityType}/{entityCode}": {"get": {"summary": "IODA v2-compatible raw signals",
          "parameters": [
            {"$ref": "#/components/parameters/iodaEntityType"},
            {"$ref": "#/components/parameters/iodaEntityCode"},
            {"$ref": "#/components/parameters/from"}, {"$ref": "#/components/parameters/until"},
            {"$ref": "#/components/parameters/iodaDatasource"},
            {"name": "maxPoints", "in": "query", "schema": {"type": "string", "pattern": "^[1-9][0-9]{0,5}$"}}],
          "responses": {"200": {"$ref": "#/components/responses/IODA"}, "400": {"$ref": "#/components/responses/IODA"}}}},
        "/v2/outages/events": {"get": {"summary": "IODA v2-compatible outage events (all entities)",
          "parameters": [{"$ref": "#/components/parameters/iodaFrom"}, {"$ref": "#/components/parameters/iodaUntil"},
            {"$ref": "#/components/parameters/iodaDatasource"},
            {"$ref": "#/components/parameters/iodaIncludeAlerts"},
            {"$ref": "#/components/parameters/iodaFormat"},
            {"$ref": "#/components/parameters/iodaLimit"},
            {"$ref": "#/components/parameters/iodaPage"}],
          "responses": {"200": {"$ref": "#/components/responses/IODA"}, "400": {"$ref": "#/components/responses/IODA"}}}},
        "/v2/outages/events/{entityType}/{entityCode}": {"get": {"summary": "IODA v2-compatible outage events of one entity",
          "parameters": [
            {"$ref": "#/components/parameters/iodaEntityType"},
            {"$ref": "#/components/parameters/iodaEntityCode"},
            {"$ref": "#/components/parameters/iodaFrom"}, {"$ref": "#/components/parameters/iodaUntil"},
            {"$ref": "#/components/parameters/iodaDatasource"},
            {"$ref": "#/components/parameters/iodaIncludeAlerts"},
            {"$ref": "#/components/parameters/iodaFormat"},
            {"$ref": "#/components/parameters/iodaLimit"},
            {"$ref": "#/components/parameters/iodaPage"}],
          "responses": {"200": {"$ref": "#/components/responses/IODA"}, "400": {"$ref": "#/components/responses/IODA"}}}},
        "/v2/outages/alerts": {"get": {"summary": "IODA v2-compatible outage alerts (all entities)",
          "parameters": [{"$ref": "#/components/parameters/iodaFrom"}, {"$ref": "#/components/parameters/iodaUntil"},
            {"$ref": "#/components/parameters/iodaDatasource"},
            {"$ref": "#/components/parameters/iodaLimit"},
            {"$ref": "#/components/parameters/iodaPage"}],
          "responses": {"200": {"$ref": "#/components/responses/IODA"}, "400": {"$ref": "#/components/responses/IODA"}}}},
        "/v2/outages/alerts/{entityType}/{entityCode}": {"get": {"summary": "IODA v2-compatible outage alerts of one entity",
          "parameters": [
            {"$ref": "#/components/parameters/iodaEntityType"},
            {"$ref": "#/components/parameters/iodaEntityCode"},
            {"$ref": "#/components/parameters/iodaFrom"}, {"$ref": "#/components/parameters/iodaUntil"},
            {"$ref": "#/components/parameters/iodaDatasource"},
            {"$ref": "#/components/parameters/iodaLimit"},
            {"$ref": "#/components/parameters/iodaPage"}],
          "responses": {"200": {"$ref": "#/components/responses/IODA"}, "400": {"$ref": "#/components/responses/IODA"}}}},
        "/v2/entities/query": {"get": {"summary": "IODA v2-compatible entity query",
          "parameters": [
            {"name": "entityType", "in": "query", "schema": {"type": "string"}},
            {"name": "entityCode", "in": "query", "schema": {"type": "string"}},
            {"name": "relatedTo", "in": "query", "schema": {"type": "string"}},
            {"name": "search", "in": "query", "schema": {"type": "string"}},
            {"name": "limit", "in": "query", "schema": {"type": "string"}},
            {"name": "page", "in": "query", "schema": {"type": "string"}}],
          "responses": {"200": {"$ref": "#/components/responses/IODA"}}}}
      }
    }
    """#
}
