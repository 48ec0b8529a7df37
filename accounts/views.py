from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from stages_bfc.ratelimits import limit_guesses

from . import attachments
from . import observers as observer_accounts
from .forms import DeleteAccountForm
from .models import SchoolAttachment
from .observers import ObserverForm
from .roles import check_user, moderator_required
from .signals import pupil_account_closing

Via = SchoolAttachment.Via


@require_http_methods(["GET", "POST"])
def delete_account(request):
    """Self-service deletion: the password confirms it, then the person is logged out.

    Pupils whose teacher created their account (no password, a class code) are closed by the
    teacher, who takes them out of the class: the page says so instead of a form."""
    if not request.user.has_usable_password():
        return render(request, "accounts/delete.html", {"form": None})
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        with transaction.atomic():
            logout(request)
            if user.is_pupil:
                # Their applications are kept, anonymised, for the hosts and the statistics.
                pupil_account_closing.send(type(user), pupil=user)
            else:
                user.delete()
        messages.success(request, "Votre compte a été supprimé. Au revoir !")
        return redirect("home")
    return render(request, "accounts/delete.html", {"form": form})


# --- school staff: the attachment to their school, and who confirms it ---

school_staff_only = check_user(
    lambda user: user.is_authenticated and user.is_school_staff,
    "Réservé aux personnels d'établissement scolaire.",
)


@school_staff_only
@require_http_methods(["GET", "POST"])
def school(request):
    """Where a school-staff account stands: confirmed, or why not and what to do. Confirmed
    staff also see their colleagues waiting for a confirmation."""
    attachment = attachments.attachment_of(request.user)
    if request.method == "POST" and attachment is not None:
        try:
            address = attachments.request_mailbox_link(attachment)
        except attachments.AttachmentError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                f"Demande envoyée à {address}. Dès qu'elle y est acceptée, vos classes "
                "s'ouvrent : nous vous prévenons par e-mail.",
            )
        return redirect("accounts:school")
    return render(
        request,
        "accounts/school.html",
        {
            "attachment": attachment,
            "mailbox": attachments.official_mailbox(attachment.school) if attachment else "",
            "waiting": attachments.waiting_for(request.user),
            "validity_days": attachments.LINK_VALIDITY.days,
        },
    )


DECISIONS = {"confirmer": True, "refuser": False}


@require_POST
def school_decide(request, pk, decision):
    """A confirmed colleague or Region staff confirms or refuses an attachment; anyone else
    finds none (404)."""
    if decision not in DECISIONS:
        raise Http404
    attachment = get_object_or_404(attachments.decidable_by(request.user), pk=pk)
    via = Via.REGION if request.user.is_moderator else Via.COLLEAGUE
    try:
        attachments.decide(attachment, DECISIONS[decision], request.user, via)
    except attachments.AttachmentError as error:
        messages.error(request, str(error))
    else:
        verb = "confirmé" if DECISIONS[decision] else "refusé"
        messages.success(request, f"Rattachement de {attachment.user} {verb}.")
    return redirect("accounts:school_review" if request.user.is_moderator else "accounts:school")


@login_not_required
@require_http_methods(["GET", "POST"])
@limit_guesses()
def school_link(request, token):
    """The link sent to the school's official mailbox: its reader has no account here. A GET
    only shows the question (mail scanners open links); the answer is a POST."""
    try:
        attachment = attachments.attachment_from_token(token)
    except attachments.AttachmentError as error:
        return render(request, "accounts/school_link.html", {"error": str(error)}, status=400)
    if request.method == "POST":
        if request.POST.get("decision") not in DECISIONS:
            return render(request, "accounts/school_link.html", {"attachment": attachment}, 400)
        try:
            attachment = attachments.decide_by_link(token, DECISIONS[request.POST["decision"]])
        except attachments.AttachmentError as error:
            return render(request, "accounts/school_link.html", {"error": str(error)}, status=400)
        return render(request, "accounts/school_link.html", {"decided": attachment})
    return render(request, "accounts/school_link.html", {"attachment": attachment})


@moderator_required
@require_GET
def school_review(request):
    """Region staff: every attachment waiting for a confirmation, oldest first."""
    return render(
        request, "accounts/school_review.html", {"waiting": attachments.waiting_for(request.user)}
    )


# --- observers: accounts that read the Region's figures, made by Region staff ---


@moderator_required
@require_http_methods(["GET", "POST"])
def observers(request):
    """Region staff list the observer accounts, create one (its owner chooses a password
    from the e-mail sent), close or reopen one's access."""
    form = ObserverForm(request.POST if request.POST.get("action") == "create" else None)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "create" and form.is_valid():
            user = observer_accounts.create_observer(request, form.cleaned_data)
            messages.success(
                request,
                f"Compte observateur créé pour {user.email} : un e-mail l'invite à choisir "
                "son mot de passe.",
            )
            return redirect("accounts:observers")
        if action in ("close", "reopen"):
            pk = request.POST.get("user", "")
            if not pk.isdigit():
                raise Http404
            user = get_object_or_404(observer_accounts.observers(), pk=int(pk))
            observer_accounts.set_active(user, action == "reopen")
            messages.success(
                request,
                f"Accès {'rouvert' if action == 'reopen' else 'fermé'} pour {user.email}.",
            )
            return redirect("accounts:observers")
    return render(
        request,
        "accounts/observers.html",
        {"form": form, "observers": observer_accounts.observers()},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )
