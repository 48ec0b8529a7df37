from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Recherche d'offres"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from offers.models import Offer, OfferPeriod

        from .cache import bump

        for model in (Offer, OfferPeriod):
            post_save.connect(bump, sender=model, dispatch_uid=f"search-bump-{model.__name__}")
            post_delete.connect(
                bump, sender=model, dispatch_uid=f"search-bump-del-{model.__name__}"
            )
