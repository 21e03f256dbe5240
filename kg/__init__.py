"""presskg: a knowledge-graph builder for diplomatic press briefings."""

__version__ = "0.1.0"
