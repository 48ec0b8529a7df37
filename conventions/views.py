"""Conventions seen where people work: the list and the page of each (teachers: their
school's; pupils: their own; hosts: their organisation's), the PDF, the school's and the
family's forms, and the school's settings.

Every convention comes from `selectors.visible_to(user)` (or the narrower
`family_editable_by`): another's is a 404.
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.roles import check_user, school_staff_required
from placements import levels

from . import amendments, document, paper, pdf, retention, rules, selectors, services, signing
from .forms import (
    AmendmentForm,
    ClausesForm,
    ConventionForm,
    FamilyForm,
    PaperForm,
    SchoolSettingsForm,
)
from .models import SchoolSettings, State

involved = check_user(
    lambda user: (
        user.is_authenticated and (user.works_at_school or user.is_pupil or user.is_employer)
    ),
    "Réservé aux établissements, aux élèves et aux structures d'accueil.",
)


@involved
@require_GET
def convention_list(request):
    conventions = selectors.visible_to(request.user).order_by("-created_at", "-pk")
    rows = [(c, selectors.status_of(c)) for c in conventions[:200]]
    return render(request, "conventions/list.html", {"rows": rows})


@involved
@require_GET
def convention_detail(request, pk):
    convention = get_object_or_404(selectors.visible_to(request.user), pk=pk)
    return render(
        request,
        "conventions/detail.html",
        {
            "convention": convention,
            "title": document.title(convention),
            "parties": document.parties(convention),
            "articles": document.articles(convention),
            "status": selectors.status_of(convention),
            "problems": selectors.problems_by_party(convention),
            "is_draft": convention.state == State.DRAFT,
            "can_edit": request.user.works_at_school,
            "family_missing": rules.missing_family_information(convention),
            "can_complete_family": request.user.works_at_school or request.user.is_pupil,
            "signatures": convention.signatures.all(),
            "can_record_paper": request.user.works_at_school
            and convention.state in (State.DRAFT, State.SIGNING)
            and not convention.is_amendment,
            "amendments": convention.amendments.order_by("pk"),
            # Said once it is settled: a convention in signature may still be signed.
            "kept_until": retention.kept_until(convention)
            if convention.state in (State.SIGNED, State.CANCELLED)
            else None,
            "can_amend": request.user.works_at_school
            and convention.state == State.SIGNED
            and not convention.is_amendment,
            "ready": convention.state == State.DRAFT and not rules.problems(convention),
        },
    )


@involved
@require_GET
def convention_pdf(request, pk):
    convention = get_object_or_404(selectors.visible_to(request.user), pk=pk)
    data = bytes(convention.signed_pdf) if convention.signed_pdf else pdf.render(convention)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="convention-{convention.pk}.pdf"'
    return response


def _edit(request, convention, form, template):
    if request.method == "POST" and form.is_valid():
        try:
            services.save_draft(form)
        except services.ConventionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Convention enregistrée.")
        return redirect("conventions:detail", pk=convention.pk)
    return render(request, template, {"convention": convention, "form": form})


@school_staff_required
@require_http_methods(["GET", "POST"])
def convention_edit(request, pk):
    convention = get_object_or_404(selectors.visible_to(request.user), pk=pk)
    form_class = AmendmentForm if convention.is_amendment else ConventionForm
    form = form_class(request.POST or None, instance=convention)
    return _edit(request, convention, form, "conventions/edit.html")


@involved
@require_http_methods(["GET", "POST"])
def convention_family(request, pk):
    convention = get_object_or_404(selectors.family_editable_by(request.user), pk=pk)
    form = FamilyForm(request.POST or None, instance=convention)
    return _edit(request, convention, form, "conventions/family.html")


@school_staff_required
@require_http_methods(["GET", "POST"])
def school_settings(request):
    school = request.user.school
    instance = SchoolSettings.objects.filter(school=school).first() or SchoolSettings(school=school)
    level_choices = levels.choices_for(school.kind)
    which = request.POST.get("form")
    settings_form = SchoolSettingsForm(
        request.POST if which == "settings" else None, instance=instance, prefix="settings"
    )
    clauses_form = ClausesForm(
        request.POST if which == "clauses" else None, levels=level_choices, prefix="clauses"
    )
    if which == "settings" and settings_form.is_valid():
        services.save_school_settings(school, settings_form)
        messages.success(request, "Fiche de l'établissement enregistrée.")
        return redirect("conventions:school")
    if which == "clauses" and clauses_form.is_valid():
        services.save_clauses(school, clauses_form)
        messages.success(request, "Clauses particulières enregistrées.")
        return redirect("conventions:school")
    return render(
        request,
        "conventions/school.html",
        {
            "settings_form": settings_form,
            "clauses_form": clauses_form,
            "clauses": school.convention_clauses.order_by("level"),
        },
    )


@school_staff_required
@require_POST
def convention_send(request, pk):
    convention = get_object_or_404(selectors.visible_to(request.user), pk=pk)
    try:
        signing.send(convention, request.user)
    except signing.SigningError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, "Convention envoyée : chaque signataire reçoit son lien par e-mail."
        )
    return redirect("conventions:detail", pk=convention.pk)


@school_staff_required
@require_http_methods(["GET", "POST"])
def convention_paper(request, pk):
    """The scan of a convention signed on paper, recorded instead of online signatures."""
    convention = get_object_or_404(selectors.visible_to(request.user), pk=pk)
    form = PaperForm(
        request.POST or None,
        request.FILES or None,
        initial={"checked_by": request.user.get_full_name()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            paper.record(
                convention, form.cleaned_data["scan"], form.cleaned_data["checked_by"], request.user
            )
        except paper.ScanError as error:
            form.add_error("scan", str(error))
        else:
            messages.success(request, "Convention signée sur papier enregistrée.")
            return redirect("conventions:detail", pk=convention.pk)
    return render(
        request,
        "conventions/paper.html",
        {"convention": convention, "form": form},
        status=400 if form.errors else 200,
    )


@school_staff_required
@require_POST
def convention_amend(request, pk):
    """Dates or hours change after signing: the open amendment, drafted if need be."""
    convention = get_object_or_404(selectors.visible_to(request.user), pk=pk)
    try:
        amendment = amendments.start(convention)
    except amendments.AmendmentError as error:
        messages.error(request, str(error))
        return redirect("conventions:detail", pk=convention.pk)
    return redirect("conventions:edit", pk=amendment.pk)


@school_staff_required
@require_POST
def convention_resend(request, pk):
    """A lost or expired link: whoever has not signed gets a new one."""
    convention = get_object_or_404(selectors.visible_to(request.user), pk=pk)
    try:
        count = signing.resend(convention, request.user)
    except signing.SigningError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            f"Lien renvoyé à {count} signataire{'s' if count > 1 else ''} ; "
            "les liens envoyés avant ne servent plus.",
        )
    return redirect("conventions:detail", pk=convention.pk)
