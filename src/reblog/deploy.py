"""``reblog deploy``: build, commit the output onto the ``gh-pages`` branch, push it."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from .cache import METADATA
from .errors import ReblogError
from .log import Logger
from .pipeline import CNAME, NOJEKYLL, BuildOptions, build, configure
from .sourcepaths import in_source_dir


@dataclass
class DeployOptions:
    """What ``reblog deploy`` is asked to do."""

    build: BuildOptions
    remote: str = "origin"
    branch: str = "gh-pages"
    message: str | None = None
    force: bool = False
    push: bool = True
    allow_dirty: bool = False


@dataclass
class DeployResult:
    """The commit made (None when the output had not changed) and what was pushed."""

    commit: str | None
    branch: str
    pushed: bool


@dataclass(frozen=True)
class Git:
    """Runs git in one repository, turning a failure into a one-line ReblogError."""

    root: Path
    env: Mapping[str, str] | None = None

    def run(self, *args: str, env: Mapping[str, str] | None = None, check: bool = True,
            cwd: Path | None = None, strip: bool = True) -> str:
        """Run ``git args`` and return its standard output (stripped unless ``strip`` is false)."""
        full_env = {**os.environ, **(self.env or {}), **(env or {})}
        proc = subprocess.run(
            ["git", *args], check=False, cwd=cwd or self.root, env=full_env, capture_output=True, text=True,
        )
        if check and proc.returncode != 0:
            raise ReblogError(f"git {_command(args)} failed: {_git_reason(proc)}")
        if proc.returncode != 0:
            return ""
        return proc.stdout.strip() if strip else proc.stdout

    def ok(self, *args: str) -> bool:
        """Whether ``git args`` succeeds."""
        proc = subprocess.run(["git", *args], check=False, cwd=self.root, capture_output=True,
                              env={**os.environ, **(self.env or {})})
        return proc.returncode == 0


def _command(args: Sequence[str]) -> str:
    """The git subcommand in ``args`` (after any ``--git-dir``/``--work-tree`` options)."""
    words = [a for a in args if not a.startswith("-")]
    skipped = {a for i, a in enumerate(args) if i and args[i - 1] in ("--git-dir", "--work-tree")}
    return next((w for w in words if w not in skipped), "")


def _git_reason(proc: subprocess.CompletedProcess[str]) -> str:
    """The line of git's output that says why it failed (not its hints)."""
    lines = [ln.strip() for ln in (proc.stderr or proc.stdout or "").splitlines() if ln.strip()]
    lines = [ln for ln in lines if not ln.startswith("hint:")]
    errors = [ln for ln in lines if ln.startswith(("error:", "fatal:", "!"))]
    return (errors or lines or [f"exit code {proc.returncode}"])[0]


