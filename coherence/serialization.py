"""Django's JSON serialization format, made exact: what `dumpdata` writes and `loaddata`
reads, backups included (`docs/operations.md`). Registered as the `json` format by
`SERIALIZATION_MODULES`. It differs from Django's own in two ways:

- Times keep their microseconds. Django's encoder cuts them to milliseconds (for
  JavaScript), so a restore would move every `history_date`, and with it the change
  feed: two changes in one millisecond would fall on either side of a partner's `since`.
- A foreign key to a record that no longer exists is written as the key itself. History
  keeps the keys of deleted records (simple-history's foreign keys have no constraint:
  the country an institution was in, the practice a deleted link belonged to), where
  Django, asked for natural keys, fails looking the record up. `loaddata` reads a plain
  key as the key, natural keys or not.
"""

import datetime

from django.core.exceptions import ObjectDoesNotExist
from django.core.serializers import json
from django.core.serializers.json import DjangoJSONEncoder

Deserializer = json.Deserializer


class ExactJSONEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time) and o.utcoffset() is None:
            return o.isoformat()
        return super().default(o)


class Serializer(json.Serializer):
    def _init_options(self):
        self.options.setdefault("cls", ExactJSONEncoder)
        super()._init_options()

    def handle_fk_field(self, obj, field):
        try:
            super().handle_fk_field(obj, field)
        except ObjectDoesNotExist:
            self._current[field.name] = self._value_from_field(obj, field)
