"""The application's database connections never JIT-compile a query (settings.py): the
search's costly-looking but fast queries paid hundreds of milliseconds of compilation."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_connections_run_without_jit():
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
