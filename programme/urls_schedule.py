"""URLs: schedule (issue 13)."""

urlpatterns: list = []
