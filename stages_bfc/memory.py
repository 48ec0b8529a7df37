"""The garbage collector and a long-lived web process.

What a process builds at start and on its first requests (modules, URL patterns, compiled
templates, model metadata) lives as long as the process, yet every full collection walks it
again: at 210,000 objects, one such pass held a search page for 100-200 ms, about once in
fifty requests. Frozen after each of the first requests (gc.freeze), those objects are left
out of every later pass; a request's own garbage is still collected as before.
"""

import gc

from django.core.signals import request_finished

FIRST_REQUESTS = 20


def freeze_after_first_requests(count: int = FIRST_REQUESTS) -> None:
    left = [count]

    def freeze(**kwargs):
        gc.freeze()
        left[0] -= 1
        if left[0] <= 0:
            request_finished.disconnect(freeze, dispatch_uid="stages-gc-freeze")

    request_finished.connect(freeze, dispatch_uid="stages-gc-freeze", weak=False)
