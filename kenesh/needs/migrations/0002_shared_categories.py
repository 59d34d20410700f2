"""The shared problem categories of the issue's list."""

from django.db import migrations


def forwards(apps, schema_editor):
    from kenesh.needs.categories import shared_categories_ensure

    shared_categories_ensure(apps.get_model("needs", "Category"))


class Migration(migrations.Migration):
    dependencies = [("needs", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
