"""Child processes that never outlive the process that started them.

>>> die_with_parent()  # a no-op where the kernel has no parent-death signal
"""

from __future__ import annotations

import contextlib
import ctypes
import signal

PR_SET_PDEATHSIG = 1


def die_with_parent(sig: int = signal.SIGKILL) -> None:
    """Ask Linux to send ``sig`` to this process when its parent dies, even by SIGKILL.

    Call it first thing in a child. The parent is the *thread* that forked the child: start long-lived children
    from a thread that lives as long as they should.
    """
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, sig)
