"""After the data moves (0009): the findings' question texts go, and "challenge" is no
longer a kind of recommendation."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0011_move_challenges_and_questions"),
    ]

    operations = [
        migrations.RemoveField(model_name="countryfinding", name="question_text"),
        migrations.RemoveField(model_name="historicalcountryfinding", name="question_text"),
        migrations.RemoveConstraint(
            model_name='recommendation',
            name='recommendation_kind_valid',
        ),
        migrations.AlterField(
            model_name='historicalrecommendation',
            name='kind',
            field=models.CharField(choices=[('recommendation', 'Recommendation'), ('idea_for_action', 'Idea for action'), ('proposed_outcome', 'Proposed outcome')], default='recommendation', max_length=20, verbose_name='kind'),
        ),
        migrations.AlterField(
            model_name='recommendation',
            name='kind',
            field=models.CharField(choices=[('recommendation', 'Recommendation'), ('idea_for_action', 'Idea for action'), ('proposed_outcome', 'Proposed outcome')], default='recommendation', max_length=20, verbose_name='kind'),
        ),
        migrations.AddConstraint(
            model_name='recommendation',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['recommendation', 'idea_for_action', 'proposed_outcome'])), name='recommendation_kind_valid'),
        ),
    ]
