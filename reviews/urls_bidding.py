"""Bidding: reviewers state their preference per submission."""

urlpatterns: list = []
