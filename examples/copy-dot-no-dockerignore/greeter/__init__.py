"""A tiny command-line greeter."""

__version__ = "0.2.0"
