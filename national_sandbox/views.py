"""What the sandbox holds: for demos (an approved offer arriving) and for debugging."""

from django.db.models import Count, Q
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.roles import moderator_required

from .models import SandboxCall, SandboxConfig, SandboxOffer


@moderator_required
@require_GET
def holdings(request):
    offers = SandboxOffer.objects.all()
    return render(
        request,
        "national_sandbox/holdings.html",
        {
            "config": SandboxConfig.current(),
            "counts": offers.aggregate(
                online=Count("pk", filter=Q(published_at__isnull=False, discarded_at__isnull=True)),
                unpublished=Count(
                    "pk", filter=Q(published_at__isnull=True, discarded_at__isnull=True)
                ),
                deleted=Count("pk", filter=Q(discarded_at__isnull=False)),
            ),
            "offers": offers[:100],
            "calls": SandboxCall.objects.all()[:30],
        },
    )
