"""`python -m personae.web.worker`: the process a generation job runs in (see jobs.py)."""

from personae.web.jobs import worker_main

if __name__ == "__main__":
    worker_main()
