"""Employer views. To be written: see offers/urls.py."""


def dashboard(request):
    raise NotImplementedError


offer_create = offer_manage = offer_edit = offer_duplicate = offer_action = dashboard
