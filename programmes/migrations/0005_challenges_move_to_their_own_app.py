from django.db import migrations


class Migration(migrations.Migration):
    """The challenge models move to the app labelled "challenges" (challenges.0001_initial takes them over).
    Only Django's idea of the models changes: the tables and their rows stay as they are."""

    dependencies = [
        ('programmes', '0004_question_language'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='stagechange',
                    name='application',
                ),
                migrations.RemoveField(
                    model_name='applicationanswer',
                    name='application',
                ),
                migrations.RemoveField(
                    model_name='review',
                    name='application',
                ),
                migrations.RemoveField(
                    model_name='applicationanswer',
                    name='question',
                ),
                migrations.RemoveField(
                    model_name='challenge',
                    name='action_line',
                ),
                migrations.RemoveField(
                    model_name='challenge',
                    name='partners',
                ),
                migrations.RemoveField(
                    model_name='criterion',
                    name='challenge',
                ),
                migrations.RemoveField(
                    model_name='juror',
                    name='challenge',
                ),
                migrations.RemoveField(
                    model_name='challengequestion',
                    name='challenge',
                ),
                migrations.RemoveField(
                    model_name='score',
                    name='criterion',
                ),
                migrations.RemoveField(
                    model_name='juror',
                    name='user',
                ),
                migrations.RemoveField(
                    model_name='review',
                    name='juror',
                ),
                migrations.RemoveField(
                    model_name='score',
                    name='review',
                ),
                migrations.RemoveField(
                    model_name='stagechange',
                    name='actor',
                ),
                migrations.DeleteModel(
                    name='Application',
                ),
                migrations.DeleteModel(
                    name='ApplicationAnswer',
                ),
                migrations.DeleteModel(
                    name='Challenge',
                ),
                migrations.DeleteModel(
                    name='ChallengeQuestion',
                ),
                migrations.DeleteModel(
                    name='Criterion',
                ),
                migrations.DeleteModel(
                    name='Juror',
                ),
                migrations.DeleteModel(
                    name='Review',
                ),
                migrations.DeleteModel(
                    name='Score',
                ),
                migrations.DeleteModel(
                    name='StageChange',
                ),
            ],
            database_operations=[],
        ),
    ]
