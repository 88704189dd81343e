"""Bidding: reviewers state their preference per submission (reviews/views/bidding.py)."""

from django.urls import path

from .views import bidding

urlpatterns = [
    path("c/<slug:conference>/committee/bidding/", bidding.bidding, name="bidding"),
    path("c/<slug:conference>/committee/bidding/<int:number>/", bidding.bid, name="bid"),
    path(
        "c/<slug:conference>/committee/bidding/<int:number>/conflict/",
        bidding.declare_conflict,
        name="bid_conflict",
    ),
    path("c/<slug:conference>/committee/bids/", bidding.bid_overview, name="bid_overview"),
]
