"""Fidelity: replay real recorded Google traffic against the emulator and score it."""

from __future__ import annotations

from tests.conformance.replay import KNOWN_DIFFERENCES, replay_all

TARGET = 0.95


def test_emulator_answers_recorded_google_traffic_like_google(emulator, capsys):
    report = replay_all(emulator.url)
    with capsys.disabled():
        print("\n" + report.text())
    assert report.compared >= 1000  # skips cannot quietly shrink what is measured
    assert report.score >= TARGET
    unexplained = [
        f"{e.cassette}#{e.index}: {e.detail}"
        for e in report.differences(sheets_only=True)
        if (e.cassette, e.index) not in KNOWN_DIFFERENCES
    ]
    assert unexplained == []
    skipped = [e for e in report.exchanges if e.status == "skip"]
    assert all(e.detail for e in skipped)  # every skip says why
