"""The cooperative registry core: tables, pure rules and services. Knows no web."""
