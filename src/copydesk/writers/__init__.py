"""writers: a run's records → the files of its output folder (output.py)."""

# What stories can be written as (here, apart from the writers, so the command line can
# offer them without loading pyarrow).
FORMATS = ("jsonl", "parquet")
