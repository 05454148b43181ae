"""Sent after a calendar correction moved pending deadlines, inside the same transaction.

`deadlines` are the moved `Deadline` rows (their `subject_type`/`subject_id` name the
object): an app that stores its own copy of a due date (the requests desk's `due_at`)
connects a receiver and counts it again, so the copy never disagrees with the deadline.
"""

from django.dispatch import Signal

deadlines_recomputed = Signal()
