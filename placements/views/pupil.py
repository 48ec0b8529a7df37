"""Pupils: join a class, apply from an offer page, follow and answer their applications.

Applications are fetched through `Application.objects.of_pupil(user)`: another pupil's
application is a 404.
"""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.roles import pupil_required
from offers.models import Offer
from offers.selectors import PUBLIC_PAGE_STATES, periods_with_places_left, with_details
from stages_bfc import french, ratelimits

from .. import classes, codes, coverage, eligibility, selectors, services
from ..forms import (
    ApplyForm,
    CancelForm,
    ExternalPlacementForm,
    JoinForm,
    ProfileForm,
    PupilLoginForm,
)
from ..models import Application, AppState

PUPIL_ACTIONS = {
    "withdraw": "Candidature retirée.",
    "confirm": "Stage confirmé ! Vos autres candidatures aux mêmes dates ont été retirées.",
    "cancel": "Stage annulé : la structure d'accueil et vos enseignants sont prévenus.",
}


@pupil_required
@require_http_methods(["GET", "POST"])
def apply(request, pk):
    """The form lists only the periods `placements.eligibility` opens to this pupil; the
    service checks again under its locks."""
    offer = get_object_or_404(
        with_details(Offer.objects.filter(state__in=PUBLIC_PAGE_STATES)), pk=pk
    )
    if services.current_enrolment(request.user) is None:
        messages.info(
            request,
            "Pour candidater, rejoignez d'abord votre classe avec le code donné par votre "
            "enseignant ou enseignante.",
        )
        return redirect(f"{reverse('placements:join')}?suivant={offer.pk}")
    choice = eligibility.for_visitor(request.user, offer, periods_with_places_left(offer))
    periods = [(p.period, p.left) for p in choice.open_periods]
    refusals = {p.period.pk: p.refusal for p in choice.periods if p.refusal}
    form = ApplyForm(request.POST or None, periods=periods, refusals=refusals)
    if request.method == "POST" and choice.kind == eligibility.APPLY and form.is_valid():
        try:
            services.apply(
                request.user,
                offer,
                form.cleaned_data["period"],
                form.cleaned_data["motivation"],
            )
        except services.ApplicationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"Candidature envoyée à {offer.organisation.name}. Vous serez prévenu(e) "
                "de sa réponse ici et par vos enseignants.",
            )
            return redirect("placements:mine")
    refused = choice.kind != eligibility.APPLY
    return render(
        request,
        "placements/pupil/apply.html",
        {"offer": offer, "form": form, "choice": choice, "refused": refused},
        status=400 if request.method == "POST" and (refused or form.errors) else 200,
    )


@pupil_required
@require_GET
def mine(request):
    enrolment = services.current_enrolment(request.user)
    school_year = selectors.current_school_year()
    return render(
        request,
        "placements/pupil/mine.html",
        {
            "enrolment": enrolment,
            "applications": selectors.pupil_applications(request.user),
            "external": request.user.external_placements.filter(school_year=school_year).order_by(
                "start", "pk"
            ),
            "coverage": coverage.for_pupil(request.user, enrolment) if enrolment else None,
            "cancel_form": CancelForm(),
        },
    )


@pupil_required
@require_POST
def pupil_action(request, pk, action):
    if action not in PUPIL_ACTIONS:
        raise Http404
    application = get_object_or_404(Application.objects.of_pupil(request.user), pk=pk)
    try:
        if action == "cancel":
            services.cancel_from_form(application, request.user, request.POST)
        else:
            getattr(services, action)(application, request.user)
    except services.ApplicationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, PUPIL_ACTIONS[action])
    return redirect("placements:mine")


@pupil_required
@require_http_methods(["GET", "POST"])
def withdraw(request, pk):
    """Withdrawing asks first, on a page of its own that says what it does (no JavaScript)."""
    application = get_object_or_404(
        Application.objects.of_pupil(request.user).select_related("offer__organisation"), pk=pk
    )
    if request.method == "POST":
        try:
            services.withdraw(application, request.user)
        except services.ApplicationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, PUPIL_ACTIONS["withdraw"])
        return redirect("placements:mine")
    if application.state != AppState.SUBMITTED:
        messages.error(request, services.REFUSALS["withdraw"])
        return redirect("placements:mine")
    return render(request, "placements/pupil/withdraw.html", {"application": application})


