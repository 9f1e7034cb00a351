// TocsinGeo: IP prefixes, longest-prefix-match tables, geolocation and ASN reference data.
// Built by the reference-data issue; nothing here yet.
