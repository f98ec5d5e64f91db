"""Loading the knowledge base's classification of practices (fixtures of type
`classification`, under `fixtures/knowledge/classification/`):

```json
{"type": "classification", "records": [{"practice": "<practice slug>",
  "gcm_objectives": [{"number": 19, "reason": "..."}],
  "gcm_principles": [{"number": 9, "reason": "..."}],
  "sdg_targets": [{"code": "10.c", "reason": "..."}]}]}
```

A record is the whole classification of its practice: what it lists is set (a changed
reason updated in place), what it leaves out is removed, and a classification that
already matches writes nothing. It is not a source's statement, so it has no citation."""

from __future__ import annotations

from django.db import models

from ..models import CLASSIFICATIONS, Practice
from ..services import Classified, practice_set_classification


class ClassificationLoader:
    """Resolves the keys a classification names, each framework's records read once."""

    def __init__(self):
        self._records: dict[str, dict[str, models.Model]] = {}
        self.record: Practice | None = None  # the practice of the last `load()`

    def targets(self, name: str) -> dict[str, models.Model]:
        if name not in self._records:
            _name, through, field, key, _facet = next(c for c in CLASSIFICATIONS if c[0] == name)
            model = through._meta.get_field(field).related_model
            self._records[name] = {str(getattr(obj, key)): obj for obj in model.objects.all()}
        return self._records[name]

    def load(self, slug: str, data: dict) -> tuple[bool, bool]:
        """Set the classification of the practice `slug`; (always False: no record is
        created, whether anything changed). LookupError names an unknown practice or
        framework record."""
        practice = Practice.objects.filter(slug=slug).first()
        if practice is None:
            raise LookupError(f"no practice with slug “{slug}”")
        self.record = practice
        wanted = {}
        for name, _through, _field, key, _facet in CLASSIFICATIONS:
            known = self.targets(name)
            items = []
            for item in data.get(name, []):
                value = item.get(key) if isinstance(item, dict) else None
                target = known.get(str(value))
                if target is None:
                    noun = _through._meta.get_field(_field).verbose_name
                    raise LookupError(f"{name}: no {noun} with {key} “{value}”")
                items.append(Classified(target, item.get("reason", "")))
            wanted[name] = items
        return False, practice_set_classification(practice=practice, **wanted)
