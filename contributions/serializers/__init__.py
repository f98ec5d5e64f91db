"""The API's shapes of contributions (`contributions.api`): uploaded documents, and
submissions with their quotes, comments and state changes. Writes take a submission's
content in the shapes of the practices write API (`contributions.content`); reads give it
back as stored, with what the requester may do next (`actions`).

One module per concept:

- `documents`: an uploaded document, its passages, and the upload form;
- `writes`: a submission's writes (creating, editing, the transitions' bodies, a
  comment), their values refused unless of the JSON type the schema gives them;
- `reads`: a submission as its contributor and the reviewers read it, and in a list;
- `fields`: a record's API detail URL.
"""
