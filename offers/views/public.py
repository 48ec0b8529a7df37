"""Public views (no login). To be written: see offers/urls.py."""


def offer_detail(request, pk):
    raise NotImplementedError
