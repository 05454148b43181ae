"""The size of an event's attachment (000 §3.5) from its stored name, without asking the
storage (`attachments.stored_name`)."""

from django import template

from portal.attachments import stored_size

register = template.Library()


@register.filter
def attachment_size(attachment) -> int | None:
    return stored_size(attachment.file.name)
