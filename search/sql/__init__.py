"""The search's SQL, as its migrations load it."""

from pathlib import Path

from offers.models import Public
from offers.places import holding_states_sql

HERE = Path(__file__).parent


def read_model() -> str:
    """read_model.sql, given the application states that hold a place (offers.places)."""
    return (HERE / "read_model.sql").read_text().replace("{holding_states}", holding_states_sql())


def read_model_removed() -> str:
    return (HERE / "read_model_removed.sql").read_text()


def terms() -> str:
    """terms.sql, given the publics in the order of their bits (offers.models.Public)."""
    codes = "[" + ", ".join(f"'{code}'" for code in Public.values) + "]"
    return (HERE / "terms.sql").read_text().replace("{public_codes}", codes)


def terms_removed() -> str:
    return (HERE / "terms_removed.sql").read_text()
