"""A tiny command-line greeter."""

__version__ = "0.1.0"
