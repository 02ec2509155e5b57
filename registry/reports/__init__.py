"""Reports computed from the dated history: the annual report and its outputs."""
