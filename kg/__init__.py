"""presskg: a knowledge-graph builder for diplomatic press briefings.

The functions a notebook needs: ``kg.build(paths, out=...)``, ``kg.query(sparql | name= | file=, out=...)``,
``kg.stats(out=...)``.
"""

from kg.api import build, query, stats

__version__ = "0.1.0"
__all__ = ["build", "query", "stats"]
