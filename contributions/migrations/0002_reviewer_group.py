"""The reviewer role: the group "reviewer" may review submissions (and edit the
knowledge base's records in the admin, as its editors do)."""

from django.db import migrations

REVIEWER = "reviewer"


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _created = ContentType.objects.get_or_create(
        app_label="contributions", model="submission"
    )
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type,
        codename="review_submission",
        defaults={"name": "Can review submissions"},
    )
    group, _created = Group.objects.get_or_create(name=REVIEWER)
    group.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(
        content_type__app_label="contributions", codename="review_submission"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contributions", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
