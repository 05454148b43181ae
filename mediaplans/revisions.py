"""Snapshots of a plan's items and the difference between two of them, without the database.

A snapshot is what a submission froze (`PlanRevision.snapshot`): the items in order, each
translated field as {"kk": …, "ru": …, "en": …}. Two snapshots are compared item by item
(matched by the item's id, which a revision keeps) and field by field.
"""

from dataclasses import dataclass, field

LANGUAGES = ("kk", "ru", "en")
TRANSLATED_FIELDS = (
    "strategic_direction",
    "topic",
    "target_audiences",
    "legislative_changes",
    "responsible_unit",
    "speaker",
)
PLAIN_FIELDS = ("is_preventive", "formats", "channels", "month", "quarter")
FIELDS = TRANSLATED_FIELDS + PLAIN_FIELDS


def item_snapshot(item) -> dict:
    """One item as a snapshot holds it (an object with the model's attributes)."""
    data = {"id": item.pk, "position": item.position}
    for name in TRANSLATED_FIELDS:
        data[name] = {language: getattr(item, f"{name}_{language}") or "" for language in LANGUAGES}
    for name in PLAIN_FIELDS:
        data[name] = getattr(item, name)
    return data


def plan_snapshot(items) -> dict:
    return {"items": [item_snapshot(item) for item in items]}


def in_language(value, language: str) -> str:
    """A translated snapshot value in `language`, falling back kk → ru → en as the site does."""
    if not isinstance(value, dict):
        return value
    for candidate in (language, *LANGUAGES):
        if value.get(candidate):
            return value[candidate]
    return ""


@dataclass
class FieldChange:
    field: str
    language: str  # "" for a field that is not translated
    old: object
    new: object


@dataclass
class ItemDifference:
    kind: str  # "added", "removed", "changed"
    item_id: int
    old: dict | None
    new: dict | None
    changes: list[FieldChange] = field(default_factory=list)
    moved: bool = False

    def topic(self, language: str) -> str:
        return in_language((self.new or self.old)["topic"], language)


def _field_changes(old: dict, new: dict) -> list[FieldChange]:
    changes = []
    for name in TRANSLATED_FIELDS:
        for language in LANGUAGES:
            before, after = old[name].get(language, ""), new[name].get(language, "")
            if before != after:
                changes.append(FieldChange(name, language, before, after))
    for name in PLAIN_FIELDS:
        if old.get(name) != new.get(name):
            changes.append(FieldChange(name, "", old.get(name), new.get(name)))
    return changes


def snapshot_difference(old: dict, new: dict) -> list[ItemDifference]:
    """What changed from `old` to `new`, in the order of `new` with removed items last.

    An item counts as moved when its place among the items both snapshots hold changed."""
    old_items = {item["id"]: item for item in old["items"]}
    new_ids = [item["id"] for item in new["items"]]
    kept_old_order = [item["id"] for item in old["items"] if item["id"] in set(new_ids)]
    kept_new_order = [item_id for item_id in new_ids if item_id in old_items]
    rank_before = {item_id: rank for rank, item_id in enumerate(kept_old_order)}
    rank_after = {item_id: rank for rank, item_id in enumerate(kept_new_order)}
    differences = []
    for item in new["items"]:
        before = old_items.get(item["id"])
        if before is None:
            differences.append(ItemDifference("added", item["id"], None, item))
            continue
        changes = _field_changes(before, item)
        moved = rank_before[item["id"]] != rank_after[item["id"]]
        if changes or moved:
            differences.append(
                ItemDifference("changed", item["id"], before, item, changes, moved=moved)
            )
    removed = [item for item in old["items"] if item["id"] not in set(new_ids)]
    differences += [ItemDifference("removed", item["id"], item, None) for item in removed]
    return differences
