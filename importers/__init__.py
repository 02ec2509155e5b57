"""Legacy spreadsheets into clean rows: readers, text repair, value cleaners, table finding,
column mapping, matching and results. Rows reach the registry services as plain dicts."""
