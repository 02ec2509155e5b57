"""Where an upload waits between its preview and its import: a folder of its own under the
data directory, named by an unguessable token, holding the file (under the name the clerk gave
it), the clerk's choices and the checked plans. Every worker of the application reads it there,
so a deployment on several machines shares the data directory (docs/deployment.md)."""

from __future__ import annotations

import json
import os
import pickle
import re
import shutil
import threading
import time
from collections import OrderedDict
from pathlib import Path
from typing import Any

from registry.config import data_dir

#: Uploads (and their choices) left unconfirmed this long are removed.
KEEP_DAYS = 7
TOKEN = re.compile(r"[A-Za-z0-9_-]{16,}")


def root() -> Path:
    path = data_dir() / "uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


def stored(token: str) -> tuple[Path, str] | None:
    """The file behind a token, and its original name; None when there is none."""
    if not TOKEN.fullmatch(token):
        return None
    folder = root() / token
    matches = sorted(p for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []
    return (matches[0], matches[0].name) if matches else None


def store(token: str, name: str, save) -> None:
    """Keep an upload: ``save(path)`` writes its bytes."""
    (root() / token).mkdir()
    save(root() / token / name)


def choices(token: str) -> dict[str, Any]:
    path = root() / f"{token}.choices.json"
    return json.loads(path.read_text()) if path.exists() else {}


def save_choices(token: str, **given: Any) -> None:
    path = root() / f"{token}.choices.json"
    path.write_text(json.dumps(choices(token) | given))


def discard(token: str) -> None:
    """The upload once imported: its file and plans go; its choices stay until pruned."""
    shutil.rmtree(root() / f"{token}.checked", ignore_errors=True)
    shutil.rmtree(root() / token, ignore_errors=True)


def prune() -> None:
    """Remove uploads (and their choices) left unconfirmed for KEEP_DAYS: abandoned previews
    would otherwise stay on disk for ever."""
    cutoff = time.time() - KEEP_DAYS * 86_400
    for path in root().iterdir():
        if path.stat().st_mtime < cutoff:
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)


def _plan_path(token: str, job_id: int) -> Path:
    return root() / f"{token}.checked" / f"{job_id}.pickle"


#: The latest plans this process checked or read, for a preview's next pages without reading
#: the file again (a plan of 100,000 rows takes about 100 MB in memory, 20 MB on disk).
KEPT_PLANS = 2
_plans: OrderedDict[tuple[str, int], Any] = OrderedDict()
_plans_lock = threading.Lock()


def _remember(key: tuple[str, int], plan: Any) -> None:
    with _plans_lock:
        _plans[key] = plan
        _plans.move_to_end(key)
        while len(_plans) > KEPT_PLANS:
            _plans.popitem(last=False)


def keep_plan(token: str, job_id: int, plan: Any) -> None:
    """Keep a checked plan beside its upload, for the preview's pages in whichever process
    serves them (written whole, then renamed: a worker dying midway leaves no half file);
    earlier checks' plans go. This process holds it in memory too."""
    path = _plan_path(token, job_id)
    path.parent.mkdir(exist_ok=True)
    for old in path.parent.glob("*.pickle"):
        old.unlink(missing_ok=True)
    part = path.with_suffix(f".{os.getpid()}.part")
    with part.open("wb") as out:
        pickle.dump(plan, out, protocol=pickle.HIGHEST_PROTOCOL)
    part.replace(path)
    _remember((token, job_id), plan)


def checked_plan(token: str, job_id: int) -> Any | None:
    """A plan kept by :func:`keep_plan`, from this process's memory or from its file; None
    when it is gone (pruned, or checked again). The file is this application's own, written
    by its workers: never a file from outside."""
    key = (token, job_id)
    with _plans_lock:
        if key in _plans:
            _plans.move_to_end(key)
            return _plans[key]
    path = _plan_path(token, job_id)
    try:
        with path.open("rb") as stream:
            plan = pickle.load(stream)
    except FileNotFoundError:
        return None
    _remember(key, plan)
    return plan


def forget_plans() -> None:
    """Let go of the plans held in memory (the benchmark reads them as another process would)."""
    with _plans_lock:
        _plans.clear()
