"""Load the shipped categories and public holidays (kenesh/appeals/seed.py)."""

from django.db import migrations


def load(apps, schema_editor):
    from kenesh.appeals.seed import seed

    seed(apps.get_model("appeals", "Category"), apps.get_model("appeals", "Holiday"))


class Migration(migrations.Migration):
    dependencies = [("appeals", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
