"""Potential resonance and spikes (issue 11 item 3)."""

from django.utils import translation

from monitoring.text.resonance import resonance_flag, spike


def test_only_negative_items_are_flagged():
    assert resonance_flag(tone="neutral", reach=5_000_000, outlets=10) == (False, "")
    assert resonance_flag(tone="negative", reach=99_999, outlets=2) == (False, "")


def test_reach_or_repetition_flags_with_a_reason():
    with translation.override("en"):
        flagged, reason = resonance_flag(tone="negative", reach=250_000, outlets=1)
        assert flagged and reason == "negative, audience reach 250 000 ≥ 100 000"
        flagged, reason = resonance_flag(tone="negative", reach=1_000, outlets=3)
        assert flagged and "3 outlets" in reason
        assert ";" in resonance_flag(tone="negative", reach=100_000, outlets=4)[1]


def test_spike_against_the_usual_level():
    assert spike(current=9, usual=[2, 3, 2, 1, 2])
    assert not spike(current=4, usual=[0, 0, 0])  # fewer than five is never a spike
    assert not spike(current=6, usual=[4, 8, 2, 6, 5])
    assert spike(current=5, usual=[])
