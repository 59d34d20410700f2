"""Who edits the portraits' texts and photos: the portal's editors and administrators (as `portal.edit`).

Wagtail's snippet views ask `user.has_perm("portraits.<action>_portraittext")`; these names answer through
Kenesh's roles (django-rules), so nobody needs a Wagtail group for them and losing the editor role takes
them away at once. The portal's door (/office/portal/, `portal.edit`) is checked before any of them.
"""

from __future__ import annotations

from kenesh.accounts.permissions import is_admin, is_editor, permission_register

TEXT_ACTIONS = ("add", "change", "delete", "publish")

for _action in TEXT_ACTIONS:
    # obj = None: write, publish or delete an editor's text and photos on a portrait.
    permission_register(f"portraits.{_action}_portraittext", is_editor | is_admin)
