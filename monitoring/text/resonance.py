"""Potential negative public resonance (issue 11 item 3; 000 §4.1, §4.2).

A negative publication matters when many people read it — a big outlet — or when it repeats
across outlets; and an agency's negative volume that jumps against its usual level is a
spike worth an alert even if each item is small.
"""

import statistics
from collections.abc import Sequence

from django.utils.translation import gettext as _

REACH_THRESHOLD = 100_000
OUTLETS_THRESHOLD = 3
SPIKE_MINIMUM = 5
SPIKE_SIGMAS = 3


def resonance_flag(*, tone: str, reach: int, outlets: int) -> tuple[bool, str]:
    """(flagged, reason): negative and (reach ≥ 100,000 or in ≥ 3 outlets)."""
    if tone != "negative":
        return False, ""
    reasons = []
    if reach >= REACH_THRESHOLD:
        reasons.append(
            _("negative, audience reach %(reach)s ≥ %(threshold)s")
            % {"reach": f"{reach:,}".replace(",", " "), "threshold": "100 000"}
        )
    if outlets >= OUTLETS_THRESHOLD:
        reasons.append(
            _("negative, repeated in %(outlets)s outlets (≥ %(threshold)s)")
            % {"outlets": outlets, "threshold": OUTLETS_THRESHOLD}
        )
    return bool(reasons), "; ".join(reasons)


def spike(*, current: int, usual: Sequence[int]) -> bool:
    """current ≥ 5 and above the usual mean by more than 3 standard deviations."""
    if current < SPIKE_MINIMUM:
        return False
    if not usual:
        return True
    mean = statistics.fmean(usual)
    return current > mean + SPIKE_SIGMAS * statistics.pstdev(usual)
