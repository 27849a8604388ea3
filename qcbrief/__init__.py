"""qcbrief: compile the quarterly work bulletin of a medical quality-control office."""

__version__ = "0.1.0"
