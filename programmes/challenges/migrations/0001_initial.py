import django.core.validators
import django.db.models.deletion
import django.utils.timezone
import programmes.challenges.models
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


MODELS = [
    "challenge",
    "challengequestion",
    "criterion",
    "application",
    "applicationanswer",
    "stagechange",
    "juror",
    "review",
    "score",
]


def move_content_types(apps, schema_editor):
    """Give the existing content types of the moved models their new app label (none exist on a new database)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MODELS:
        if not ContentType.objects.using(db).filter(app_label="challenges", model=model).exists():
            ContentType.objects.using(db).filter(app_label="programmes", model=model).update(app_label="challenges")


class Migration(migrations.Migration):
    """Takes over the challenge models from programmes (programmes.0005) with the tables they already have
    (db_table "programmes_..."): nothing is created in the database, and the content types are renamed so
    that permissions and admin history follow the models."""

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('accounts', '0004_user_language'),
        ('programmes', '0005_challenges_move_to_their_own_app'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Challenge',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=200, verbose_name='name')),
                        ('call_text', models.TextField(help_text='What the challenge asks of entrepreneurs.', verbose_name='call')),
                        ('eligibility', models.TextField(blank=True, verbose_name='who may apply')),
                        ('opens_at', models.DateTimeField(verbose_name='applications open')),
                        ('closes_at', models.DateTimeField(help_text='After the opening.', verbose_name='applications close')),
                        ('finale_on', models.DateField(blank=True, null=True, verbose_name='date of the finale')),
                        ('scale_min', models.PositiveSmallIntegerField(default=1, verbose_name='lowest score')),
                        ('scale_max', models.PositiveSmallIntegerField(default=10, help_text='Jurors score each criterion from the lowest to the highest score.', verbose_name='highest score')),
                        ('results_public', models.BooleanField(default=False, help_text='Show the finalists and winners on the public page of the challenge.', verbose_name='finalists and winners public')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                        ('action_line', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='challenges', to='programmes.actionline', verbose_name='action line')),
                        ('partners', models.ManyToManyField(blank=True, related_name='challenges', to='programmes.partner', verbose_name='partners')),
                    ],
                    options={
                        'verbose_name': 'challenge',
                        'verbose_name_plural': 'challenges',
                        'db_table': 'programmes_challenge',
                        'ordering': ['-opens_at', 'name'],
                    },
                ),
                migrations.CreateModel(
                    name='Application',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=200, verbose_name='name of your plan')),
                        ('summary', models.TextField(help_text='Your plan and its impact in a few sentences.', verbose_name='summary')),
                        ('pitch', models.FileField(blank=True, help_text='A PDF of at most 5 MB.', upload_to=programmes.challenges.models.pitch_upload_to, validators=[programmes.challenges.models.validate_pitch], verbose_name='pitch document')),
                        ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='submitted at')),
                        ('stage', models.CharField(choices=[('applied', 'Applied'), ('assessed', 'Assessed'), ('selected', 'Selected'), ('coached', 'Coached'), ('finalist', 'Finalist'), ('winner', 'Winner'), ('not_selected', 'Not selected')], default='applied', max_length=20, verbose_name='stage')),
                        ('furthest_stage', models.CharField(choices=[('applied', 'Applied'), ('assessed', 'Assessed'), ('selected', 'Selected'), ('coached', 'Coached'), ('finalist', 'Finalist'), ('winner', 'Winner'), ('not_selected', 'Not selected')], default='applied', help_text='The last stage in the order it reached; kept when it is not selected.', max_length=20, verbose_name='furthest stage')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                        ('applicant', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='challenge_applications', to=settings.AUTH_USER_MODEL, verbose_name='applicant')),
                        ('coach', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='coached_applications', to=settings.AUTH_USER_MODEL, verbose_name='coach')),
                        ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='challenge_applications', to='accounts.organisation', verbose_name='organisation')),
                        ('challenge', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='applications', to='challenges.challenge', verbose_name='challenge')),
                    ],
                    options={
                        'verbose_name': 'application',
                        'verbose_name_plural': 'applications',
                        'db_table': 'programmes_application',
                        'ordering': ['challenge', 'submitted_at', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='ChallengeQuestion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('position', models.PositiveSmallIntegerField(default=1, verbose_name='position')),
                        ('text', models.CharField(max_length=300, verbose_name='question')),
                        ('help_text', models.CharField(blank=True, max_length=300, verbose_name='explanation')),
                        ('required', models.BooleanField(default=True, verbose_name='required')),
                        ('challenge', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='questions', to='challenges.challenge', verbose_name='challenge')),
                    ],
                    options={
                        'verbose_name': 'question to applicants',
                        'verbose_name_plural': 'questions to applicants',
                        'db_table': 'programmes_challengequestion',
                        'ordering': ['challenge', 'position', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='ApplicationAnswer',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('text', models.TextField(blank=True, verbose_name='answer')),
                        ('application', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='answers', to='challenges.application', verbose_name='application')),
                        ('question', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='answers', to='challenges.challengequestion', verbose_name='question')),
                    ],
                    options={
                        'verbose_name': 'answer',
                        'verbose_name_plural': 'answers',
                        'db_table': 'programmes_applicationanswer',
                        'ordering': ['question__position', 'question__pk'],
                    },
                ),
                migrations.CreateModel(
                    name='Criterion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('position', models.PositiveSmallIntegerField(default=1, verbose_name='position')),
                        ('name', models.CharField(max_length=200, verbose_name='criterion')),
                        ('description', models.CharField(blank=True, max_length=300, verbose_name='description')),
                        ('weight', models.DecimalField(decimal_places=2, default=1, help_text='How much the criterion counts; positive.', max_digits=5, validators=[django.core.validators.MinValueValidator(Decimal('0.01'), message='A weight is positive.')], verbose_name='weight')),
                        ('challenge', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='criteria', to='challenges.challenge', verbose_name='challenge')),
                    ],
                    options={
                        'verbose_name': 'assessment criterion',
                        'verbose_name_plural': 'assessment criteria',
                        'db_table': 'programmes_criterion',
                        'ordering': ['challenge', 'position', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='Juror',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('invited_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='invited at')),
                        ('challenge', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='jurors', to='challenges.challenge', verbose_name='challenge')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='juries', to=settings.AUTH_USER_MODEL, verbose_name='jury member')),
                    ],
                    options={
                        'verbose_name': 'jury member',
                        'verbose_name_plural': 'jury members',
                        'db_table': 'programmes_juror',
                        'ordering': ['challenge', 'user__name'],
                    },
                ),
                migrations.CreateModel(
                    name='Review',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('assigned_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='assigned at')),
                        ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='scores submitted at')),
                        ('application', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reviews', to='challenges.application', verbose_name='application')),
                        ('juror', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reviews', to=settings.AUTH_USER_MODEL, verbose_name='jury member')),
                    ],
                    options={
                        'verbose_name': 'assessment',
                        'verbose_name_plural': 'assessments',
                        'db_table': 'programmes_review',
                        'ordering': ['application', 'juror__name'],
                    },
                ),
                migrations.CreateModel(
                    name='Score',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('value', models.PositiveSmallIntegerField(verbose_name='score')),
                        ('comment', models.TextField(blank=True, verbose_name='comment')),
                        ('criterion', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='scores', to='challenges.criterion', verbose_name='criterion')),
                        ('review', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='scores', to='challenges.review', verbose_name='assessment')),
                    ],
                    options={
                        'verbose_name': 'score',
                        'verbose_name_plural': 'scores',
                        'db_table': 'programmes_score',
                        'ordering': ['review', 'criterion__position'],
                    },
                ),
                migrations.CreateModel(
                    name='StageChange',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('from_stage', models.CharField(choices=[('applied', 'Applied'), ('assessed', 'Assessed'), ('selected', 'Selected'), ('coached', 'Coached'), ('finalist', 'Finalist'), ('winner', 'Winner'), ('not_selected', 'Not selected')], max_length=20, verbose_name='from')),
                        ('to_stage', models.CharField(choices=[('applied', 'Applied'), ('assessed', 'Assessed'), ('selected', 'Selected'), ('coached', 'Coached'), ('finalist', 'Finalist'), ('winner', 'Winner'), ('not_selected', 'Not selected')], max_length=20, verbose_name='to')),
                        ('at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='at')),
                        ('actor', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by')),
                        ('application', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='stage_changes', to='challenges.application', verbose_name='application')),
                    ],
                    options={
                        'verbose_name': 'stage change',
                        'verbose_name_plural': 'stage changes',
                        'db_table': 'programmes_stagechange',
                        'ordering': ['application', 'at', 'pk'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='challenge',
                    constraint=models.CheckConstraint(condition=models.Q(('closes_at__gt', models.F('opens_at'))), name='challenge_closes_after_opening'),
                ),
                migrations.AddConstraint(
                    model_name='challenge',
                    constraint=models.CheckConstraint(condition=models.Q(('scale_max__gt', models.F('scale_min'))), name='challenge_scale'),
                ),
                migrations.AddIndex(
                    model_name='application',
                    index=models.Index(fields=['challenge', 'stage'], name='programmes__challen_e4e968_idx'),
                ),
                migrations.AddConstraint(
                    model_name='application',
                    constraint=models.UniqueConstraint(fields=('challenge', 'organisation'), name='one_application_per_organisation', violation_error_message='Your organisation has already applied to this challenge.'),
                ),
                migrations.AddConstraint(
                    model_name='applicationanswer',
                    constraint=models.UniqueConstraint(fields=('application', 'question'), name='one_answer_per_question'),
                ),
                migrations.AddConstraint(
                    model_name='criterion',
                    constraint=models.CheckConstraint(condition=models.Q(('weight__gt', 0)), name='criterion_weight_positive'),
                ),
                migrations.AddConstraint(
                    model_name='juror',
                    constraint=models.UniqueConstraint(fields=('challenge', 'user'), name='one_juror_per_challenge'),
                ),
                migrations.AddConstraint(
                    model_name='review',
                    constraint=models.UniqueConstraint(fields=('application', 'juror'), name='one_review_per_juror'),
                ),
                migrations.AddConstraint(
                    model_name='score',
                    constraint=models.UniqueConstraint(fields=('review', 'criterion'), name='one_score_per_criterion'),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, migrations.RunPython.noop),
    ]
