"""Reviewing: the review form's criteria, writing and submitting reviews, declining."""

urlpatterns: list = []
