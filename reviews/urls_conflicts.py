"""Conflicts of interest: declared by authors, reviewers and chairs."""

urlpatterns: list = []
