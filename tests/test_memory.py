"""The web process freezes what its first requests leave alive (stages_bfc/memory.py)."""

import gc
import importlib

from django.core.signals import request_finished

from stages_bfc.memory import freeze_after_first_requests


def test_the_first_requests_freeze_what_lives_then_later_ones_do_not():
    gc.unfreeze()
    try:
        freeze_after_first_requests(count=2)
        request_finished.send(sender=None)
        assert gc.get_freeze_count() > 0
        gc.unfreeze()
        request_finished.send(sender=None)
        assert gc.get_freeze_count() > 0
        gc.unfreeze()
        request_finished.send(sender=None)  # the third: the collector is left alone
        assert gc.get_freeze_count() == 0
    finally:
        request_finished.disconnect(dispatch_uid="stages-gc-freeze")
        gc.unfreeze()


def test_the_wsgi_entry_sets_it_up():
    import stages_bfc.wsgi

    request_finished.disconnect(dispatch_uid="stages-gc-freeze")
    importlib.reload(stages_bfc.wsgi)
    assert request_finished.disconnect(dispatch_uid="stages-gc-freeze")
