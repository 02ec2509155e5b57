"""Administrative units of Gia Lai in both schemes, shipped as CSV files under ``data/``."""
