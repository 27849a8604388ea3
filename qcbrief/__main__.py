"""`python -m qcbrief …` runs the command line (same as the `qcbrief` script)."""

from .cli import app

app(prog_name="qcbrief")
