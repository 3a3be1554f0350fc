"""What a run does first, holding the data directory's lock: repair what killed runs left behind."""

from __future__ import annotations

from summitdata.publish.publish import latest_version, repair
from summitdata.steps.publish import rekey_checks
from summitdata.store.layout import Layout
from summitdata.store.tempfiles import sweep, sweep_system_temp


def recover(layout: Layout) -> list[str]:
    """Remove temporary files of dead processes and make the published pointers agree; one note per repair.

    Safe at the start of every run: with the lock held no other run writes here, and everything
    else the pipeline writes is replaced atomically or redone by the stage that owns it.
    """
    notes = []
    removed = sweep([layout.store, layout.warehouse.parent, layout.quality, layout.published])
    if removed:
        notes.append(f"removed {len(removed)} temporary files left by processes that ended mid-write")
    sweep_system_temp()
    if layout.published.is_dir():
        before = latest_version(layout.published)
        notes += repair(layout.published)
        if latest_version(layout.published) != before:  # a crashed run's version was adopted
            rekey_checks(layout)
    return notes
