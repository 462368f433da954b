"""kommunrapport: Swedish municipal committee reports into one canonical set of tables."""

__version__ = "0.1.0"
