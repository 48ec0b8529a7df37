import django.db.models.deletion
from django.db import migrations, models

# Frozen here (as the levels were when this was written): the main level of each kind.
MAIN_LEVEL = {"college": "3e", "lycee": "seconde", "lycee_pro": "2de_pro"}


def set_levels(apps, schema_editor):
    """Existing classes get their school's main level; a collège class named "4e…", 4e."""
    SchoolClass = apps.get_model("placements", "SchoolClass")
    for school_class in SchoolClass.objects.select_related("school"):
        level = MAIN_LEVEL.get(school_class.school.kind, "seconde")
        if school_class.school.kind == "college" and school_class.name.strip().startswith("4"):
            level = "4e"
        school_class.level = level
        school_class.save(update_fields=["level"])


class Migration(migrations.Migration):
    dependencies = [
        ("placements", "0003_code_reset"),
        ("reference", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="schoolclass",
            name="level",
            field=models.CharField(
                choices=[
                    ("4e", "4e"),
                    ("3e", "3e"),
                    ("3e_pm", "3e prépa-métiers"),
                    ("seconde", "2de générale et technologique"),
                    ("cap", "CAP"),
                    ("2de_pro", "2de professionnelle"),
                    ("1re_pro", "1re professionnelle"),
                    ("tle_pro", "Terminale professionnelle"),
                    ("post_bac", "Post-bac (BTS, classe préparatoire)"),
                    ("apprenti", "Apprentis"),
                    ("adulte", "Adultes en formation (GRETA)"),
                ],
                default="seconde",
                max_length=12,
                verbose_name="niveau",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="schoolclass",
            name="observation_days",
            field=models.PositiveSmallIntegerField(
                default=5,
                help_text="Pour les classes de 4e et de 3e : le nombre de jours fixé par le collège.",
                verbose_name="durée de la séquence d'observation (jours)",
            ),
        ),
        migrations.RunPython(set_levels, migrations.RunPython.noop),
        migrations.CreateModel(
            name="TrainingPeriod",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("start", models.DateField(verbose_name="du")),
                ("end", models.DateField(verbose_name="au")),
                (
                    "school_class",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="training_periods",
                        to="placements.schoolclass",
                    ),
                ),
            ],
            options={
                "verbose_name": "période de formation en milieu professionnel",
                "verbose_name_plural": "périodes de formation en milieu professionnel",
                "ordering": ["start", "pk"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("end__gte", models.F("start"))),
                        name="training_period_end_after_start",
                    )
                ],
            },
        ),
    ]
