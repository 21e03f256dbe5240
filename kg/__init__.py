"""presskg: a knowledge-graph builder for diplomatic press briefings.

The functions a notebook needs: ``kg.build(paths, out=...)``, ``kg.query(sparql | name= | file=, out=...)``,
``kg.stats(out=...)``. They are imported on first use, so ``import kg.types`` stays light.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["build", "query", "stats"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from kg import api

        return getattr(api, name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