def find_repo(source: Path) -> Git:
    """The git repository holding ``source``."""
    if shutil.which("git") is None:
        raise ReblogError("git is not installed; reblog deploy needs it")
    proc = subprocess.run(["git", "rev-parse", "--show-toplevel"], check=False, cwd=source,
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise ReblogError(f"{source} is not in a git repository; reblog deploy pushes with git")
    return Git(Path(proc.stdout.strip()))


def dirty_sources(git: Git, source: Path, ignore: Sequence[Path]) -> list[str]:
    """Uncommitted changes under ``source``, leaving out the folders in ``ignore`` (the output)."""
    # Not stripped: the first entry starts with a status column that may be a space.
    listing = git.run("status", "--porcelain", "-z", "--untracked-files=all", "--",
                      str(source.resolve()), strip=False)
    root = git.root.resolve()
    skipped = [p.resolve() for p in ignore]
    changed = []
    entries = listing.split("\0")
    index = 0
    while index < len(entries):
        entry = entries[index]
        index += 1
        if len(entry) < 4:
            continue
        if entry[0] in "RC":  # a rename is followed by its old name, which is not a path to test
            index += 1
        path = (root / entry[3:]).resolve()
        if not any(path == s or path.is_relative_to(s) for s in skipped):
            changed.append(entry[3:])
    return changed


def refuse_checked_out(git: Git, branch: str) -> None:
    """Refuse when ``branch`` is checked out anywhere: committing to it would move it under the user.

    Deploy commits without a checkout (a private index, ``update-ref``); a work tree on that
    branch would be left showing the whole deploy as reverted, staged changes.
    """
    listing = git.run("worktree", "list", "--porcelain")
    where = None
    for line in listing.splitlines():
        if line.startswith("worktree "):
            where = line[len("worktree "):]
        elif line == f"branch refs/heads/{branch}":
            raise ReblogError(
                f"the {branch} branch is checked out in {where}; reblog deploy would move it under "
                f"that checkout. Check out another branch there (e.g. your source branch) and deploy again"
            )


def source_description(git: Git) -> tuple[str, str]:
    """The short commit id of HEAD and the name of the current branch."""
    if not git.ok("rev-parse", "--verify", "-q", "HEAD"):
        raise ReblogError("the repository has no commits yet; commit the site's sources first")
    sha = git.run("rev-parse", "--short", "HEAD")
    branch = git.run("rev-parse", "--abbrev-ref", "HEAD")
    return sha, ("detached HEAD" if branch == "HEAD" else branch)


def check_remote(git: Git, remote: str) -> None:
    """Fail before building when ``remote`` is neither a configured remote nor a URL, saying what to run."""
    names = git.run("remote").split()
    if remote in names or ":" in remote or "/" in remote:   # a URL or a path is pushed to as it is
        return
    if names:
        raise ReblogError(f"this repository has no git remote named {remote!r} (it has {', '.join(names)}); "
                          f"deploy to one of them with --remote NAME, or add it: "
                          f"git remote add {remote} https://github.com/USER/REPO.git")
    raise ReblogError(f"this repository has no git remote to push to; add your GitHub repository: "
                      f"git remote add {remote} https://github.com/USER/REPO.git "
                      f"(or commit to the branch without pushing: reblog deploy --no-push)")


def deploy(options: DeployOptions, log: Logger) -> DeployResult:
    """Check the tree is clean, build, commit the output onto the branch, push it."""
    source = options.build.source
    git = find_repo(source)
    sha, branch = source_description(git)
    if options.push:
        check_remote(git, options.remote)
    dest = _destination(options.build)
    refuse_checked_out(git, options.branch)
    # The build's own cache is not a change to the sources, even when .gitignore does not say so.
    cache_dir = str(configure(options.build).get("cache_dir") or ".jekyll-cache")
    dirty = dirty_sources(git, source, [dest, in_source_dir(source, cache_dir), source / METADATA])
    if dirty and not options.allow_dirty:
        raise ReblogError(
            f"uncommitted changes in {dirty[0]}"
            + (f" and {len(dirty) - 1} more" if len(dirty) > 1 else "")
            + "; commit them or use --allow-dirty"
        )
    result = build(options.build, log)
    out = Path(result.site.dest)
    write_pages_files(out, Path(result.site.source))
    message = options.message or f"Deploy {sha} from {branch}" + (" (uncommitted changes)" if dirty else "")
    parent = _branch_head(git, options, log)
    commit = commit_directory(git, out, parent, message)
    ref = f"refs/heads/{options.branch}"
    if commit is None:
        log.info(f"{options.branch} already has this build; nothing to commit")
    else:
        # Compare-and-swap against the local branch as read now, so a concurrent change fails.
        old = _resolve(git, ref) or "0" * 40
        git.run("update-ref", "-m", "reblog deploy", ref, commit, old)
        log.info(f"Committed {commit[:7]} to {options.branch}: {message}")
    if options.push:
        push_args = ["push", "--quiet"] + (["--force"] if options.force else [])
        git.run(*push_args, options.remote, f"{ref}:{ref}")
        log.info(f"Pushed {options.branch} to {options.remote}")
    return DeployResult(commit, options.branch, options.push)


def _destination(options: BuildOptions) -> Path:
    """Where the build will write (as the build resolves it: relative to the working folder)."""

    return Path(configure(options)["destination"])


def write_pages_files(out: Path, source: Path) -> None:
    """Make sure the built folder has ``.nojekyll`` and the source's ``CNAME``."""
    (out / NOJEKYLL).touch()
    cname = source / CNAME
    if cname.is_file() and not (out / CNAME).exists():
        shutil.copy2(cname, out / CNAME)


def _branch_head(git: Git, options: DeployOptions, log: Logger) -> str | None:
    """The commit the new one goes on top of: the branch's newest head, local or on the remote."""
    local = _resolve(git, f"refs/heads/{options.branch}")
    if not options.push:
        return local
    remote_ref = f"refs/remotes/{options.remote}/{options.branch}"
    heads = git.run("ls-remote", "--heads", options.remote, f"refs/heads/{options.branch}")
    if not heads:
        return local
    git.run("fetch", "--quiet", options.remote, f"+refs/heads/{options.branch}:{remote_ref}")
    remote = _resolve(git, remote_ref)
    if local is None or (remote and git.ok("merge-base", "--is-ancestor", local, remote)):
        return remote
    if remote and not git.ok("merge-base", "--is-ancestor", remote, local) and not options.force:
        log.warn(  # noqa: G010 - reblog.log.Logger, not logging
            f"local {options.branch} and {options.remote}/{options.branch} have diverged; "
            "the push will fail unless you use --force")
    return local


def _resolve(git: Git, ref: str) -> str | None:
    out = git.run("rev-parse", "--verify", "-q", f"{ref}^{{commit}}", check=False)
    return out or None


def commit_directory(git: Git, folder: Path, parent: str | None, message: str) -> str | None:
    """Commit every file of ``folder`` as a tree on top of ``parent``; None if nothing changed."""
    git_dir = git.run("rev-parse", "--absolute-git-dir")
    with tempfile.TemporaryDirectory(prefix="reblog-deploy-") as tmp:
        # A private index, so the user's staged changes are never touched.
        env = {"GIT_INDEX_FILE": str(Path(tmp) / "index")}
        tree_git = ["--git-dir", git_dir, "--work-tree", str(folder.resolve())]
        # --force: the user's ignore rules (e.g. *.log in a global excludes file) must not
        # drop built files.
        git.run(*tree_git, "add", "--all", "--force", ".", env=env, cwd=folder)
        tree = git.run(*tree_git, "write-tree", env=env, cwd=folder)
    if parent is not None and git.run("rev-parse", f"{parent}^{{tree}}") == tree:
        return None
    parents = ["-p", parent] if parent else []
    return git.run("commit-tree", tree, *parents, "-m", message)


def run_deploy(args: argparse.Namespace, log: Logger) -> int:
    """``reblog deploy``."""

    build_options = BuildOptions.from_flags(args)
    options = DeployOptions(
        build=build_options, remote=args.remote, branch=args.branch, message=args.message,
        force=args.force, push=not args.no_push, allow_dirty=args.allow_dirty,
    )
    deploy(options, log)
    return 0
