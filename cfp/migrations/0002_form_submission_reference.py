# A random reference per submission: what authors see instead of the sequential number.

from django.db import migrations, models

import cfp.models.submission


def fill_references(apps, schema_editor):
    Submission = apps.get_model("cfp", "Submission")
    used = set()
    for submission in Submission.objects.filter(reference__isnull=True).only("pk"):
        reference = cfp.models.submission.new_reference()
        while reference in used:
            reference = cfp.models.submission.new_reference()
        used.add(reference)
        Submission.objects.filter(pk=submission.pk).update(reference=reference)


class Migration(migrations.Migration):
    dependencies = [
        ("cfp", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="submission",
            name="reference",
            field=models.CharField(max_length=8, null=True, editable=False),
        ),
        migrations.RunPython(fill_references, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="submission",
            name="reference",
            field=models.CharField(
                default=cfp.models.submission.new_reference,
                editable=False,
                max_length=8,
                unique=True,
                verbose_name="reference",
            ),
        ),
    ]
