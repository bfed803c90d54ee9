"""Background jobs: long ingests and checks run off the request, with live progress.

The queue is huey (SQLite in the data folder by default, Redis in production); the job's
state, progress and result live in the metadata database, so a page can reload and
still show them.
"""
