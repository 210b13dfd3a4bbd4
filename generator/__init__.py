"""诊改公示站 generator: load → validate → compute → render → write."""

__version__ = "0.1.0"
