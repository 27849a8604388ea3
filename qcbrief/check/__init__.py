"""`qcbrief check`: rules (one module per family), registry, runner, formatters."""
