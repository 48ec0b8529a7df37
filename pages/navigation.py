"""The site's links, as data: the main menu (templates/base.html) and the site map
(/plan-du-site/) read this one list, so a page added to the menu is in the site map too.

Each link says who sees it by the capabilities of accounts/roles.py (any of them), or
`ANONYMOUS` / `SIGNED_IN`; the templates write the markup."""

from dataclasses import dataclass
from functools import cached_property

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

ANONYMOUS, SIGNED_IN = "anonymous", "signed_in"


@dataclass(frozen=True)
class Link:
    label: str
    url_name: str
    shown_to: tuple[str, ...] = ()  # empty: everyone
    menu_label: str = ""  # in the menu (MENU), when shorter there


LINKS = {
    "home": Link("Accueil", "home"),
    "search": Link(
        "Trouver un stage : recherche des offres",
        "search:offers",
        menu_label="Trouver un stage",
    ),
    "map": Link("Carte des offres", "search:map"),
    "offers": Link("Mes offres", "offers:dashboard", ("is_employer",)),
    "new_offer": Link("Publier une offre", "offers:create", ("is_employer",)),
    "inbox": Link("Candidatures reçues", "placements:inbox", ("is_employer",)),
    "organisation": Link("Ma structure", "organisations:detail", ("is_employer",)),
    "applications": Link("Mes candidatures", "placements:mine", ("is_pupil",)),
    "join": Link("Rejoindre ma classe", "placements:join", ("is_pupil",)),
    "external": Link("J'ai trouvé un stage ailleurs", "placements:external", ("is_pupil",)),
    "profile": Link("Mon profil", "placements:profile", ("is_pupil",)),
    "classes": Link("Mes classes", "placements:classes", ("is_school_staff",)),
    "school": Link("Mon établissement", "accounts:school", ("is_school_staff",)),
    "school_conventions": Link(
        "Conventions : réglages de l'établissement", "conventions:school", ("works_at_school",)
    ),
    "conventions": Link(
        "Conventions",
        "conventions:list",
        ("works_at_school", "is_pupil", "is_employer"),
    ),
    "alerts": Link("Mes alertes", "alerts:list", ("saves_searches",)),
    "figures": Link("Chiffres", "figures:dashboard", ("sees_figures",)),
    "moderation": Link(
        "Modération des offres",
        "offers:moderation_queue",
        ("is_moderator",),
        menu_label="Modération",
    ),
    "offer_revisions": Link(
        "Offres modifiées", "offers:moderation_offer_revisions", ("is_moderator",)
    ),
    "revisions": Link("Structures modifiées", "offers:moderation_revisions", ("is_moderator",)),
    "reports": Link("Signalements", "reports:queue", ("is_moderator",)),
    "attachments": Link("Rattachements", "accounts:school_review", ("is_moderator",)),
    "national": Link("Plateforme nationale", "sync_1j1s:dashboard", ("is_moderator",)),
    "account": Link("Mon compte", "account_email", (SIGNED_IN,)),
    "delete_account": Link("Supprimer mon compte", "accounts:delete", (SIGNED_IN,)),
    "login": Link("Se connecter", "account_login", (ANONYMOUS,)),
    "signup": Link("Créer un compte", "account_signup", (ANONYMOUS,)),
    "pupil_login": Link("Connexion élève avec un code", "placements:pupil_login", (ANONYMOUS,)),
    "password": Link("Mot de passe oublié", "account_reset_password", (ANONYMOUS,)),
    "accessibility": Link("Déclaration d'accessibilité", "accessibility"),
    "legal": Link("Mentions légales", "legal"),
    "privacy": Link("Données personnelles", "privacy"),
    "feed": Link("Flux des offres (1 jeune 1 solution, XML)", "sync_1j1s:feed"),
}

# The menu's order.
MENU = [
    "search", "offers", "inbox", "applications", "classes", "conventions", "alerts",
    "figures", "moderation", "reports", "attachments", "account", "login", "signup",
    "pupil_login",
]  # fmt: skip

# The site map's sections, in order; every link appears in one.
SITEMAP = [
    ("Trouver un stage", ["home", "search", "map"]),
    ("Votre compte", ["account", "delete_account", "login", "signup", "pupil_login", "password"]),
    ("Élève", ["applications", "join", "external", "profile"]),
    ("Établissement", ["classes", "school", "school_conventions"]),
    ("Structure d'accueil", ["offers", "new_offer", "inbox", "organisation"]),
    ("Suivi", ["conventions", "alerts"]),
    ("Région", ["figures", "moderation", "offer_revisions", "revisions", "reports",
                "attachments", "national"]),
    ("Informations", ["accessibility", "legal", "privacy", "feed"]),
]  # fmt: skip


def shown(link: Link, user) -> bool:
    if not link.shown_to:
        return True
    if not user.is_authenticated:
        return ANONYMOUS in link.shown_to
    return any(
        want == SIGNED_IN or (want != ANONYMOUS and getattr(user, want)) for want in link.shown_to
    )


@dataclass(frozen=True)
class Shown:
    label: str
    url: str


class SiteLinks:
    """What one user sees; computed when a template first reads it."""

    def __init__(self, user):
        self.user = user

    def _shown(self, key: str, menu: bool = False) -> Shown | None:
        link = LINKS[key]
        if not shown(link, self.user):
            return None
        return Shown(link.menu_label or link.label if menu else link.label, reverse(link.url_name))

    @cached_property
    def menu(self) -> list[Shown]:
        return [s for key in MENU if (s := self._shown(key, menu=True))]

    @cached_property
    def sitemap(self) -> list[tuple[str, list[Shown]]]:
        sections = [
            (title, [s for key in keys if (s := self._shown(key))]) for title, keys in SITEMAP
        ]
        return [(title, links) for title, links in sections if links]


def site_links(request) -> dict:
    """Context processor: `site_links.menu`, `site_links.sitemap`. A page rendered before
    the authentication middleware ran (a rate-limit or error page) has no user: it gets
    the anonymous links."""
    # Not `or`: the user is lazy, and its truth would read the session (a query) here.
    user = getattr(request, "user", None)
    return {"site_links": SiteLinks(AnonymousUser() if user is None else user)}
