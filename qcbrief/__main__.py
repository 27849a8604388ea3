"""`python -m qcbrief …` runs the command line (same as the `qcbrief` script);
`check` takes the fast path of qcbrief/entry.py."""

from .entry import main

main()
