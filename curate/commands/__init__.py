"""Subcommands of the `curate` CLI, one module per capability (see curate.cli)."""
