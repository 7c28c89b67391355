"""Errors a user can cause, each carrying a message a clerk can act on."""


class PipelineError(Exception):
    """Usage or configuration error: the CLI prints the message and exits 2."""

    exit_code = 2
