"""`legant guard revoke`: put a token id on the local signed revocation feed.

The hook reads feed.jwt on every call, so the agent's very next call with the token, or with
any token minted from it (children carry their ancestors' ids), is denied. The feed is
republished under a lock with every earlier id kept and a higher version, written atomically
(temp file + rename), so concurrent revokes never lose one and a reader never sees half a
feed; the published version is recorded in the rollback state so an old feed cannot be
restored to undo a revocation. `--refresh` re-signs the same ids with a new expiry.

Pruning: an id stays on the feed only while its token can still be used. When a token is
revoked from its file, its expiry is recorded (revocations.json); each republish drops the ids
whose tokens have expired (the hook refuses those anyway, and so every token minted from
them: a child never outlives its parent). Ids of unknown expiry (--jti) are kept.
"""

import click

from legant_guard import guarddir
from legant_guard.commands._ops import open_setup, read_token_file, role_token_path, setup_options
from legant_guard.ops import revocation
from legant_guard.ops.revocation import revoke_ids  # noqa: F401 (re-exported)


def _valid_jti(jti):
    return bool(jti) and len(jti) <= 256 and jti.isprintable() and not any(c.isspace() for c in jti)


def _token_id(path, directory):
    """(jti, who, exp) of the token in `path`; exp only when this setup's key signed it (see
    ops.revocation.token_expiry: an edited copy must not prune the id it names)."""
    from legant_guard.delegation.claims import provenance
    from legant_guard.delegation.errors import DelegationError
    from legant_guard.delegation.jws import decode_unverified

    token = read_token_file(path)
    try:
        claims = decode_unverified(token)[1]
    except DelegationError as e:
        raise click.ClickException(f"{path} does not hold a token: {e}")
    jti = claims.get("jti")
    if not isinstance(jti, str) or not _valid_jti(jti):
        raise click.ClickException(f"the token in {path} has no usable token id (`jti`), so it cannot be revoked by id")
    try:
        who = provenance(claims)
    except Exception:
        who = ""
    return jti, who, revocation.token_expiry(directory, token)


def _local_ids(directory):
    """The token ids (and their ancestors') of every token file in the setup's directory."""
    from legant_guard.commands._ops import role_tokens
    from legant_guard.delegation.claims import lineage
    from legant_guard.delegation.errors import DelegationError
    from legant_guard.delegation.jws import decode_unverified

    ids = set()
    for _, path in role_tokens(directory):
        try:
            with open(path, encoding="utf-8") as f:
                ids.update(lineage(decode_unverified(f.read().strip())[1]))
        except (OSError, ValueError, DelegationError):
            continue
    return ids


@click.command("revoke")
@click.option("--token-file", "token_files", multiple=True, type=click.Path(dir_okay=False),
              help="Revoke the token in this file (repeatable).")
@click.option("--jti", "jtis", multiple=True, help="Revoke the token with this id (repeatable).")
@click.option("--role", "roles", multiple=True,
              help="Revoke the setup's current token for this role, e.g. the one an installed hook uses (repeatable).")
@click.option("--refresh", is_flag=True,
              help="Re-sign the feed with a new expiry and a higher version (also fixes an expired feed).")
@setup_options
def command(token_files, jtis, roles, refresh, dir_, project):
    """Revoke a token, and every token minted from it, on the agent's very next call.

    Adds the token id to the local signed revocation feed (feed.jwt), keeping every id
    revoked before, with a higher version. Revoking twice is harmless. Ids whose tokens
    have expired are dropped (their expiry is known when revoked by --role or --token-file;
    ids given with --jti stay). With --refresh alone, re-signs the feed with a fresh expiry:
    run it when the guard says the feed expired, is missing, or was rolled back (every id
    this setup revoked is published again, from revocations.json).

    \b
    Examples:
      legant guard revoke --role builder
      legant guard revoke --token-file doc-writer.jwt
      legant guard revoke --jti 3f2a9c0e5b7d41e2a8c6f1d09b3e7a54
      legant guard revoke --refresh
    """
    if not token_files and not jtis and not roles and not refresh:
        raise click.UsageError(
            "say what to revoke: --role R, --token-file FILE or --jti ID (or --refresh to re-sign the feed)")
    directory = open_setup(dir_, project)
    wanted, expiries = [], {}
    for path in list(token_files) + [role_token_path(directory, role) for role in roles]:
        jti, who, exp = _token_id(path, directory)
        wanted.append((jti, f"{path} ({who})" if who else path))
        if exp is not None:
            expiries[jti] = exp
    local = None
    for jti in jtis:
        jti = jti.strip()
        if not _valid_jti(jti):
            raise click.BadParameter(f"{jti!r} is not a token id (32 hex characters, as `legant guard show` prints)",
                                     param_hint="--jti")
        wanted.append((jti, jti))
        if local is None:
            local = _local_ids(directory)  # once: `--jti` may be given thousands of times
        if jti not in local:
            click.echo(f"note: no token in {directory} carries the id {jti}; revoking it anyway "
                       "(a token an issuer or `legant guard mint --out` made elsewhere can carry it)")
    warnings = []
    ver, ids, new = revocation.publish(directory, [j for j, _ in wanted], expiries, warnings)
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    for jti, label in wanted:
        if jti in new:
            click.echo(f"revoked {label}: token id {jti}")
        else:
            click.echo(f"already revoked {label}: token id {jti}")
    click.echo(f"feed version {ver}: {len(ids)} revoked id(s); the agent's next call with a revoked token, "
               "or any token minted from it, is denied" if wanted else
               f"feed re-signed: version {ver}, {len(ids)} revoked id(s) kept, new expiry in "
               f"{guarddir.FEED_TTL_SECONDS // 86400} days")
