"""Sensitivity of a host call's target: is it a place where secrets or system facts live?

`classify(capability, target)` answers "secret" (credentials, keys, tokens:
~/.ssh private keys, ~/.aws/credentials, `.env`, `/etc/shadow`, a variable
named like a token, a cloud metadata endpoint), "config" (facts about the
machine or its user that recon reads: `/etc/passwd`, shell history, ssh
config, dotfiles) or "none". `secret_variable(name)` is the variable test
alone; `split_url(target)` gives `(host:port, path and query)` of a
normalised URL.

Invariants: pure functions of their arguments (no file system, no
environment), so the same target is always classified the same way; paths
are matched by their components, wherever the home directory is (a corpus
fakes ~ inside a granted folder).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import PurePosixPath

SECRET, CONFIG, NONE = "secret", "config", "none"

_SECRET_VARIABLE = re.compile(
    r"(token|secret|passw|passphrase|api_?key|access_?key|private|credential|auth|session"
    r"|cookie|(^|_)key($|_)|^aws_|dsn$|database_url|signing)",
    re.IGNORECASE,
)
# file names (lower-cased) that hold secrets wherever they are
_SECRET_NAMES = frozenset(
    {
        ".netrc",
        ".pgpass",
        ".git-credentials",
        ".npmrc",
        ".pypirc",
        ".my.cnf",
        "credentials",
        "credentials.json",
        "shadow",
        "gshadow",
        "sudoers",
        "master.key",
        "secrets.json",
        "secrets.yaml",
        "secrets.yml",
        "wallet.dat",
        ".vault-token",
        ".boto",
        ".s3cfg",
        "id_rsa",
        "id_ed25519",
        "id_ecdsa",
        "id_dsa",
    }
)
_SECRET_SUFFIXES = (".pem", ".key", ".p12", ".pfx", ".jks", ".kdbx", ".gpg", ".asc")
# folders (a path component) whose files are secrets
_SECRET_DIRS = frozenset({".gnupg", ".password-store"})
# (folder, file) pairs
_SECRET_PAIRS = frozenset(
    {
        (".aws", "credentials"),
        (".docker", "config.json"),
        (".kube", "config"),
        ("gh", "hosts.yml"),
        ("hub", "hub"),
        (".config", "hub"),
        ("gcloud", "credentials.db"),
        ("gcloud", "access_tokens.db"),
        ("gcloud", "application_default_credentials.json"),
        (".azure", "accesstokens.json"),
    }
)
_CONFIG_NAMES = frozenset(
    {
        "passwd",
        "group",
        "hosts",
        "hostname",
        "resolv.conf",
        "os-release",
        ".bash_history",
        ".zsh_history",
        ".python_history",
        ".gitconfig",
        ".bashrc",
        ".zshrc",
        ".profile",
        "known_hosts",
        "authorized_keys",
        "crontab",
    }
)
_METADATA_HOSTS = frozenset({"169.254.169.254", "metadata.google.internal", "fd00:ec2::254"})


def secret_variable(name: str) -> bool:
    """Whether an environment variable's name says it holds a secret."""
    return bool(_SECRET_VARIABLE.search(name))


@lru_cache(maxsize=4096)
def classify_path(path: str) -> str:
    """SECRET, CONFIG or NONE for an absolute (normalised) path."""
    parts = [p.lower() for p in PurePosixPath(path).parts]
    if not parts:
        return NONE
    name = parts[-1]
    parent = parts[-2] if len(parts) > 1 else ""
    if name == ".env" or name.startswith(".env."):
        return SECRET
    if name in _SECRET_NAMES or name.endswith(_SECRET_SUFFIXES):
        return SECRET
    if (parent, name) in _SECRET_PAIRS or _SECRET_DIRS.intersection(parts):
        return SECRET
    if ".ssh" in parts:
        if name.startswith("id_") and not name.endswith(".pub"):
            return SECRET
        return CONFIG
    if name in _CONFIG_NAMES or (len(parts) > 1 and parts[1] == "proc") or parent == ".aws":
        return CONFIG
    return NONE


def split_url(target: str) -> tuple[str, str]:
    """(`host:port`, path and query) of a normalised URL `scheme://host:port/path`."""
    _, sep, rest = target.partition("://")
    if not sep:
        return target, ""
    slash = rest.find("/")
    if slash < 0:
        return rest, ""
    return rest[:slash], rest[slash:]


def classify(capability: str, target: str) -> str:
    """SECRET, CONFIG or NONE for the target of a call of `capability`."""
    if not target:
        return NONE
    if capability in ("fs.read", "fs.write"):
        return classify_path(target)
    if capability == "env.read":
        return SECRET if secret_variable(target) else NONE
    if capability == "net.http":
        host = split_url(target)[0].rpartition(":")[0].strip("[]")
        return SECRET if host in _METADATA_HOSTS else NONE
    return NONE
