"""``python -m spt_torch_worker.lm_eval_run``: lm-evaluation-harness for ``spt eval --lm-eval``.

Two commands, each printing one JSON line on stdout:

- ``check --tasks a,b [--include DIR]``: before any model is exported, every task must exist and read
  local data (a ``json``/``csv``/``parquet``/``text``/``arrow`` builder with files that exist, or a local
  dataset folder): this machine may be offline, and a hub download would fail halfway through the run.
  Answers ``{"ok": true, "tasks": [...]}`` or ``{"ok": false, "problems": [{"task", "code", "message", "fix"}]}``.
- ``run --model DIR --tasks a,b [--include DIR] [--limit N] [--batch-size N] [--device cpu]``: evaluates the
  Hugging Face folder ``DIR`` and answers ``{"ok": true, "results": {task: {metric: value}}, "samples": {task: n}}``.

Relative ``data_files`` of a task are read from the ``--include`` folder (the process runs there).
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import sys
from pathlib import Path

LOCAL_BUILDERS = {"json", "csv", "parquet", "text", "arrow", "pandas"}


def _missing_module(exc: ImportError) -> dict:
    return {"ok": False, "problems": [{
        "task": "*", "code": "lm-eval.missing",
        "message": f"the lm-evaluation-harness is not importable in {sys.executable}: {exc}",
        "fix": "run `spt setup lm-eval` (installs lm-eval into the torch backend's Python environment)",
    }]}


def _files(data_files) -> list[str]:
    if isinstance(data_files, str):
        return [data_files]
    if isinstance(data_files, dict):
        return [f for v in data_files.values() for f in _files(v)]
    if isinstance(data_files, list):
        return [f for v in data_files for f in _files(v)]
    return []


def _task_problems(name: str, cfg: dict, base: Path) -> list[dict]:
    """Why a task cannot run offline here ([] when it can)."""
    path = cfg.get("dataset_path")
    if path is None:
        return []  # a task that builds its own documents (custom class) is the user's call
    if path in LOCAL_BUILDERS:
        files = _files((cfg.get("dataset_kwargs") or {}).get("data_files"))
        if not files:
            return [{"task": name, "code": "lm-eval.no-data",
                     "message": f"task {name} uses the {path} builder but names no data_files",
                     "fix": "add dataset_kwargs: { data_files: { test: <file> } } to its YAML"}]
        missing = [f for f in files if "://" not in f and not (base / f).exists() and not Path(f).exists()]
        return [{"task": name, "code": "lm-eval.no-data",
                 "message": f"task {name}: data file {f} does not exist (relative paths are read from {base})",
                 "fix": "correct data_files in the task YAML"} for f in missing]
    if (base / path).is_dir() or Path(path).is_dir() or _cached(path, cfg.get("dataset_name")):
        return []
    return [{"task": name, "code": "lm-eval.download",
             "message": f"task {name} reads the dataset {path!r} from the Hugging Face hub and it is not in the "
                        "local datasets cache (no download is attempted)",
             "fix": f"copy its data next to a task YAML (dataset_path: json, dataset_kwargs: {{ data_files: {{ test: "
                    f"{name}.jsonl }} }}) and pass that folder with --lm-eval-include, or pre-download {path} into the "
                    "HF datasets cache on a machine with network access"}]


def _cached(path: str, name: str | None) -> bool:
    """Whether a hub dataset is already in the local datasets cache (read offline)."""
    try:
        import datasets

        datasets.load_dataset_builder(path, name)
        return True
    except Exception:  # any failure means it cannot be read offline
        return False


def check(tasks: list[str], include: str | None) -> dict:
    try:
        from lm_eval.tasks import TaskManager
    except ImportError as exc:
        return _missing_module(exc)
    manager = TaskManager(include_path=include) if include else TaskManager()
    base = Path(include) if include else Path.cwd()
    problems: list[dict] = []
    todo = list(tasks)
    seen: set[str] = set()
    while todo:
        name = todo.pop(0)
        if name in seen:
            continue
        seen.add(name)
        entry = manager.task_index.get(name)
        if entry is None:
            close = difflib.get_close_matches(name, manager.all_tasks, n=3, cutoff=0.75)
            problems.append({"task": name, "code": "lm-eval.unknown-task", "message": f"lm-eval has no task {name!r}",
                             "fix": (f"did you mean one of: {', '.join(close)}? " if close else "")
                             + "give a task YAML folder with --lm-eval-include, or list tasks with `lm-eval ls tasks`"})
            continue
        cfg = dict(entry.cfg or {})
        if entry.kind.name == "TASK":
            problems += _task_problems(name, cfg, base)
        else:  # a group or tag: check what it is made of
            members = cfg.get("task") or [t for t, e in manager.task_index.items() if name in (e.tags or set())]
            todo += [m for m in (members if isinstance(members, list) else [members]) if isinstance(m, str)]
    return {"ok": not problems, "problems": problems, "tasks": tasks}


def run(model: str, tasks: list[str], include: str | None, limit: int | None, batch_size: int, device: str) -> dict:
    try:
        from lm_eval import simple_evaluate
        from lm_eval.tasks import TaskManager
    except ImportError as exc:
        return _missing_module(exc)
    manager = TaskManager(include_path=include) if include else TaskManager()
    out = simple_evaluate(
        model="hf",
        model_args=f"pretrained={model},dtype=float32",
        tasks=tasks,
        task_manager=manager,
        device=device,
        batch_size=batch_size,
        limit=limit,
        random_seed=0,
        numpy_random_seed=0,
        torch_random_seed=0,
        fewshot_random_seed=0,
    )
    results: dict[str, dict[str, float]] = {}
    for task, values in (out or {}).get("results", {}).items():
        results[task] = {k.replace(",none", ""): v for k, v in values.items()
                         if isinstance(v, (int, float)) and not isinstance(v, bool) and k != "sample_len"}
    samples = {t: s.get("effective", s.get("original")) for t, s in (out or {}).get("n-samples", {}).items()}
    return {"ok": True, "results": results, "samples": samples, "version": (out or {}).get("lm_eval_version")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="spt_torch_worker.lm_eval_run")
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("check", "run"):
        p = sub.add_parser(name)
        p.add_argument("--tasks", required=True)
        p.add_argument("--include")
        if name == "run":
            p.add_argument("--model", required=True)
            p.add_argument("--limit", type=int)
            p.add_argument("--batch-size", type=int, default=8)
            p.add_argument("--device", default="cpu")
    args = parser.parse_args(argv)
    tasks = [t.strip() for t in args.tasks.split(",") if t.strip()]
    include = os.path.abspath(args.include) if args.include else None
    if include:
        os.chdir(include)
    os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    if args.command == "check":
        answer = check(tasks, include)
    else:
        answer = run(args.model, tasks, include, args.limit, args.batch_size, args.device)
    sys.stdout.write(json.dumps(answer) + "\n")
    return 0 if answer.get("ok") else 3


if __name__ == "__main__":
    raise SystemExit(main())