@pupil_required
@require_http_methods(["GET", "POST"])
def join(request):
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        usage = ratelimits.consume(request, "join_class")  # a code is 6 characters: guessable
        if usage is None:
            return ratelimits.too_many(request, "join_class")
        try:
            enrolment = classes.join(request.user, form.cleaned_data["code"])
        except classes.ClassError as error:
            form.add_error("code", str(error))
        else:
            usage.rollback()  # only failed attempts count against the limit
            messages.success(request, f"Vous avez rejoint la classe {enrolment.school_class}.")
            next_offer = request.GET.get("suivant", "")
            if next_offer.isdecimal():  # isdigit() accepts "²", which int() refuses
                return redirect("placements:apply", pk=int(next_offer))
            return redirect("placements:mine")
    return render(
        request,
        "placements/pupil/join.html",
        {"form": form, "enrolment": services.current_enrolment(request.user)},
        status=400 if form.errors else 200,
    )


@pupil_required
@require_http_methods(["GET", "POST"])
def external(request):
    enrolment = services.current_enrolment(request.user)
    school_year = (
        enrolment.school_class.school_year if enrolment else selectors.current_school_year()
    )
    form = ExternalPlacementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_external(request.user, school_year, **form.cleaned_data)
        except services.ApplicationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Stage enregistré : vos enseignants le verront.")
            return redirect("placements:mine")
    return render(
        request,
        "placements/pupil/external.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@pupil_required
@require_http_methods(["GET", "POST"])
def profile(request):
    """Two optional questions, for the Region's aggregated figures only."""
    answers = getattr(request.user, "pupil_profile", None)
    initial = {}
    if answers:
        needs = answers.needs_accessible_place
        initial = {
            "gender": answers.gender,
            "needs_accessible_place": "" if needs is None else ("oui" if needs else "non"),
        }
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.save_profile(request.user, **form.cleaned_data)
        messages.success(request, "Vos réponses sont enregistrées.")
        return redirect("placements:mine")
    return render(request, "placements/pupil/profile.html", {"form": form})


def _login_key(request):
    # 10 failed attempts per 5 minutes for a class code from one address, so that a whole
    # school behind one address is not locked out by one class's typing mistakes
    # (stages_bfc/ratelimits.py; the address alone caps trying many classes).
    class_code = codes.normalise(request.POST.get("class_code", ""))
    return f"{class_code}:{ratelimits.client_ip(request)}"


def _next(request) -> str:
    """The page to come back to after login (`next`), if it is one of ours."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if target and safe else ""


@login_not_required
@require_GET
def offer_login(request, pk):
    """ "Postuler" while logged out: both ways in (e-mail, or class code + personal code),
    each coming back to the offer."""
    offer = get_object_or_404(Offer.objects.filter(state__in=PUBLIC_PAGE_STATES), pk=pk)
    if request.user.is_authenticated:
        return redirect(offer)
    return render(
        request,
        "placements/pupil/offer_login.html",
        {"offer": offer, "form": PupilLoginForm(), "next": offer.get_absolute_url()},
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def pupil_login(request):
    """Pupils without e-mail: class code + personal code (given, and reset, by the teacher)."""
    form = PupilLoginForm(request.POST or None)
    if request.method == "POST":
        usage = ratelimits.consume(request, "pupil_login", _login_key(request))
        if usage is None:
            seconds = ratelimits.retry_after(request, "pupil_login", _login_key(request))
            retry_at = ratelimits.retry_context(seconds)["retry_at"]
            form.is_valid()
            form.add_error(
                None,
                "Trop d'essais : patientez cinq minutes avant de réessayer. Nouvel essai "
                f"possible à partir de {french.time(retry_at)}.",
            )
            response = render(
                request,
                "placements/pupil/login.html",
                {"form": form, "next": _next(request)},
                status=429,
            )
            response["Retry-After"] = str(seconds)
            return response
        if not form.is_valid():
            usage.rollback()  # only wrong codes count against the limit
        else:
            pupil = classes.authenticate_pupil(
                form.cleaned_data["class_code"], form.cleaned_data["personal_code"]
            )
            if pupil is not None:
                usage.rollback()
                login(request, pupil, backend="django.contrib.auth.backends.ModelBackend")
                return redirect(_next(request) or "placements:mine")
            form.add_error(
                None,
                "Code de classe ou code personnel incorrect. Vérifiez-les ; si vous avez perdu "
                "votre code, votre enseignant ou enseignante peut vous en donner un nouveau.",
            )
    return render(
        request,
        "placements/pupil/login.html",
        {"form": form, "next": _next(request)},
        status=400 if form.errors else 200,
    )
