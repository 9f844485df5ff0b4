"""Who may do what in the wiki. One place, used by the pages, the API, tasks and search.

- Group-only groups: members (any role) read; everybody else gets a 404.
- All-partners groups: any signed-in person whose profile names a partner reads.
- Public groups: anyone reads, signed in or not.
- Members and coordinators edit, create pages, upload attachments and translations;
  observers read, comment and watch; coordinators also approve and submit to the editorial
  team. Readers who are partners may comment and watch.
- Staff status and superuser status give nothing extra here: they are roles of the CMS admin,
  not of the working groups.
"""

from __future__ import annotations

from .models import Membership, Role, Visibility, WikiPage, WorkingGroup

_CACHE_ATTR = "_wiki_roles"


def _roles(user) -> dict[int, str]:
    """group id -> role, cached on the user object for the request."""
    if user is None or not user.is_authenticated:
        return {}
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = dict(Membership.objects.filter(user=user).values_list("group_id", "role"))
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget(user) -> None:
    """Drop the cached roles (after a membership change in the same request)."""
    if user is not None and hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def is_partner(user) -> bool:
    if user is None or not user.is_authenticated:
        return False
    profile = getattr(user, "wiki_profile", None)
    try:
        return bool(profile and profile.partner_id)
    except Exception:  # noqa: BLE001 - RelatedObjectDoesNotExist
        return False


def role_in(user, group: WorkingGroup | int) -> str | None:
    group_id = group if isinstance(group, int) else group.pk
    return _roles(user).get(group_id)


def can_view_group(user, group: WorkingGroup) -> bool:
    if group.visibility == Visibility.PUBLIC:
        return True
    if role_in(user, group):
        return True
    return group.visibility == Visibility.PARTNERS and is_partner(user)


def can_view_page(user, page: WikiPage) -> bool:
    return can_view_group(user, page.group)


def can_edit_group(user, group: WorkingGroup) -> bool:
    return role_in(user, group) in {Role.MEMBER, Role.COORDINATOR}


def can_edit_page(user, page: WikiPage) -> bool:
    # By id: no need to load the group (this runs while the page row is locked).
    return role_in(user, page.group_id) in {Role.MEMBER, Role.COORDINATOR}


def can_comment(user, page: WikiPage) -> bool:
    if not can_view_page(user, page):
        return False
    return bool(role_in(user, page.group)) or is_partner(user)


def can_watch(user, group: WorkingGroup) -> bool:
    if not can_view_group(user, group):
        return False
    return bool(role_in(user, group)) or is_partner(user)


def can_coordinate(user, group: WorkingGroup) -> bool:
    return role_in(user, group) == Role.COORDINATOR
