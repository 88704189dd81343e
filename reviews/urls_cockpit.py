"""The chair's cockpit: progress, reminders, scores, the ranked table, discussion."""

urlpatterns: list = []
