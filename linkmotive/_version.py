"""The version of linkmotive, defined in one place."""

__version__ = "0.1.0"
