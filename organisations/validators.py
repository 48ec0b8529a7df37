from django.core.exceptions import ValidationError

# La Poste's establishments share one SIREN and use a digit-sum rule instead of Luhn.
LA_POSTE_SIREN = "356000000"


def luhn_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def validate_siret(value: str) -> None:
    if len(value) != 14 or not value.isdigit():
        raise ValidationError("Le SIRET compte exactement 14 chiffres.", code="siret_format")
    if value.startswith(LA_POSTE_SIREN):
        valid = sum(int(c) for c in value) % 5 == 0
    else:
        valid = luhn_valid(value)
    if not valid:
        raise ValidationError(
            "Ce numéro SIRET n'existe pas : vérifiez-le sur votre avis de situation INSEE.",
            code="siret_checksum",
        )
