from django.contrib import admin

from .models import PendingTask


@admin.register(PendingTask)
class PendingTaskAdmin(admin.ModelAdmin):
    exclude = ["args"]
    # No arguments shown: some are rendered e-mails whose links open an account.
    list_display = ["task_name", "created_at", "done_at", "attempts"]
    list_filter = ["task_name", ("done_at", admin.EmptyFieldListFilter)]
    readonly_fields = [
        "task_name",
        "created_at",
        "updated_at",
        "done_at",
        "attempts",
        "last_error",
    ]
