"""After the checks, before the formats: the report (scores, exit code), the baseline,
suppressions, and the report's saved JSON form. Severity and rulebook positions are given
when a result is created (``checks.grading``)."""
