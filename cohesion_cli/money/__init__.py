"""Money read from text: one parser for pages, feeds, observations, the rulebook and the
catalog CSV (``text``), the field parser for elements known to hold a price (``field``),
and the currency signs both use. Pure functions, below every other layer but the domain."""
