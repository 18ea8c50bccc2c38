"""Launchers: one module per long-running part, each with ``serve(settings) -> int``."""
