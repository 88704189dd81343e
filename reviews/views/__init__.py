"""reviews' views, one module per part of the committee's work (see reviews/urls.py)."""
