"""Stand-in botocore: only what the collection script imports."""
