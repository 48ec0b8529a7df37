from django.contrib import admin

from .models import PendingTask


@admin.register(PendingTask)
class PendingTaskAdmin(admin.ModelAdmin):
    list_display = ["task_name", "args", "created_at", "done_at", "attempts"]
    list_filter = ["task_name", ("done_at", admin.EmptyFieldListFilter)]
    readonly_fields = [
        "task_name",
        "args",
        "created_at",
        "updated_at",
        "done_at",
        "attempts",
        "last_error",
    ]
