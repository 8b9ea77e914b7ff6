"""One module per rule, each with its ``RULE`` descriptor; registered by id in
``rulebook.models.RuleId`` and loaded into ``cohesion_cli.checks.RULES``."""
