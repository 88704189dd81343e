"""reviews' forms, one module per part of the committee's work."""
