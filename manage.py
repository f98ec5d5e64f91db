#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coherence.settings")
    # manage.py is the development entry point: DEBUG is on unless the environment says
    # otherwise, as with `make`. The production server (`gunicorn coherence.wsgi`) has no
    # such default and refuses to start without a SECRET_KEY.
    os.environ.setdefault("DEBUG", "1")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        settings.INSTALLED_APPS  # noqa: B018 - loads the settings
    except ImproperlyConfigured as error:
        # Django would carry on without settings and fail later with "Models aren't
        # loaded yet"; say what is wrong instead.
        sys.exit(f"manage.py: {error}")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
