"""The assignment: settings, runs, preview, confirmation, by hand; the reviewer's queue."""

urlpatterns: list = []
