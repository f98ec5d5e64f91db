"""The editors' workbench: what the admin's screens add to Django's admin (the "used by"
panel, the citation record picker, list filters, the publishing panel, draft previews).
The admin modules register the screens; these modules hold what they show."""
