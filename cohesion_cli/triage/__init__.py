"""After the checks, before the formats: severity, where each rule is defined in the
rulebook, baseline, suppressions, and the report with its saved JSON form."""
