# A signatory's "party" (pupil, legal representative, host, head), so that it does not read
# as an account's role (accounts/roles.py owns those).
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("conventions", "0002_signatures")]

    operations = [
        migrations.RemoveConstraint("signature", "one_signature_per_role"),
        migrations.RenameField("signature", "role", "party"),
        migrations.RenameField("evidence", "role", "party"),
        migrations.AddConstraint(
            "signature",
            models.UniqueConstraint(fields=["convention", "party"], name="one_signature_per_party"),
        ),
    ]
