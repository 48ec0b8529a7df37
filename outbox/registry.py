"""Celery tasks by dotted name, so that a service never imports a task module.

A task module imports its app's services (a task is a thin call of one); a service names the
task it wants run, e.g. `defer("offers.tasks.send_decision_email", offer.pk)`. The name is
the task's import path, which is also the name Celery registers it under.
"""

from celery import Task
from django.utils.module_loading import import_string


class UnknownTask(LookupError):
    """No Celery task has this dotted name."""


def task_named(name: str) -> Task:
    """The Celery task at this dotted path; UnknownTask if there is none (a typo fails at once,
    in the transaction of the change, instead of later in the worker)."""
    if not isinstance(name, str) or "." not in name:
        raise UnknownTask(f"a task is named by its dotted path (app.tasks.name), not {name!r}")
    try:
        task = import_string(name)
    except ImportError as error:
        raise UnknownTask(f"no Celery task named {name!r}: {error}") from None
    if not isinstance(task, Task):
        raise UnknownTask(f"{name!r} is not a Celery task (decorate it with @shared_task)")
    if task.name != name:
        raise UnknownTask(f"{name!r} is registered as {task.name!r}: defer it by that name")
    return task
