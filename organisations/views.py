from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from accounts.roles import employer_required
from stages_bfc.ratelimits import limit_guesses

from . import services
from .forms import EmailRhythmForm, InvitationForm, OrganisationForm
from .models import Invitation, RegisterStatus
from .permissions import membership_of, organisation_member_required

PENDING_NOTICE = (
    "Le répertoire des entreprises n'a pas pu confirmer votre numéro SIRET pour le moment : "
    "il sera vérifié automatiquement un peu plus tard, sans rien changer pour vous."
)


@require_http_methods(["GET", "POST"])
@employer_required
def organisation_create(request):
    if membership_of(request.user):
        return redirect("organisations:detail")
    # An invited colleague (who confirmed their address elsewhere) joins, unless they say not.
    invitation = (
        services.invitation_waiting_for(request.user)
        if request.method == "GET" and "sans-invitation" not in request.GET
        else None
    )
    if invitation:
        return redirect("organisations:accept", token=invitation.token)
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and "remplir" in request.POST:
        form = form.filled_from_register()  # the no-JS lookup: the same page, filled in
    elif request.method == "POST" and form.is_valid():
        try:
            organisation = services.create_organisation(request.user, form.save(commit=False))
        except services.AlreadyMember:
            return redirect("organisations:detail")
        messages.success(
            request,
            f"La structure « {organisation} » est créée. Vous pouvez maintenant proposer une offre.",
        )
        if organisation.register_status == RegisterStatus.PENDING:
            messages.info(request, PENDING_NOTICE)
        return redirect("offers:dashboard")
    return render(request, "organisations/create.html", {"form": form})


@organisation_member_required
@require_http_methods(["GET", "POST"])
def organisation_detail(request):
    """The member's own organisation: no identifier in the URL, nothing else to reach."""
    organisation = request.user.membership.organisation
    form = InvitationForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        invitation = services.invite(organisation, form.cleaned_data["email"], request.user)
        messages.success(request, f"Invitation envoyée à {invitation.email}.")
        return redirect("organisations:detail")
    return render(
        request,
        "organisations/detail.html",
        {
            "organisation": organisation,
            "members": organisation.memberships.active()
            .select_related("user")
            .order_by("joined_at"),
            "invitations": organisation.invitations.valid().order_by("-created_at"),
            "revision": services.latest_revision(organisation),
            "form": form,
            "rhythm_form": EmailRhythmForm(instance=request.user.membership),
        },
    )


@organisation_member_required
@require_POST
def email_rhythm(request):
    """The member's own e-mail rhythm for new applications."""
    form = EmailRhythmForm(request.POST, instance=request.user.membership)
    if form.is_valid():
        services.set_email_rhythm(request.user.membership, form.cleaned_data["email_rhythm"])
        messages.success(request, "Votre choix d'e-mails est enregistré.")
    else:
        messages.error(request, "Choisissez une des trois possibilités proposées.")
    return redirect(f"{reverse('organisations:detail')}#emails-title")


@organisation_member_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request):
    organisation = request.user.membership.organisation
    pending = services.pending_revision(organisation)
    # The member goes on from what they proposed, not from the approved texts.
    initial = pending.proposed if pending else None
    form = OrganisationForm(request.POST or None, instance=organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        if services.edit_organisation(form.save(commit=False), request.user):
            messages.success(
                request,
                "Les informations sont enregistrées. Le nouveau nom, la présentation ou le site "
                "internet seront affichés sur vos offres après validation par la Région.",
            )
        else:
            messages.success(request, "Les informations de la structure sont enregistrées.")
        return redirect("organisations:detail")
    return render(
        request,
        "organisations/edit.html",
        {
            "form": form,
            "organisation": organisation,
            "pending": pending,
            "moderated": organisation.texts_moderated,
        },
    )


@limit_guesses("invitation")  # an unknown token is a 404, and counts as a guess
@require_http_methods(["GET", "POST"])
def invitation_accept(request, token):
    invitation = get_object_or_404(
        Invitation.objects.select_related("organisation", "invited_by"), token=token
    )
    try:
        services.check_acceptable(invitation, request.user)
    except services.InvitationRefused as refusal:
        return render(
            request,
            "organisations/invitation.html",
            {"invitation": invitation, "refusal": refusal.message},
            status=403 if request.method == "POST" else 200,
        )
    if request.method == "POST":
        try:
            services.accept(invitation, request.user)
        except services.InvitationRefused as refusal:  # raced with another acceptance
            messages.error(request, refusal.message)
            return redirect("organisations:accept", token=token)
        messages.success(request, f"Vous avez rejoint la structure « {invitation.organisation} ».")
        return redirect("offers:dashboard")
    return render(
        request, "organisations/invitation.html", {"invitation": invitation, "refusal": ""}
    )
