"""URLs: printing (issue 13)."""

urlpatterns: list = []
