"""The view and report queries: one declarative entry each (``spec``), from which their SPARQL (``sparql``) and
their evaluation on the view index (``index``) are derived, and the one filter they share (``filter``)."""
