"""Forms of the cfp app: one module per area (call.py for the call, submission.py for papers)."""
