"""The version of curate (one place; ``curate.__version__`` re-exports it)."""

__version__ = "0.1.0"
