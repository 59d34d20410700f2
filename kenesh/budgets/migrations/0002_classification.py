"""Load the shipped budget classification (kenesh/budgets/data/classification.csv)."""

from typing import Any

from django.db import migrations

from kenesh.budgets.classification import DATA_FILE, classification_apply, classification_rows_read


def load(apps: Any, schema_editor: Any) -> None:
    model = apps.get_model("budgets", "Classification")
    classification_apply(model, classification_rows_read(DATA_FILE.read_text(encoding="utf-8")))


class Migration(migrations.Migration):
    dependencies = [("budgets", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
