# Result.details: the engine's result-wide explanation (kenesh.pb.count_store).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("pb", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="result",
            name="details",
            field=models.JSONField(blank=True, default=dict, verbose_name="count details"),
        ),
    ]
