"""A Celery worker process for the fault test, on the test database and broker.

Usage: python tests/sync_1j1s/worker.py NAME. Reads SYNC_TEST_BROKER_DIR (filesystem broker
folder) or SYNC_TEST_BROKER_URL (Redis), and the NATIONAL_API_* variables.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stages_bfc.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402

from stages_bfc.celery import app  # noqa: E402

settings.NATIONAL_API_TIMEOUT = (1, 2)
settings.NATIONAL_API_WINDOW_SECONDS = int(os.environ.get("SYNC_TEST_WINDOW", "60"))
if url := os.environ.get("SYNC_TEST_BROKER_URL"):
    app.conf.broker_url = url
else:
    folder = os.environ["SYNC_TEST_BROKER_DIR"]
    app.conf.broker_url = "filesystem://"
    app.conf.broker_transport_options = {
        "data_folder_in": folder,
        "data_folder_out": folder,
        "control_folder": os.path.join(folder, "control"),
        "store_processed": False,
    }
app.conf.broker_connection_retry = True
app.conf.broker_connection_max_retries = None
app.worker_main(
    [
        "worker",
        "--pool",
        "solo",
        "--loglevel",
        "WARNING",
        "-n",
        f"{sys.argv[1]}@%h",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]
)
