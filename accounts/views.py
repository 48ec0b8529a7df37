from django.contrib import messages
from django.contrib.auth import logout
from django.db import transaction
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from .forms import DeleteAccountForm
from .signals import pupil_account_closing


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
