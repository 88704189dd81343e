"""URLs: public (issue 13)."""

urlpatterns: list = []
