"""Scripts that load big data sets and print figures (`make bench` runs them all through run_all.py)."""
