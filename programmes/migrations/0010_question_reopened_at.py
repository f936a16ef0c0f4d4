from django.db import migrations, models
from django.db.models import Max


def reopened_at_the_askers_last_reply(apps, schema_editor):
    """A question answered once and open again was reopened by the asker's last reply."""
    Question = apps.get_model("programmes", "Question")
    reopened = Question.objects.filter(status__in=("new", "in_progress"), answered_at__isnull=False)
    for question in reopened.annotate(
        last_reply=Max("messages__created_at", filter=models.Q(messages__from_asker=True))
    ):
        if question.last_reply is not None:
            Question.objects.filter(pk=question.pk).update(reopened_at=question.last_reply)


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0009_service_point_conversation"),
    ]

    operations = [
        migrations.AddField(
            model_name="question",
            name="reopened_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="reopened at"),
        ),
        migrations.RunPython(reopened_at_the_askers_last_reply, migrations.RunPython.noop),
    ]
