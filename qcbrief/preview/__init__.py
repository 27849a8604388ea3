"""`qcbrief preview`: the web edition served on 127.0.0.1, rebuilt when a source
changes, with the `check` findings at the top of the page."""
