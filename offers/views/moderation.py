"""Moderation views. To be written: see offers/urls.py."""


def queue(request):
    raise NotImplementedError


review = bulk_approve = queue
