"""reblog: a fast static blog generator for Jekyll sites."""

__version__ = "0.1.0"
