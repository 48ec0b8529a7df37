from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models

from .roles import Capabilities, Role


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        # Pupils created by their teacher have no e-mail: NULL, so that many can coexist.
        user = self.model(email=self.normalize_email(email) or None, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True, role=User.Role.ADMIN)
        return self.create_user(email, password, **extra)


class User(Capabilities, AbstractUser):
    """A person, identified by e-mail. Pupils give only their names and school.

    Pupils whose account their teacher created have no e-mail (NULL): they log in with their
    class code and a personal code (`placements.pupil_login`); everyone else logs in by e-mail.
    """

    Role = Role  # for the field and for creating accounts; comparisons live in roles.py

    username = None
    email = models.EmailField("adresse e-mail", unique=True, null=True, blank=True)
    role = models.CharField("rôle", max_length=10, choices=Role.choices, default=Role.EMPLOYER)
    school = models.ForeignKey(
        "reference.School",
        verbose_name="établissement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = "utilisateur"

    def __str__(self):
        return self.get_full_name() or self.email or f"Utilisateur n° {self.pk}"
