"""Services apply the rules to the tables. They flush and never commit: the caller owns the
transaction (a request, a CLI command, an import run)."""
