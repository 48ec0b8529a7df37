"""Accounts of school staff created before attachments were confirmed chose their school
themselves: each gets a pending attachment, and sees no class until it is confirmed."""

from django.db import migrations


def mark_unconfirmed(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    SchoolAttachment = apps.get_model("accounts", "SchoolAttachment")
    staff = User.objects.filter(role="teacher", school__isnull=False)
    SchoolAttachment.objects.bulk_create(
        [
            SchoolAttachment(user_id=user_id, school_id=school_id, state="pending")
            for user_id, school_id in staff.values_list("pk", "school_id")
        ],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_school_attachment")]

    operations = [migrations.RunPython(mark_unconfirmed, migrations.RunPython.noop)]
