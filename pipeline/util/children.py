"""Every process a command starts dies with it: killed (kill -9, SIGTERM) or interrupted (Ctrl-C), the command
leaves no reader or render worker behind holding memory and files."""

from __future__ import annotations

import ctypes
import os
import signal

PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent() -> None:
    """In a child, first thing: the kernel kills it when its parent goes (Linux; elsewhere nothing is set), and
    Ctrl-C is left to the parent, which answers it for the whole command."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the parent went before the request was made
        os._exit(1)
