"""The shipped checklist templates (edited afterwards as data in the admin)."""

from django.db import migrations

from kenesh.monitoring.checklists import TEMPLATES


def forwards(apps, schema_editor):
    Template = apps.get_model("monitoring", "ChecklistTemplate")
    Question = apps.get_model("monitoring", "ChecklistQuestion")
    for kind, service, name_ky, name_ru, questions in TEMPLATES:
        template, created = Template.objects.get_or_create(
            kind=kind, service=service, defaults={"name_ky": name_ky, "name_ru": name_ru}
        )
        if created:
            Question.objects.bulk_create(
                Question(template=template, text_ky=ky, text_ru=ru, sort_order=index)
                for index, (ky, ru) in enumerate(questions)
            )


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
