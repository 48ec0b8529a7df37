"""Signing pages, opened from e-mailed links (no account needed): a signatory's page (read
the whole convention, ask a code, sign or refuse), the PDF they read, and the head's page
of the school's conventions waiting for them (one code for a selection).

A link is a capability: wrong or expired ones count as guesses (`limit_guesses`); codes
asked and codes typed are limited per signature and per address (`stages_bfc.ratelimits`).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from outbox.services import defer
from stages_bfc import ratelimits
from stages_bfc.ratelimits import limit_guesses

from . import document, links, pdf, selectors, signing
from .models import Party


def _meta(request) -> tuple[str | None, str]:
    return ratelimits.client_ip(request), request.headers.get("user-agent", "")


def _posted(request) -> dict:
    """What the person typed, shown again (never the code)."""
    return {"name": request.POST.get("name", ""), "reason": request.POST.get("reason", "")}


def _refused(request, error, status=400):
    return render(request, "conventions/sign_error.html", {"error": str(error)}, status=status)


def _context(signature, **extra):
    convention = signature.convention
    return {
        "signature": signature,
        "convention": convention,
        "title": document.title(convention),
        "parties": document.parties(convention),
        "articles": document.articles(convention),
        "sha": signing.document_sha256(convention),
        "status": selectors.status_of(convention),
        "head_waits": signature.party == Party.HEAD and not signing.others_signed(convention),
        "error": "",
        "posted": {"name": "", "reason": ""},
        **extra,
    }


@login_not_required
@require_http_methods(["GET", "POST"])
@limit_guesses()
def sign(request, token):
    try:
        signature = signing.signature_from_link(token, _meta(request))
    except signing.SigningError as error:
        return _refused(request, error)
    if request.method == "POST":
        key = str(signature.pk)
        usage = ratelimits.consume(request, "signing_code", key)
        if usage is None:
            return ratelimits.too_many(request, "signing_code", key)
        try:
            if request.POST.get("action") == "refuse":
                signing.refuse(
                    signature,
                    request.POST.get("code", ""),
                    request.POST.get("reason", ""),
                    _meta(request),
                )
                usage.rollback()
                return render(request, "conventions/sign_done.html", {"refused": True})
            signing.sign(
                signature,
                request.POST.get("code", ""),
                request.POST.get("name", ""),
                request.POST.get("sha", ""),
                _meta(request),
            )
        except signing.SigningError as error:
            return render(
                request,
                "conventions/sign.html",
                _context(signature, error=str(error), posted=_posted(request)),
                status=200,
            )
        usage.rollback()
        return render(request, "conventions/sign_done.html", {"signature": signature})
    return render(request, "conventions/sign.html", _context(signature))


@login_not_required
@require_POST
@limit_guesses()
def sign_code(request, token):
    try:
        signature = signing.signature_from_link(token, _meta(request))
    except signing.SigningError as error:
        return _refused(request, error)
    key = str(signature.pk)
    if ratelimits.consume(request, "signing_code_sent", key) is None:
        return ratelimits.too_many(request, "signing_code_sent", key)
    try:
        signing.ask_code(signature)
    except signing.SigningError as error:
        return _refused(request, error)
    messages.success(
        request,
        f"Un code à 6 chiffres vient d'être envoyé à {signature.email}. Il vaut 15 minutes.",
    )
    return redirect("conventions:sign", token=token)


@login_not_required
@require_GET
@limit_guesses()
def sign_pdf(request, token):
    try:
        signature = signing.signature_from_link(token, _meta(request))
    except signing.SigningError as error:
        return _refused(request, error)
    convention = signature.convention
    # Once sealed, the link gives the signed PDF itself (the family keeps it).
    data = bytes(convention.signed_pdf) if convention.sealed_at else pdf.render(convention)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="convention-{signature.convention_id}.pdf"'
    return response


def _head(token):
    try:
        payload = links.head_payload(token)
    except links.LinkError as error:
        raise signing.SigningError(str(error)) from error
    return payload["u"], payload["e"]


@login_not_required
@require_http_methods(["GET", "POST"])
@limit_guesses()
def head(request, token):
    try:
        uai, email = _head(token)
    except signing.SigningError as error:
        return _refused(request, error)
    waiting = list(signing.waiting_for_head(uai, email))
    context = {
        "waiting": waiting,
        "token": token,
        "email": email,
        "error": "",
        "posted": {"name": ""},
    }
    if request.method == "POST":
        key = signing.head_scope(uai, email)
        usage = ratelimits.consume(request, "signing_code", key)
        if usage is None:
            return ratelimits.too_many(request, "signing_code", key)
        chosen = [int(pk) for pk in request.POST.getlist("signatures") if pk.isdigit()]
        try:
            count = signing.sign_batch(
                uai,
                email,
                chosen,
                request.POST.get("code", ""),
                request.POST.get("name", ""),
                _meta(request),
            )
        except signing.SigningError as error:
            return render(
                request,
                "conventions/head.html",
                {**context, "error": str(error), "posted": _posted(request)},
            )
        usage.rollback()
        messages.success(
            request,
            f"{count} convention{'s' if count > 1 else ''} signée{'s' if count > 1 else ''}.",
        )
        return redirect("conventions:head", token=token)
    return render(request, "conventions/head.html", context)


@login_not_required
@require_POST
@limit_guesses()
def head_code(request, token):
    try:
        uai, email = _head(token)
    except signing.SigningError as error:
        return _refused(request, error)
    key = signing.head_scope(uai, email)
    if ratelimits.consume(request, "signing_code_sent", key) is None:
        return ratelimits.too_many(request, "signing_code_sent", key)
    defer("conventions.tasks.send_head_code", uai, email)
    messages.success(
        request, f"Un code à 6 chiffres vient d'être envoyé à {email}. Il vaut 15 minutes."
    )
    return redirect("conventions:head", token=token)
