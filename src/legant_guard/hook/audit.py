"""Append-only, hash-chained audit trail of every decision (audit.jsonl): one JSON object per line.

Why a chain: each record carries `seq` (1, 2, 3, ...), `prev` (the previous record's hash) and
`hash` = sha256 of the record's canonical JSON without `hash`. Editing, deleting, inserting or
reordering a line breaks the chain at that line, and `verify` names it. A small head file
(`<audit>.head`: the last seq and hash) also makes cutting records off the END detectable.

Why a lock: agents run tools in parallel, so several hook processes append at once. Each append
takes an exclusive fcntl lock on the trail, reads only its tail to find the previous record, and
writes its line with one write() on an O_APPEND descriptor, so lines never interleave, none is
lost, and the chain never forks.

Why redaction: the target of a shell call can hold credentials (`mysql -pS3cret`, `curl -H
"Authorization: ..."`, `AWS_SECRET_ACCESS_KEY=...`); they must never land in a log file.

Stdlib only, on the hot path. `append` raises OSError/AuditError when the record cannot be
written; the hook then denies (fail closed) rather than act unaudited.
"""

import fcntl
import os
import time

from legant_guard import fastjson, safefile

GENESIS = "0" * 64
REDACTED = "[REDACTED]"
_TAIL_CHUNK = 65536
# No record is longer: an 8 MiB event's fields, every character escaped (`\\u001b`), stay below it.
MAX_LINE_BYTES = 64 * 1024 * 1024
_LOCK_WAIT_SECONDS = 3.0


class AuditError(Exception):
    """The trail cannot be appended to (lock timeout); the hook denies."""


def utc_now_rfc3339(now=None):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() if now is None else now))


def canonical(record):
    """The bytes a record's hash covers: sorted keys, no spaces, without `hash` itself."""
    body = {k: v for k, v in record.items() if k != "hash"}
    return fastjson.dumps(body, separators=(",", ":"), sort_keys=True).encode()


def _line_bytes(record):
    """The one spelling of a record the guard writes as a line (without its newline)."""
    return fastjson.dumps(record, separators=(",", ":"), sort_keys=True).encode()


def record_hash(record):
    return fastjson.sha256(canonical(record)).hexdigest()


# --- redaction -----------------------------------------------------------------------------

# A KEY=value / --flag value / "key": "value" whose name says its value is a credential.
_SECRET_WORDS = r"pass(?:wd|word|phrase)?|secret|token|api[_\-]?key|access[_\-]?key|private[_\-]?key|credential|auth[_\-]?key|session[_\-]?id|cookie|signature|[_\-.]key\b|^key$|[_\-]pwd\b" \
    r"|auth$|account[_\-]?key|^bundle_\w*__" \
    r"|creds$|[_\-.]pw$"  # (red team #45: `--creds V`, `--pw V`, `DB_PW`)
# (red team #40: NPM_CONFIG__AUTH, COMPOSER_AUTH, Azure's AccountKey, Bundler's BUNDLE_HOST__COM)
# The MySQL family takes the password glued to -p (`mysql -pS3cret`).
_MYSQL_LIKE = r"(?:mysql|mysqldump|mysqladmin|mysqlimport|mysqlcheck|mysqlsh|mariadb|mariadb-dump)"
_NAME = r"[A-Za-z0-9_.\-]"
_MAX_FIELD = 4096  # characters kept of a target or reason
_MAX_SCANNED = 8192  # characters looked at (bounds the hook's time on a huge heredoc)


# (a tuple or a list as a whole: `auth=('u', 'PW')`, red team #40)
_VALUE = r"(?P<value>\([^()\n]*\)|\[[^\[\]\n]*\]|\"[^\"]*\"|'[^']*'|[^\s;&|'\"]+)"
# (triggers, pattern, flags, replacement). A pattern is compiled and run only when one of its
# triggers occurs in the case-folded text: importing `re` and compiling costs 5-20 ms, and most
# targets (`git status`, `mkdir -p x`, a path, a URL) trigger none. A trigger is a tuple of
# literals that must ALL occur, or a function of the folded text for the patterns whose
# literals are everyday words (`-p`, `key`, `=`); the triggers of a pattern together are a
# necessary condition of a match (they say what every match contains), never a heuristic.
# Replacement "named" keeps the match unless its `name` group says "credential".
# One literal that every match of each alternative of _SECRET_WORDS contains (`auth[_-]?key`
# contains "key": "auth" alone would set off `--author=`).
_SECRET_WORDS_LITERALS = ("pass", "secret", "token", "key", "credential", "session", "cookie", "signature", "pwd", "bundle_",
                          "creds", "-pw", "_pw", ".pw")
# ... but for `auth$`, whose literal "auth" is everyday (`--author`): a name ending in it.


def _each(*literals):
    return tuple((literal,) for literal in literals)


def _any_of(*literals):
    """A trigger: any one of `literals` occurs, scanned in C (`map`): for an entry of many literals,
    where the generic test spends bytecodes on each literal, each call."""
    def trigger(folded):
        return any(map(folded.__contains__, literals))
    return trigger


def _secret_name_with(*separators):
    """A trigger: every one of `separators` and some literal of _SECRET_WORDS occur (scanned in C)."""
    def trigger(folded):
        return all(map(folded.__contains__, separators)) and (
            any(map(folded.__contains__, _SECRET_WORDS_LITERALS)) or "auth" in folded)
    return trigger


def _names_a_secret(name):
    """Does `name` contain a literal every match of _SECRET_WORDS contains?"""
    return any(word in name for word in _SECRET_WORDS_LITERALS) or name.endswith("auth")


def _assigned_secret(folded):
    """Some run of NAME characters right before `=` (spaces allowed between) names a secret:
    what `NAME = VALUE` needs for its replacement to redact anything."""
    i = folded.find("=")
    while i != -1:
        j = i
        while j > 0 and folded[j - 1].isspace():
            j -= 1
        if j > 0 and folded[j - 1] == "]":  # (a subscript: `os.environ['API_KEY'] = V`, red team #45)
            j -= 1
        if j > 0 and folded[j - 1] in "'\"":  # (PowerShell's @{'X-Api-Key' = 'V'}, red team #40)
            j -= 1
        k = j
        while k > 0 and (folded[k - 1].isalnum() or folded[k - 1] in "_.-"):
            k -= 1
        if _names_a_secret(folded[k:j]):
            return True
        i = folded.find("=", i + 1)
    return False


def _option_named_secret(folded):
    """A word starting with `-` that names a secret (`--password VALUE`)."""
    return any(word[:1] == "-" and _names_a_secret(word) for word in folded.split())


def _at_word_start(*literals):
    """A trigger: one of `literals` right after a non-word character or at the start (`\\bsk-`:
    `disk-usage` is not a key)."""
    def trigger(folded):
        for literal in literals:
            i = folded.find(literal)
            while i != -1:
                if i == 0 or not (folded[i - 1].isalnum() or folded[i - 1] == "_"):
                    return True
                i = folded.find(literal, i + 1)
        return False
    return trigger


# The part hook/credshapes.py: literals one of which every match of its shapes holds, but for
# `set -x NAME V` and a credential fed on a program's input (their own triggers below).
_SHAPE_LITERALS = ("composer", "bundle", ":_auth", ":_password", "npmauth", "authtoken", "snyk", "net use", "machine",
                   'password "', "--value", "/bot", "publish", "nuget", "influx", "ncftp", "ssh-keygen", "cqlsh",
                   "cypher-shell", "rabbitmqadmin", "wandb", "set-initial-password", "encrypt_string", "</", "value",
                   "variable", "--user", "creds", "kv", "etcdctl", "sig=", "convertto-securestring",
                   "isql", "wpa_passphrase", "nmcli", "dotenv", "chamber", "impacket",
                   # (red team #45)
                   "private-lines", "ls0tls1crudjti", "putenv", "setenv", "setdefault", "redis-cli", "requirepass",
                   "masterauth", "--secret", "bw unlock", "bw login", "cf auth", "set-agent-token", "net user", "cmdkey")
_SECRETISH = ("pass", "secret", "token", "key", "auth", "pwd", "credential")
_CREDENTIAL_WORDS = ("login", "logon", "auth", "secret", "credential", "token", "passwd", "password", "passphrase",
                     "configure", "env", "context", "insert", "keyring", "askpass", "signin")


def set_secret(folded):
    """fish's `set -x`/Windows' `setx` and a credential-named variable."""
    return ("setx" in folded or "set -" in folded) and any(map(folded.__contains__, _SECRETISH))


def fed_on_input(folded):
    """A here-string, or `echo`/`printf` into a pipe or a process substitution, and a word of a
    command that takes a credential."""
    return ("<<<" in folded or ("|" in folded or "<(" in folded) and ("echo" in folded or "printf" in folded)) and \
        any(map(folded.__contains__, _CREDENTIAL_WORDS))


# httpie's and xh's program words (a URL's `https://` is none of them)
HTTPIE = ("http ", "https ", "httpie", "xh ", "xhs ")


def user_and_p(folded):
    """A user named with -u/--user and a -p (the password of psexec, evil-winrm, rdesktop …)."""
    return "-p" in folded and ("-u" in folded or "--user" in folded)


def _credential_shapes(folded):
    return any(map(folded.__contains__, _SHAPE_LITERALS)) or any(map(folded.__contains__, HTTPIE)) or \
        set_secret(folded) or fed_on_input(folded) or user_and_p(folded)


def _curl_user(folded):
    """curl and a word of options holding `u` (`-u`, `-su`, `--user`): what the curl -u pattern needs."""
    return "curl" in folded and ":" in folded and any(w[:1] == "-" and "u" in w for w in folded.split())


def _header_option(folded):
    """A -H/--header option and a colon: what the credential-header pattern needs."""
    return ":" in folded and any(w.startswith(("-h", "--header")) for w in folded.split())


def _glued_p(folded):
    """A word `-pXXXXXX` (at least six characters glued to -p): what the -pPASSWORD pattern needs."""
    return any(word.startswith("-p") and len(word) >= 8 for word in folded.split())


_PATTERN_TABLE = (
    # PEM private key blocks (possibly cut off at the end of the target).
    # (and PGP's armoured `PRIVATE KEY BLOCK`, red team #35)
    # (red team #45: any case, and the words apart however the shell spells a blank: `-----BEGIN\\ PRIVATE\\ KEY-----`,
    # `'-----BEGIN' 'PRIVATE KEY-----'`, a line break)
    (_each("-----begin"), r"-----BEGIN[^-]{0,80}?PRIVATE[^-]{0,20}?KEY(?:[^-]{0,20}?BLOCK)?[^-]{0,10}?-----.*?"
     r"(?:-----END[^-]{0,120}?-----|$)", "SI", REDACTED),
    # What a here-string hands a program reading a credential (`gh auth login --with-token <<< T`).
    ((("<<<", "token"), ("<<<", "keyring"), ("<<<", "password")),
     r"((?:--with-token|--password-stdin|\bkeyring\s+set\b)[^;&|\n]*<<<\s*)(\"[^\"]*\"|'[^']*'|\S+)", "", r"\1" + REDACTED),
    # Authorization / Proxy-Authorization / X-Api-Key / Cookie headers: the whole value.
    (_each("authorization", "authentication", "cookie") + (("x-", "key"), ("x-", "token"), ("x-", "secret")),
     r"(?<![a-z\-])((?:proxy-)?authori[sz]ation|authentication|x-[a-z\-]*(?:key|token|secret)|cookie)(\s*[:=]\s*)(\"[^\"]*\"|'[^']*'|[^\r\n'\"]+)",
     "I", r"\1\2" + REDACTED),
    # Any other header named like a credential, given with -H/--header (`PRIVATE-TOKEN:`, `api-key:`).
    (_header_option,
     r"((?:\s-H|--header)[=\s]?\s*['\"]?[a-z0-9\-_]*(?:token|api[\-_]?key|secret|passw(?:or)?d)[a-z0-9\-_]*\s*:\s*)"
     r"([^\r\n'\"\s]+)", "I", r"\1" + REDACTED),
    # Bearer / Basic credentials wherever they appear.
    (_each("bearer"), r"\b((?i:bearer))(\s+)[A-Za-z0-9._~+/=\-]{8,}", "", r"\1\2" + REDACTED),
    (_each("basic"), r"\b(Basic)(\s+)[A-Za-z0-9+/]{12,}={0,2}", "", r"\1\2" + REDACTED),
    # user:password@host in URLs.
    ((("://", "@"),), r"(?<![a-z0-9+.\-])([a-z][a-z0-9+.\-]*://[^\s:/@]*:)[^\s@/]+@", "I", r"\1" + REDACTED + "@"),
    # A token given as the whole user part (`https://<PAT>@dev.azure.com/...`, `https://<token>@github.com`):
    # a user name of 20 or more token characters with no password.
    ((("://", "@"),), r"(?<![a-z0-9+.\-])([a-z][a-z0-9+.\-]*://)[A-Za-z0-9_\-.~]{20,}@", "I", r"\1" + REDACTED + "@"),
    # `aws configure set aws_secret_access_key VALUE` (any setting named like a credential).
    # (options between `configure` and `set`: `aws configure --profile P set KEY VALUE`; before the --NAME VALUE
    # patterns: `pulumi config set --secret dbPassword V` is no --secret's value, red team #40)
    ((("config", "set"),),
     r"(\bconfig(?:ure)?\s+(?:--?[A-Za-z][\w\-]*(?:=\S*|\s+(?!set\b)[^\s\-]\S*)?\s+)*set\s+(?:-\S+\s+)*"
     r"\S*(?i:secret|token|passw|_auth|access_key|key_id)\S*\s+)(\"[^\"]*\"|'[^']*'|\S+)",
     "", r"\1" + REDACTED),
    # Credentials by position, on a program's input, through a registry's configuration verb (red team #40);
    # before the NAME VALUE patterns: `composer config --auth bearer.HOST T` is composer's, not --auth's
    (_credential_shapes, None, "", "credshapes"),
    # "password": "value", KEY=value, --password=value, --token value.
    # (quoted or not: YAML's and a header's `password: VALUE` too, red team #35)
    # (a name not quoted only where a line, a quoted text, an object or a list starts: `"fix token: parse"` stays)
    # (red team #40: a Python or JS object's `{'password': 'V'}`, a YAML list's `- password: V`, a reason's `` `password: V` ``)
    (_secret_name_with(":"), r"(?:\"|(?:^|(?<=[\n'\"{,`/]))[ \t]*(?:-[ \t]+)?)(?P<name>" + _NAME + r"+)[\"']?[ \t]*:[ \t]*"
     r"(?P<value>\"(?:[^\"\\]|\\.)*\"|'[^']*'|[^\s'\",;{}&|]+)", "", "named"),
    # (red team #45: a subscript's key, `os.environ['API_KEY'] = V`, `ENV["SECRET"]=V`)
    (_assigned_secret, r"(?<!" + _NAME + r")(?P<name>" + _NAME + r"+)['\"]?\]?\s*=\s*" + _VALUE, "", "named"),
    (_option_named_secret,
     r"(?:^|(?<=\s))(?P<name>--?" + _NAME + r"+)\s+(?P<value>\"[^\"]*\"|'[^']*'|[^\s\-;&|<>(][^\s;&|]*)", "", "named"),
    # Well-known token formats.
    # An AWS secret access key (40 characters of base64, mixed case) next to an access key id or `aws`.
    (_each("akia", "asia", "aws"), r"(?<![A-Za-z0-9/+=])(?=[A-Za-z0-9/+]{0,39}[A-Z])(?=[A-Za-z0-9/+]{0,39}[a-z])"
     r"(?=[A-Za-z0-9/+]{0,39}[0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])", "", REDACTED),
    (_each("akia", "asia", "agpa", "aida", "aroa", "anpa"), r"\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA)[0-9A-Z]{16}\b", "", REDACTED),
    # (red team #35: GitLab's other token kinds, Slack app tokens and webhooks, Docker Hub, Shopify, xAI,
    # Linear, Figma, Square)
    (_any_of("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-", "glrt-", "gldt-", "glptt-", "gloas-", "glcbt-",
           "glsoat-", "glft-", "glimt-", "glagent-", "xapp-", "dckr_pat_", "shpat_", "shpss_", "shpca_", "shppa_", "xai-",
           "lin_api_", "figd_", "sq0atp-", "sq0csp-", "hooks.slack.com", "/api/webhooks/",
           # (red team #45: Vault, Replicate, Databricks, Sentry, Brevo, Atlassian, Grafana, Netlify, Notion, Tailscale,
           # RubyGems, NuGet, PlanetScale, age, Doppler, Google OAuth client secrets, Stripe webhooks, LangSmith)
           "hvs.", "hvb.", "hvr.", "r8_", "dapi", "sntrys_", "sntryu_", "xkeysib-", "xsmtpsib-", "atatt3", "glsa_", "glc_",
           "nfp_", "ntn_", "tskey-", "rubygems_", "oy2", "pscale_", "age-secret-key-1", "dp.", "gocspx-", "whsec_",
           "lsv2_"),
     r"\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|gl(?:pat|rt|dt|ptt|oas|cbt|soat|ft|imt|agent)-[A-Za-z0-9_\-]{20,}"
     r"|xapp-[0-9]+-[A-Za-z0-9\-]{20,}|dckr_pat_[A-Za-z0-9_\-]{20,}|shp(?:at|ss|ca|pa)_[A-Fa-f0-9]{20,}|xai-[A-Za-z0-9]{20,}"
     r"|lin_api_[A-Za-z0-9]{20,}|figd_[A-Za-z0-9_\-]{20,}|sq0(?:atp|csp)-[A-Za-z0-9_\-]{20,}"
     r"|hv[sbr]\.[A-Za-z0-9_\-]{20,}|r8_[A-Za-z0-9]{30,}|dapi[0-9a-f]{32}|sntry[su]_[A-Za-z0-9+/=_\-]{30,}"
     r"|x(?:key|smtp)sib-[A-Za-z0-9\-]{30,}|ATATT3[A-Za-z0-9_\-=]{30,}|gl(?:sa|c)_[A-Za-z0-9_+/=]{30,}"
     r"|n(?:fp|tn)_[A-Za-z0-9]{30,}|tskey-[a-z]+-[A-Za-z0-9\-]{16,}|rubygems_[A-Za-z0-9]{32,}|oy2[a-z0-9]{43}"
     r"|pscale_(?:pw|tkn|oauth)_[A-Za-z0-9_\-.]{30,}|AGE-SECRET-KEY-1[0-9A-Z]{50,}"
     r"|dp\.(?:pt|st|ct|sa|scim|audit)\.[A-Za-z0-9]{30,}|GOCSPX-[A-Za-z0-9_\-]{20,}|whsec_[A-Za-z0-9+/=]{20,}"
     r"|lsv2_(?:pt|sk)_[A-Za-z0-9_]{30,})"
     r"|(?<=hooks\.slack\.com/services/)[A-Za-z0-9/]+|(?<=/api/webhooks/)[0-9]+/[A-Za-z0-9_\-]+",
     "", REDACTED),
    (_each("xox"), r"\bxox[abprs]-[A-Za-z0-9\-]{10,}", "", REDACTED),
    (_at_word_start("sk_", "sk-", "rk_", "rk-", "pk_", "pk-"), r"\b(?:sk|rk|pk)[-_](?:live|test|ant|proj)?[-_]?[A-Za-z0-9_\-]{20,}", "", REDACTED),
    (_each("aiza"), r"\bAIza[0-9A-Za-z_\-]{30,}", "", REDACTED),
    (_each("npm_"), r"\bnpm_[A-Za-z0-9]{30,}", "", REDACTED),
    (_each("hf_", "gsk_"), r"\b(?:hf|gsk)_[A-Za-z0-9]{20,}", "", REDACTED),
    # Passwords given to a program's -p: sshpass, `docker/podman/helm ... login -p`.
    ((("sshpass", "-p"), ("login", "-p")), r"(\b(?:sshpass|login)\b[^;&|\n]{0,300}?\s-p\s*)(\"[^\"]*\"|'[^']*'|\S+)", "", r"\1" + REDACTED),
    # curl -u user:password (also --user, --proxy-user, -U, glued or with =).
    (_curl_user, r"(\bcurl\b[^;&|\n]{0,300}?\s(?:-[A-Za-z]*[uU]|--user|--proxy-user)\s*=?\s*['\"]?[^\s:'\"]*:)([^\s'\"]+)",
     "", r"\1" + REDACTED),
    # Passwords after a program's own flag: redis-cli -a, ssh-keygen -N/-P, zip/unzip -P, 7z -pPW,
    # smbclient -U user%pw, htpasswd -b FILE USER PW (the last word), vault login TOKEN.
    ((("redis-cli", "-a"),), r"(\bredis-cli\b[^;&|\n]{0,300}?\s-a\s*)(\"[^\"]*\"|'[^']*'|\S+)", "", r"\1" + REDACTED),
    ((("ssh-keygen", "-n"), ("ssh-keygen", "-p")), r"(\bssh-keygen\b[^;&|\n]{0,300}?\s-[NP]\s*)(\"[^\"]*\"|'[^']*'|\S+)", "", r"\1" + REDACTED),
    ((("zip", "-p"),), r"(\b(?:un)?zip\b[^;&|\n]{0,300}?\s(?:-P|--password)\s*=?\s*)(\"[^\"]*\"|'[^']*'|\S+)", "",
     r"\1" + REDACTED),
    ((("7z", "-p"),), r"(\b7z[ar]?\b[^;&|\n]{0,300}?\s-p)(\"[^\"]*\"|'[^']*'|[^\s;&|]+)", "", r"\1" + REDACTED),
    ((("-u", "%"),), r"(\s(?:-U|--user)\s*=?\s*['\"]?[^\s%'\"]+%)([^\s'\";&|]+)", "", r"\1" + REDACTED),
    (_each("htpasswd"), r"(\bhtpasswd\b[^;&|\n]{0,300}?\s-\w*b\w*\b[^;&|\n]*\s)(\"[^\"]*\"|'[^']*'|[^\s;&|]+)", "",
     r"\1" + REDACTED),
    ((("vault", "login"),), r"(\bvault\s+login\s+(?:-\S+\s+)*)(?![-\"'])([^\s;&|=]+)(?=\s|$|[;&|])", "", r"\1" + REDACTED),
    # twine/mongo tools/mosquitto/usermod/useradd -p PW (-P for mosquitto), lftp -u user,PW.
    (_each("twine", "mongo", "mosquitto", "usermod", "useradd"),
     r"(\b(?:twine|mongo|mongosh|mongodump|mongorestore|mongoexport|mongoimport|mosquitto_pub|mosquitto_sub|usermod|"
     r"useradd)\b[^;&|\n]{0,300}?\s-[pP]\s*)(\"[^\"]*\"|'[^']*'|\S+)", "", r"\1" + REDACTED),
    ((("lftp", "-u", ","),), r"(\blftp\b[^;&|\n]{0,300}?\s-u\s*['\"]?[^\s,'\"]+,)([^\s'\"]+)", "", r"\1" + REDACTED),
    # Passwords fed on the input: `echo PW | sudo -S`, `| passwd --stdin`, `| chpasswd`, `chpasswd <<< u:PW`.
    ((("|", "sudo", "-s"), ("|", "--stdin"), ("|", "chpasswd")),
     r"(\b(?:echo|printf)\s+)([^;&|\n]+?)(?=\s*\|[^;&\n]*(?:--stdin\b|\bchpasswd\b|\bsudo\b[^;&|\n]*\s-[A-Za-z]*S\b))",
     "", r"\1" + REDACTED),
    ((("security", "-w"),), r"(\bsecurity\b[^;&|\n]{0,300}?\s-w\s*)(\"[^\"]*\"|'[^']*'|\S+)", "", r"\1" + REDACTED),
    ((("rabbitmqctl", "_user"), ("rabbitmqctl", "password")),
     r"(\brabbitmqctl\s+(?:add_user|change_password)\s+\S+\s+)(\"[^\"]*\"|'[^']*'|\S+)", "", r"\1" + REDACTED),
    ((("chpasswd", "<<<"),), r"(\bchpasswd\b[^;&|\n]*<<<\s*['\"]?[^\s:'\"]+:)([^\s'\"]+)", "", r"\1" + REDACTED),
    # OpenLDAP's bind password (ldapsearch/ldapmodify/ldapadd/ldapdelete/ldapwhoami/ldappasswd -w PW).
    ((("ldap", "-w"),), r"(\bldap[a-z]*\b[^;&|\n]{0,300}?\s-w\s*)(\"[^\"]*\"|'[^']*'|\S+)", "", r"\1" + REDACTED),
    ((("ldappasswd", "-s"),), r"(\bldappasswd\b[^;&|\n]{0,300}?\s-s\s*)(\"[^\"]*\"|'[^']*'|\S+)", "", r"\1" + REDACTED),
    # openssl's passphrases (-k PW, -pass/-passin/-passout pass:PW), sqlcmd/bcp -P PW.
    ((("openssl", "-k"),), r"(\bopenssl\b[^;&|\n]{0,300}?\s-k\s+)(\"[^\"]*\"|'[^']*'|\S+)", "", r"\1" + REDACTED),
    ((("openssl", "passwd"),), r"(\bopenssl\s+passwd\b)([^;&|\n]+)", "", r"\1 " + REDACTED),  # (red team #30: its operand)
    ((("pass:",),), r"(\bpass:)(\"[^\"]*\"|'[^']*'|[^\s;&|]+)", "", r"\1" + REDACTED),
    ((("sqlcmd", "-p"), ("bcp", "-p"), ("osql", "-p")), r"(\b(?:sqlcmd|bcp|osql)\b[^;&|\n]{0,300}?\s-P\s*)(\"[^\"]*\"|'[^']*'|\S+)", "",
     r"\1" + REDACTED),
    # What is piped into `login --password-stdin` (docker, podman, helm, oras ...) or `gh auth login
    # --with-token`: `echo PW | ...`.
    ((("--password-stdin",), ("--with-token",)),
     r"(\b(?:echo|printf)\s+)([^;&|\n]+?)(?=\s*\|[^;&\n]*--(?:password-stdin|with-token))", "", r"\1" + REDACTED),
    # Secret values given to a secret store: `gh secret set X --body V`, httpie's `-a user:PW`,
    # FreeRDP's `/p:PW`, `vault kv put PATH k=V` (every value), `*_pw=V`.
    ((("secret", "set"),), r"(\bsecret\s+set\b[^;&|\n]{0,300}?\s(?:-b|--body)(?:[=\s]\s*)?)(\"[^\"]*\"|'[^']*'|\S+)", "",
     r"\1" + REDACTED),
    ((("http", "-a"), ("http", "--auth")),
     r"(\bhttps?\b[^;&|\n]{0,300}?\s(?:-a|--auth)[=\s]\s*['\"]?[^\s:'\"]*:)([^\s'\"]+)", "", r"\1" + REDACTED),
    ((("rdp", "p:"),), r"(\b\w*rdp\b[^;&|\n]{0,300}?\s[/-]p:)(\"[^\"]*\"|'[^']*'|\S+)", "", r"\1" + REDACTED),
    ((("vault", "put"), ("vault", "patch")),
     r"(\bvault\s+kv\s+(?:put|patch)\b(?:\s+-\S+)*\s+\S+\s+)([^;&|\n]+)", "", r"\1" + REDACTED),
    ((("pw", "="),), r"((?<![A-Za-z0-9])[A-Za-z0-9_.\-]*pw\s*=\s*)(\"[^\"]*\"|'[^']*'|[^\s;&|'\"]+)", "I", r"\1" + REDACTED),
    # Red team #20: rar/unrar -pPW and -hpPW, doctl's -t/--access-token, here-strings fed to programs
    # that read a passphrase (`cryptsetup … <<< PW`, `sudo -S <<< PW`, `--passphrase-fd 0 <<< PW`),
    # `git config KEY VALUE` of a credential-named key, rclone's `config create NAME TYPE key VALUE`
    # pairs, MinIO's `mc alias set ALIAS URL ACCESS SECRET`.
    ((("rar", "-p"), ("rar", "-hp")), r"(\b(?:un)?rar\b[^;&|\n]{0,300}?\s-h?p)(\"[^\"]*\"|'[^']*'|[^\s;&|]+)", "",
     r"\1" + REDACTED),
    ((("doctl", "-t"), ("doctl", "--access-token")),
     r"(\bdoctl\b[^;&|\n]{0,300}?\s(?:-t|--access-token)[=\s]\s*)(\"[^\"]*\"|'[^']*'|\S+)", "", r"\1" + REDACTED),
    ((("cryptsetup", "<<<"), ("sudo", "<<<"), ("passphrase", "<<<"), ("passwd", "<<<"), ("--stdin", "<<<")),
     r"(\b(?:cryptsetup|sudo|passwd)\b[^;&|\n]*<<<\s*|--passphrase-fd[^;&|\n]*<<<\s*|--stdin[^;&|\n]*<<<\s*)"
     r"(\"[^\"]*\"|'[^']*'|\S+)", "", r"\1" + REDACTED),
    ((("git", "config"),),
     r"(\bgit\b[^;&|\n]{0,200}?\sconfig\s+(?:-\S+\s+)*\S*(?i:passw|token|secret|api[_\-]?key)\S*\s+)"
     r"(\"[^\"]*\"|'[^']*'|[^\s;&|]+)", "", r"\1" + REDACTED),
    ((("rclone", "config"),), r"\brclone\s+config\s+(?:create|update)\b[^;&|\n]*", "", "rclone"),
    ((("mc", "alias", "set"), ("mc", "host", "add")),
     r"(\bmc\s+(?:alias\s+set|config\s+host\s+add)\s+\S+\s+\S+\s+\S+\s+)(\"[^\"]*\"|'[^']*'|[^\s;&|]+)", "",
     r"\1" + REDACTED),
    # Red team #25: values handed to a secret store on its input or as its positional value
    # (`echo V | gh secret set X`, `wrangler secret put X <<< V`, `docker secret create x - <<< V`,
    # `doppler secrets set X V`), a new password given to `mysqladmin password`, SQL's
    # `PASSWORD 'V'` / `IDENTIFIED BY 'V'`, cookies given to curl (`-b`/`--cookie`), and Oracle's
    # `sqlplus user/PW@db`.
    ((("secret", "|"),),
     r"(\b(?:echo|printf)\s+)([^;&|\n]+?)(?=\s*\|[^;&\n]*\bsecrets?\s+(?:set|put|create|add)\b)", "", r"\1" + REDACTED),
    ((("secret", "<<<"),), r"(\bsecrets?\s+(?:set|put|create|add)\b[^;&|\n]*<<<\s*)(\"[^\"]*\"|'[^']*'|\S+)", "",
     r"\1" + REDACTED),
    ((("secrets", "set"), ("secrets", "put"), ("secrets", "add")),
     r"(\bsecrets\s+(?:set|put|add)\s+(?:-\S+\s+)*[A-Za-z_][\w.\-]*\s+)(?![\-<|>])(\"[^\"]*\"|'[^']*'|[^\s;&|]+)", "",
     r"\1" + REDACTED),
    ((("mysqladmin", "password"),), r"(\bmysqladmin\b[^;&|\n]{0,300}?\spassword\s+)(\"[^\"]*\"|'[^']*'|\S+)", "",
     r"\1" + REDACTED),
    # (red team #45: MySQL's `PASSWORD('V')`, PostgreSQL's dollar quotes `PASSWORD $$V$$`)
    ((("password", "'"), ("identified", "'"), ("password", "$$")),
     r"(\b(?i:password|identified\s+by)(?:\s+|\s*\(\s*))('[^']*'|\$\$[^$]*\$\$)", "", r"\1" + REDACTED),
    ((("curl", "-b"), ("curl", "--cookie")),
     r"(\bcurl\b[^;&|\n]{0,300}?\s(?:-[A-Za-z]*b|--cookie)[=\s]\s*)(\"[^\"]*=[^\"]*\"|'[^']*=[^']*'|[^\s;&|]*=[^\s;&|]*)",
     "", r"\1" + REDACTED),
    ((("secrets", "="),), r"\bsecrets\s+(?:set|put|add|import)\b[^;&|\n]*", "", "secret pairs"),
    (_each("sqlplus"), r"(\bsqlplus\s+(?:-\S+\s+)*['\"]?[^\s/'\"]+/)(\"[^\"]*\"|'[^']*'|[^\s@'\"]+)", "", r"\1" + REDACTED),
    # Red team #28: Google OAuth access tokens, `poetry config http-basic.X USER PW` / `pypi-token.X T`,
    # `cargo login TOKEN`, `netlify … --auth TOKEN`.
    (_each("ya29."), r"\bya29\.[A-Za-z0-9_\-]{20,}", "", REDACTED),
    ((("poetry", "http-basic."),), r"(\bpoetry\s+config\s+(?:-\S+\s+)*http-basic\.\S+\s+\S+\s+)(\"[^\"]*\"|'[^']*'|[^\s;&|]+)",
     "", r"\1" + REDACTED),
    ((("poetry", "-token."),), r"(\bpoetry\s+config\s+(?:-\S+\s+)*\S*-token\.\S+\s+)(\"[^\"]*\"|'[^']*'|[^\s;&|]+)", "",
     r"\1" + REDACTED),
    ((("cargo", "login"),), r"(\bcargo\s+login\s+(?:--registry(?:=\S+|\s+\S+)\s+|-(?!-registry)\S+\s+)*)(?![-<|])(\"[^\"]*\"|'[^']*'|[^\s;&|]+)",
     "", r"\1" + REDACTED),
    ((("netlify", "--auth"),), r"(\bnetlify\b[^;&|\n]{0,300}?\s--auth[=\s]\s*)(\"[^\"]*\"|'[^']*'|[^\s;&|]+)", "",
     r"\1" + REDACTED),
    # PyPI, DigitalOcean and SendGrid token formats.
    (_each("pypi-", "dop_v1_", "sg."), r"\b(?:pypi-AgE[A-Za-z0-9_\-]{20,}|dop_v1_[a-z0-9]{40,}|SG\.[A-Za-z0-9_\-]{16,}\."
     r"[A-Za-z0-9_\-]{16,})", "", REDACTED),
    # A credential-named setting inside another option's value: --from-literal=password=VALUE, also
    # quoted after the option's `=` (`terraform -var='db_password=VALUE'`).
    (_assigned_secret, r"(?:(?<==)|(?<==')|(?<==\"))(?P<name>" + _NAME + r"+)\s*=\s*" + _VALUE, "", "named"),
    (_each("eyj"), r"\beyJ[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]{5,}", "", REDACTED),
    # -pPASSWORD: always for the MySQL family, elsewhere when it looks like a password
    # rather than bundled short flags (`cp -pr`, `mkdir -p`, `ssh -p2222` stay readable).
    ((("mysql", "-p"), ("mariadb", "-p")), r"(\b" + _MYSQL_LIKE + r"\b[^;&|\n]{0,300}?\s-p)(\S+)", "", r"\1" + REDACTED),
    (_glued_p, r"(\s-p)(?=\S*(?:[A-Z]|[^A-Za-z0-9\s]))(?=\S*[a-z0-9])(\S{6,})", "", r"\1" + REDACTED),
)
_COMPILED = {}


def _compiled(index):
    """The compiled pattern and replacement of table entry `index`, compiled on first use."""
    entry = _COMPILED.get(index)
    if entry is None:
        import re

        _, source, flags, repl = _PATTERN_TABLE[index]
        if repl == "credshapes":
            from legant_guard.hook import credshapes

            entry = _COMPILED[index] = (credshapes.Shapes, None)
            return entry
        flag_bits = (re.S if "S" in flags else 0) | (re.I if "I" in flags else 0)
        if repl == "rclone":  # every `KEY VALUE` pair of the command whose KEY names a secret
            pair = re.compile(r"(\s\S*(?i:secret|passw|token|_key|pass\b)\S*(?:\s+|=))(?!-)(\"[^\"]*\"|'[^']*'|[^\s;&|=]+)")

            def repl(m, pair=pair):
                return pair.sub(r"\1" + REDACTED, m.group(0))
        elif repl == "secret pairs":  # every NAME=VALUE of `fly/doppler/… secrets set A=1 B=2`
            pair = re.compile(r"(\s[A-Za-z_][\w.\-]*=)(\"[^\"]*\"|'[^']*'|[^\s;&|]+)")

            def repl(m, pair=pair):
                return pair.sub(r"\1" + REDACTED, m.group(0))
        elif repl == "named":
            prefix = source[:source.index("(?P<value>")]
            entry = _COMPILED[index] = (_NamedScan(re.compile(prefix, flag_bits), re.compile(source, flag_bits),
                                                   re.compile(_SECRET_WORDS, re.IGNORECASE)), None)
            return entry

        entry = _COMPILED[index] = (re.compile(source, flag_bits), repl)
    return entry


class _NamedScan:
    """A NAME=VALUE (NAME: VALUE, --NAME VALUE) pattern whose VALUE is redacted when NAME says it is a
    credential. The VALUE of any other NAME is scanned again: consumed whole, it hid the settings
    inside it (red team #40: `printf 'protocol=https\\nusername=u\\npassword=PW' | git credential
    approve`, `mount -o username=u,password=PW`, `Endpoint=…;AccountKey=K`)."""

    def __init__(self, prefix, pattern, secret_name):
        # `prefix`: the pattern up to its VALUE (NAME and separator), what the scan looks for; the
        # whole pattern is matched only where NAME is a credential's, so that a VALUE is read once
        # (matching the whole pattern at every NAME made `a=a=a=…` quadratic: 0.8 s for 8 KiB)
        self.prefix, self.pattern, self.secret_name = prefix, pattern, secret_name

    def sub(self, _repl, text):
        out, pos, done = [], 0, 0
        m = self.prefix.search(text, pos)
        while m is not None:
            whole = self.secret_name.search(m.group("name")) and self.pattern.match(text, m.start())
            if whole:
                out.append(text[done:whole.start("value")])
                out.append(REDACTED)
                done = pos = whole.end("value")
            else:
                pos = max(m.end(), m.start() + 1)
            m = self.prefix.search(text, pos)
        out.append(text[done:])
        return "".join(out)


def redact(text):
    """`text` with anything that looks like a credential replaced by [REDACTED], capped in length."""
    if not text or not isinstance(text, str):
        return text
    full_length = len(text)
    text = text[:_MAX_SCANNED]
    folded = text.casefold()  # what re.IGNORECASE equates (`K` and `k`, `ſ` and `s`) is equal here
    for index, (triggers, _, _, _) in enumerate(_PATTERN_TABLE):
        if triggers(folded) if callable(triggers) else \
                any(all(literal in folded for literal in trigger) for trigger in triggers):
            pattern, repl = _compiled(index)
            text = pattern.sub(repl, text)
            folded = text.casefold()
    if len(text) > _MAX_FIELD or full_length > _MAX_SCANNED:
        text = text[:_MAX_FIELD] + f"...[cut; {full_length} characters in all]"
    return text


# --- append --------------------------------------------------------------------------------


def _lock(fd):
    deadline = time.monotonic() + _LOCK_WAIT_SECONDS
    delay = 0.0005
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise AuditError("the audit trail is locked by another process for too long")
            time.sleep(delay)
            delay = min(delay * 2, 0.01)


def _tail_lines(fd, size):
    """The last two lines of the file (bytes, without newlines; b"" when absent) and whether
    the file ends with a newline. Only the last MAX_LINE_BYTES are looked at: `before` is None
    when its start lies further back, and so is it when the last line's does (`last` is then the
    end of that line only); no record is that long."""
    if size == 0:
        return b"", b"", True
    start = max(0, size - _TAIL_CHUNK)
    chunk = os.pread(fd, size - start, start)
    while True:
        ends_with_newline = chunk.endswith(b"\n")
        body = chunk[:-1] if ends_with_newline else chunk
        cut = body.rfind(b"\n")
        before_cut = body.rfind(b"\n", 0, cut) if cut >= 0 else -1
        if before_cut >= 0 or start == 0:
            last = body[cut + 1 :]
            before = body[before_cut + 1 : cut] if cut >= 0 else b""
            return before, last, ends_with_newline
        if size - start >= MAX_LINE_BYTES:
            # (red team #35) `truncate -s +2G` (or a crash's zero-filled tail) made every later call
            # read and hash it all, past the hook's last deadline: every call denied, for ever
            return None, body[cut + 1 :] if cut >= 0 else body[-_TAIL_CHUNK:], ends_with_newline
        # (red team #35) the window doubles and only the new part is read: growing it by a fixed
        # step re-read the whole tail each time, so a 100 MB line without an end took every later
        # call past the hook's last deadline (a deny for every call, the torn line never repaired)
        grown = max(0, start - max(_TAIL_CHUNK, size - start), size - MAX_LINE_BYTES)
        chunk = os.pread(fd, start - grown, grown) + chunk
        start = grown


def _parse_record(line):
    """(seq, hash, feed version or 0, overlay generation or 0, overlay digest or "") of a well-formed record
    line, or None."""
    try:
        rec = fastjson.loads(line)
        seq, digest = rec["seq"], rec["hash"]
    except (ValueError, KeyError, TypeError):
        return None
    if isinstance(seq, int) and not isinstance(seq, bool) and isinstance(digest, str):
        ver, ovl, sha = rec.get("feed_ver"), rec.get("overlay_gen"), rec.get("overlay_sha")
        return seq, digest, ver if isinstance(ver, int) and not isinstance(ver, bool) else 0, \
            ovl if isinstance(ovl, int) and not isinstance(ovl, bool) else 0, sha if isinstance(sha, str) else ""
    return None


def _note(event, reason, **fields):
    """A record the trail writes about itself (a break in the chain, a repaired torn line)."""
    rec = {"ts": utc_now_rfc3339(), "event": event, "tool": "audit-trail", "target": event,
           "decision": "", "reason": reason}
    rec.update(fields)
    return rec


def _head_matches(head, found):
    return isinstance(head, dict) and found is not None and head["seq"] == found[0] and head["hash"] == found[1]


def _continue_from(fd, size, head, started, had_records=lambda: False):
    """Where the next record chains on: (seq, prev, notes to write first, needs a newline).

    The trail is compared with its head (the last record written, kept apart): when they
    disagree the trail was cut, emptied, deleted or replaced, and the next record is preceded
    by a `chain-break` note saying so, which `verify` reports from then on: the loss is never
    silently re-based. A torn last line the head never acknowledged (a crash mid-write, a full
    disk) is closed by a `repair` note, and the chain goes on from the record before it.
    """
    head_seq = head["seq"] if isinstance(head, dict) else 0
    if head == "broken":
        head_says = "its head is unreadable"
    elif head is None:
        head_says = "its head file is missing"
    else:
        head_says = f"its head says seq {head['seq']} was written last"
    if size == 0:
        if head is None and not started:
            return 0, GENESIS, [], False
        if isinstance(head, dict) and head["seq"] == 0:
            if not had_records():
                return 0, GENESIS, [], False
            why = ("the audit trail is empty and its head says nothing was written, but the setup record says "
                   "records were: the trail was deleted and its head rewritten")
            return 0, GENESIS, [_note("chain-break", why, expected_seq=0)], False
        why = ("the audit trail and its head were deleted (this setup had started one)" if head is None
               else f"the audit trail is empty but {head_says}: it was truncated or deleted")
        return head_seq, GENESIS, [_note("chain-break", why, expected_seq=head_seq,
                                         expected_hash=head["hash"] if isinstance(head, dict) else "")], False
    before, last, ends_with_newline = _tail_lines(fd, size)
    found = _parse_record(last) if ends_with_newline else None
    if found is not None:
        if _head_matches(head, found):
            if head["feed_ver"] < found[2]:
                # (red team #30) the head is the last record's, but remembers an older feed: it was
                # edited to let a rolled-back revocation feed in; the trail's own mark wins from here on
                why = (f"the head says feed version {head['feed_ver']} but the trail's last record (seq {found[0]}) "
                       f"carries {found[2]}: the head was edited (a rolled-back revocation feed?)")
                return found[0], found[1], [_note("chain-break", why, expected_seq=found[0])], False
            if head["ovl"] < found[3] or (found[4] and head["ovh"] != found[4]):
                # (red team #45) the same for the deny overlay's generation and digest: lowered or dropped in
                # the head, with setup.json and overlay.json edited, they lifted `guard deny` entries
                why = (f"the head's deny-overlay marks (generation {head['ovl']}) are not those of the trail's last "
                       f"record (seq {found[0]}, generation {found[3]}): the head was edited")
                return found[0], found[1], [_note("chain-break", why, expected_seq=found[0])], False
            return found[0], found[1], [], False
        if isinstance(head, dict) and found[0] > head["seq"] and _chains_onto_head(fd, size, head):
            why = (f"the head says seq {head['seq']} was written last, but the records after it, to seq {found[0]}, "
                   "chain onto it: the head was not updated (a crash or a full disk between the two writes)")
            return found[0], found[1], [_note("repair", why, head_seq=head["seq"])], False
        why = f"the trail ends at seq {found[0]} but {head_says}: records were cut off, replaced or the head was removed"
        return max(found[0], head_seq), found[1], [_note("chain-break", why, expected_seq=head_seq, found_seq=found[0])], False
    torn_sha = fastjson.sha256(last).hexdigest()
    if before is None:  # (a line longer than any record: appended, or a file system's zero-filled tail)
        why = (f"the trail ends in a line of more than {MAX_LINE_BYTES // (1024 * 1024)} MiB, longer than any record "
               f"(its last {len(last)} bytes hashed), and {head_says}: data was appended to the trail")
        return head_seq, torn_sha, [_note("chain-break", why, torn_sha256=torn_sha, expected_seq=head_seq)], \
            not ends_with_newline
    previous = _parse_record(before) if before else (0, GENESIS)
    if not ends_with_newline and previous is not None and (
            _head_matches(head, previous) or (previous[0] == 0 and isinstance(head, dict) and head["seq"] == 0)):
        why = (f"the last line was torn ({len(last)} bytes without an end: a crash or a full disk); "
               f"the chain continues from seq {previous[0]}")
        return previous[0], previous[1], [_note("repair", why, torn_sha256=torn_sha, torn_bytes=len(last))], True
    why = f"the last line is not a record ({len(last)} bytes) and {head_says}: the trail was cut or edited"
    seq = max(previous[0] if previous else 0, head_seq)
    return seq, torn_sha, [_note("chain-break", why, torn_sha256=torn_sha, expected_seq=head_seq)], not ends_with_newline


_MAX_HEAD_LAG = 2  # lines one append writes at most: a note (chain-break or repair) and its record


def _chains_onto_head(fd, size, head):
    """Do the trail's last records, those after the one the head names, each carry their own hash
    and chain onto the record before, back to the head's? That is what a crash (or a full disk, a
    head that cannot be written) between an append's two writes leaves: nothing was lost, the
    head only lags (red team #35: it was reported as records cut off, for ever after). A head
    older than an intact trail hides nothing either: the chain itself is still checked."""
    start = max(0, size - _TAIL_CHUNK)
    lines = os.pread(fd, size - start, start).split(b"\n")[:-1]
    if start:
        lines = lines[1:]  # (the first may be cut)
    want = None
    for line in reversed(lines[-_MAX_HEAD_LAG:]):
        try:
            rec = fastjson.loads(line)
        except ValueError:
            return False
        seq = rec.get("seq") if isinstance(rec, dict) else None
        if not isinstance(seq, int) or isinstance(seq, bool) or rec.get("hash") != record_hash(rec) or \
                line != _line_bytes(rec) or (want is not None and (seq, rec["hash"]) != want):
            return False
        if seq == head["seq"] + 1:
            return rec.get("prev") == head["hash"]
        want = (seq - 1, rec.get("prev"))
    return False


def append(path, record, feed_ver=None, started=False, setup=False, overlay_gen=None, local_feed=True):
    """Append one record, chained to the previous one, under an exclusive lock.

    Adds `seq`, `prev` and `hash`, redacts credentials in `target` and `reason`, and never
    mutates the caller's dict. `feed_ver` (the feed version the hook accepted) is kept in the
    head as rollback evidence; `started` says the setup started this trail (so a trail missing
    together with its head is a deletion, not a first use); `setup` says the guard dir has its
    setup record, which the head then remembers (see `head_knew_setup`); the hook passes the setup
    record itself, whose deny overlay must be at least as new as the trail remembers
    (`overlay_gen`, which `guard deny`/`allow` set with a note of their own). `local_feed`: the feed is
    this setup's own, so a break that loses its mark can ask for a newer one (_feed_mark_lost; an
    issuer's feed only has its version kept). Raises OSError or
    AuditError when it cannot write, SetupRolledBack when the setup record is older than that.
    """
    rec = dict(record)
    for field in ("target", "reason"):
        if field in rec:
            rec[field] = redact(rec[field])
    rec.pop("hash", None)
    fd = safefile.open_fd(path, os.O_RDWR | os.O_APPEND | os.O_CREAT)
    try:
        if isinstance(setup, dict) and _int_or_zero(setup.get("overlay_gen")):
            _await_overlay_note(path, _int_or_zero(setup.get("overlay_gen")))
        _lock(fd)
        _append_locked(fd, path, [rec], feed_ver, started, setup, overlay_gen, feed_ver if local_feed else None)
    finally:
        os.close(fd)  # releases the lock


class SetupRolledBack(AuditError):
    """The setup record's deny overlay is older than the trail remembers (put back from a backup):
    an allowed call was recorded as refused, and the hook denies it with this as the reason (and
    `rule`). Also raised when a break lost the feed's high-water mark (_feed_mark_lost)."""

    refusal = True

    def __init__(self, reason, rule="setup-rollback"):
        super().__init__(reason)
        self.rule = rule


def _append_locked(fd, path, records, feed_ver, started, setup=False, overlay_gen=None, feed_in_use=None,
                   overlay_sha=None):
    head = _read_head(path)
    size = os.fstat(fd).st_size
    seq, prev, notes, needs_newline = _continue_from(fd, size, head, started, lambda: _had_records(path))
    seen_gen = head["ovl"] if isinstance(head, dict) else _last_mark(fd, size, "overlay_gen")
    seen_sha = head["ovh"] if isinstance(head, dict) else _last_text(fd, size, "overlay_sha")
    known = head.get("feed_ver") if isinstance(head, dict) else _last_feed_version(fd, size)
    if notes and isinstance(head, dict) and (notes[0]["event"] == "chain-break" or "head_seq" in notes[0]):
        # (an edited or a lagging head: the trail remembers; its last record read once, red team #35's bound)
        last = _parse_record(_last_complete_line(fd, size)) or (0, "", 0, 0, "")
        known, seen_gen, seen_sha = max(known or 0, last[2]), max(seen_gen, last[3]), last[4] or seen_sha
    refusal = _rolled_back(path, setup, seen_gen, records) or _entries_edited(path, setup, seen_gen, seen_sha, records)
    sha = overlay_sha or seen_sha
    ovl = max(overlay_gen or 0, seen_gen or 0)
    first = seq == 0
    high = max(v for v in (feed_ver, known, 0) if v is not None)
    if notes and not known and not isinstance(head, dict) and notes[0]["event"] == "chain-break" and \
            feed_in_use is not None:
        high = max(high, feed_in_use + 1)
        refusal = refusal or _feed_mark_lost(notes[0], feed_in_use, records)
    lines = [b"\n"] if needs_newline else []
    for rec in notes + records:
        if high:
            rec["feed_ver"] = high  # each record carries the high-water mark: a deleted head loses nothing
        if ovl:
            rec["overlay_gen"] = ovl
        if sha:
            rec["overlay_sha"] = sha
        rec["seq"] = seq = seq + 1
        rec["prev"] = prev
        rec["hash"] = prev = record_hash(rec)
        lines.append(_line_bytes(rec) + b"\n")
    data = b"".join(lines)
    written = os.write(fd, data)
    if written != len(data):
        raise AuditError(f"short write to the audit trail ({written} of {len(data)} bytes)")
    had_setup = bool(setup or (isinstance(head, dict) and head["setup"]))
    _write_head(path, seq, prev, high, had_setup, ovl, sha)
    if first and seq > 0:
        from legant_guard.setuprecord import note_trail_records

        note_trail_records(path)
    if refusal:
        raise SetupRolledBack(*refusal)


def _feed_mark_lost(note, version, records):
    """A break noticed with the head gone (deleted, emptied, unreadable) and no record of the trail
    carrying the feed's high-water mark (the trail deleted, emptied, or replaced by a line that is
    none): the feed in use (`version`) can no longer be told from an older copy put back. From this break on the mark is one more than that version (every later record carries
    it), so only a feed published since is accepted; the allowed calls among `records` are recorded
    as refused, and the refusal is returned. (Red team #45: setup.json and feed.jwt put back from
    before a revocation, with the trail and its head deleted, un-revoked the token: the break was
    noted, but nothing left held the newer version.)"""
    why = (f"the audit head is gone and no record of the trail carries the revocation feed's newest version, so the "
           f"feed in use (version {version}) cannot be told from an older copy put back to undo a revocation")
    note["reason"] += f"; {why}: a feed published after this break is required"
    refusal = (f"{why} (the trail noted the break); every call is refused until a newer feed is published: run "
               "`legant guard revoke --refresh` (it republishes every id this setup recorded as revoked). The head and the "
               "trail also held the deny overlay's generation: check that `legant guard rules` lists the denials you "
               "expect")
    return _refuse_allowed(records, refusal, "feed-mark-lost")


def _refuse_allowed(records, refusal, rule):
    """The allowed records among `records` recorded as refused by `refusal`; the refusal, or None
    when none was allowed (a denied call keeps its own reason)."""
    allowed = [rec for rec in records if rec.get("decision") == "allow"]
    for rec in allowed:
        rec.update(decision="deny", reason=redact(refusal), rule=rule)
    return (refusal, rule) if allowed else None


def _rolled_back(path, setup, seen_gen, records):
    """When the setup record (`setup`, the hook's) carries an older deny-overlay generation than the
    trail remembers, the refusal, with the allowed calls among `records` recorded as refused by it.
    (Red team #40: setup.json and overlay.json put back together from an older copy, a restore
    and no edit, lifted every `guard deny` made since.)"""
    if not (isinstance(setup, dict) and seen_gen) or _int_or_zero(setup.get("overlay_gen")) >= seen_gen:
        return None
    if _changed_since_read(path, seen_gen):
        return None
    refusal = (
        f"the setup record {os.path.join(os.path.dirname(str(path)), 'setup.json')} is older than the audit trail "
        f"remembers: its deny overlay is generation {_int_or_zero(setup.get('overlay_gen'))}, the trail saw generation "
        f"{seen_gen} (setup.json and overlay.json put back from a backup?), so denials added since may be gone. "
        "`legant guard rules` shows those in force: add back any that are missing with `legant guard deny …`, or "
        "accept the overlay as it is with `legant guard init` (it keeps the key and the overlay)")
    return _refuse_allowed(records, refusal, "setup-rollback")


_NOTE_WAIT_SECONDS = 1.0


def _await_overlay_note(path, generation):
    """A setup record of a newer overlay generation than the trail's: a `guard deny`/`allow` that wrote
    the record and is about to write its note (it needs the trail's lock, not held here). Wait for it, a
    little: a generation still ahead afterwards was written by hand (_entries_edited)."""
    deadline = time.monotonic() + _NOTE_WAIT_SECONDS
    while _int_or_zero(overlay_generation(path)) < generation and time.monotonic() < deadline:
        time.sleep(0.02)


def _entries_edited(path, setup, seen_gen, seen_sha, records):
    """When the setup record's deny-overlay entries are not those the last `guard deny`/`allow` recorded
    (their digest, kept by the trail like the generation), at the same generation, or its generation is
    one no `guard deny`/`allow` recorded: the refusal, with the allowed calls among `records` recorded as
    refused by it. (Red team #45: the entries taken out of setup.json and overlay.json together, two
    edits and no backup, lifted them: the record and the overlay agreed, and the generation had not
    moved; or it was raised past the trail's.)"""
    if not isinstance(setup, dict):
        return None
    generation = _int_or_zero(setup.get("overlay_gen"))
    if generation > (seen_gen or 0):  # (append waited for a racing verb's note)
        refusal = (
            f"the setup record {os.path.join(os.path.dirname(str(path)), 'setup.json')} says its deny overlay is "
            f"generation {generation}, which no `legant guard deny`/`allow` recorded in the audit trail (it saw "
            f"generation {seen_gen or 0}): edited by hand?, so denials may be gone. `legant guard rules` shows those "
            "in force: add back any that are missing with `legant guard deny …`, or accept the overlay as it is "
            "with `legant guard init`")
        return _refuse_allowed(records, refusal, "setup-rollback")
    if not seen_sha or generation != seen_gen:
        return None
    from legant_guard.setuprecord import SetupRecordError, overlay_digest, overlay_entries, read

    if overlay_digest(overlay_entries(setup)) == seen_sha:
        return None
    try:  # (a `guard deny`/`allow` between this call's reading of the record and its append)
        fresh = read(os.path.dirname(os.path.abspath(str(path))))
        if _int_or_zero(fresh.get("overlay_gen")) > seen_gen or overlay_digest(overlay_entries(fresh)) == seen_sha:
            return None
    except SetupRecordError:
        pass
    refusal = (
        f"the deny overlay entries in the setup record {os.path.join(os.path.dirname(str(path)), 'setup.json')} are not "
        "the ones `legant guard deny`/`allow` last recorded in the audit trail (edited by hand, with overlay.json?), so "
        "denials may be gone. `legant guard rules` shows those in force: add back any that are missing with `legant "
        "guard deny …`, or accept the overlay as it is with `legant guard init`")
    return _refuse_allowed(records, refusal, "setup-rollback")


def _changed_since_read(path, seen_gen):
    """Does the setup record on disk now carry the generation the trail remembers? Then a `guard
    deny`/`allow` ran between this call's reading of it and its append (it writes the record before
    its note, and the note under the trail's lock, which this append holds): a race, not a record
    put back (red team #45: such a call was refused as "put back from a backup?"). A record put back
    still reads older."""
    from legant_guard.setuprecord import SetupRecordError, read

    try:
        return _int_or_zero(read(os.path.dirname(os.path.abspath(str(path)))).get("overlay_gen")) >= seen_gen
    except SetupRecordError:
        return False


def _had_records(path):
    from legant_guard.setuprecord import trail_had_records

    return trail_had_records(path)


def start(path, started=False):
    """Mark a new setup's trail as begun (guard init): a head at seq 0, and no trail yet, so
    `verify` of a fresh setup is OK and a later deletion of the trail is noticed.

    An existing trail or head is left alone. When the setup had `started` a trail before and
    both are gone, the trail is begun again with a chain-break note instead of looking fresh.
    """
    if os.path.lexists(path) or os.path.lexists(head_path(path)):
        return
    if not started:
        _write_head(path, 0, GENESIS, 0, True)
        return
    fd = safefile.open_fd(path, os.O_RDWR | os.O_APPEND | os.O_CREAT)
    try:
        _lock(fd)
        _append_locked(fd, path, [], None, True, True)
    finally:
        os.close(fd)


def head_path(path):
    return str(path) + ".head"


def _write_head(path, seq, digest, feed_ver=0, setup=False, ovl=0, ovh=""):
    """Remember the last record, the highest feed version seen, whether the guard dir had a
    setup record and the deny overlay's generation and entries' digest (fixed-size overwrite, done
    while holding the trail's lock)."""
    data = ('{"feed_ver":%d,"hash":"%s",%s"ovl":%d,"seq":%d,"setup":%d}' % (
        feed_ver or 0, digest, '"ovh":"%s",' % ovh if ovh else "", ovl or 0, seq, 1 if setup else 0)).ljust(127).encode() + b"\n"
    fd = safefile.open_fd(head_path(path), os.O_WRONLY | os.O_CREAT)
    try:
        os.pwrite(fd, data, 0)
        if os.fstat(fd).st_size > len(data):
            # a head made longer by hand (or by another program) stays unreadable after a plain
            # overwrite of its first bytes, and every later append would note the same break again
            os.ftruncate(fd, len(data))
    finally:
        os.close(fd)


def _read_head(path):
    """{"seq", "hash", "feed_ver"} of the head file; None when missing; "broken" when unusable."""
    try:
        doc = fastjson.loads(safefile.read_bytes(head_path(path), 4096))
        head = {"seq": doc["seq"], "hash": doc["hash"], "feed_ver": doc.get("feed_ver", 0), "setup": doc.get("setup", 0),
                "ovl": doc.get("ovl", 0), "ovh": doc.get("ovh", "")}
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return "broken"
    if not (isinstance(head["seq"], int) and isinstance(head["hash"], str) and isinstance(head["feed_ver"], int)
            and isinstance(head["ovl"], int) and isinstance(head["ovh"], str)):
        return "broken"
    return head


def head_knew_setup(path):
    """True when the head says the guard dir had a setup record: its absence is a deletion."""
    head = _read_head(path)
    return isinstance(head, dict) and head["setup"] == 1


def _last_feed_version(fd, size):
    """The feed version the trail's last complete record carries (0 when none does), or None for an
    empty trail: the evidence left when the head is gone."""
    return _last_mark(fd, size, "feed_ver")


def _last_text(fd, size, field):
    """The text `field` of the trail's last complete record ("" when it has none)."""
    return _last_value(fd, size, field, lambda v: isinstance(v, str), "") if size else ""


def _int_or_zero(value):
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0


def _last_mark(fd, size, field):
    """The number `field` of the trail's last complete record (0 when it has none), or None for an
    empty trail."""
    return _last_value(fd, size, field, lambda v: isinstance(v, int) and not isinstance(v, bool), 0) if size else None


def _last_complete_line(fd, size):
    """The trail's last complete line (the one before when the last is torn), b"" when none."""
    if not size:
        return b""
    before, last, ends_with_newline = _tail_lines(fd, size)
    return (last if ends_with_newline else before) or b""


def _last_value(fd, size, field, fits, default):
    """`field` of the trail's last complete record (of the record before when the last line is torn) when
    `fits` it, else `default`."""
    before, last, ends_with_newline = _tail_lines(fd, size)
    for line in ((last, before) if ends_with_newline else (before,)):
        if not line:
            continue
        try:
            rec = fastjson.loads(line)
        except ValueError:
            continue
        value = rec.get(field) if isinstance(rec, dict) else None
        if fits(value):
            return value
    return default


def trail_feed_version(path):
    """The feed version recorded by the trail's last record, or None (no trail, none recorded)."""
    try:
        fd = safefile.open_fd(path)
    except OSError:
        return None
    try:
        return _last_feed_version(fd, os.fstat(fd).st_size) or None
    finally:
        os.close(fd)


def overlay_generation(path):
    """The highest deny-overlay generation the trail remembers (head, else its last record), 0 when none."""
    return _int_or_zero(_remembered(path, "ovl", _last_mark, "overlay_gen"))


def _remembered(path, head_field, last, record_field):
    """`head_field` of the trail's head, else `last(fd, size, record_field)` of its last record (None when
    the trail cannot be opened)."""
    head = _read_head(path)
    if isinstance(head, dict):
        return head[head_field]
    try:
        fd = safefile.open_fd(path)
    except OSError:
        return None
    try:
        return last(fd, os.fstat(fd).st_size, record_field)
    finally:
        os.close(fd)


def note_overlay_change(path, generation, reason, feed_in_use=None, digest=None):
    """`guard deny`/`allow` changed the deny overlay: a note of it, and its generation kept in the head
    and in every later record, so that setup.json and overlay.json put back together from an older
    copy are refused by the hook (see _append_locked). `feed_in_use`: the newest feed version the
    guard dir knows, which a break this note is the first to see must leave behind (_feed_mark_lost).
    `digest`: setuprecord.overlay_digest of the entries now recorded (see _entries_edited)."""
    fd = safefile.open_fd(path, os.O_RDWR | os.O_APPEND | os.O_CREAT)
    try:
        _lock(fd)
        _append_locked(fd, path, [_note("overlay", reason)], None, True, True, generation, feed_in_use, digest)
    finally:
        os.close(fd)


def overlay_digest_seen(path):
    """The digest of the deny-overlay entries the trail last recorded (head, else its last record), "" when none."""
    return _remembered(path, "ovh", _last_text, "overlay_sha") or ""


def head_feed_version(path):
    """The highest feed version the head recorded (rollback evidence), or None."""
    head = _read_head(path)
    return head["feed_ver"] if isinstance(head, dict) and head["feed_ver"] > 0 else None


# --- verify --------------------------------------------------------------------------------


def bounded_lines(f):
    """The file's lines, a line longer than MAX_LINE_BYTES given as b"\\x00" (plus its newline, if
    it has one) without holding it: no record is that long, and `verify` read a 2 GB line whole."""
    while True:
        raw = f.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            ended = False
            while not ended:
                rest = f.readline(1 << 20)
                if not rest:
                    break
                ended = rest.endswith(b"\n")
            raw = b"\x00\n" if ended else b"\x00"
        yield raw


def verify(path, started=False):
    """Check the whole chain. Returns (ok, message); the message names every break the trail
    recorded about itself and the first broken record. `started`: the setup began a trail here,
    so a missing one was deleted."""
    try:
        f = safefile.open_fd(path)
    except FileNotFoundError:
        head = _read_head(path)
        if isinstance(head, dict) and head["seq"] == 0:
            if _had_records(path):
                return False, (f"the audit trail {path} is missing and its head says nothing was written, but the "
                               "setup record says records were: it was deleted and its head rewritten")
            return True, "the audit trail is empty (no decision recorded yet)"
        if started or head is not None:
            return False, f"the audit trail {path} is missing but records were written to it: it was deleted"
        return False, f"no audit trail at {path}"
    except OSError as e:
        return False, f"cannot read the audit trail {path}: {e.strerror}"
    problems = []

    def broken(message):
        return False, "; ".join(problems + [message])

    prev_hash, prev_seq, count, last_line = GENESIS, 0, 0, 0
    unreadable = None  # (line number, sha256) of a line that is not a record, awaiting its note
    with os.fdopen(f, "rb") as f:
        for lineno, raw in enumerate(bounded_lines(f), 1):
            where = f"line {lineno}"
            if not raw.endswith(b"\n"):
                return broken(f"{where}: the last line is incomplete (torn write or truncated file)")
            try:
                rec = fastjson.loads(raw)
            except ValueError:
                rec = None
            if not isinstance(rec, dict):
                if unreadable:
                    return broken(f"line {unreadable[0]}: not valid JSON (edited or corrupted)")
                unreadable = (lineno, fastjson.sha256(raw[:-1]).hexdigest())
                continue
            seq = rec.get("seq")
            where = f"line {lineno} (seq {seq})"
            if rec.get("hash") != record_hash(rec):
                return broken(f"{where}: its content does not match its hash (the record was edited)")
            if raw[:-1] != _line_bytes(rec):
                # (red team #35) the hash covers the parsed record, so the same record spelt otherwise
                # (CRLF, spaces, `\u0061`, a duplicate key the parser drops) verified: a reader that
                # keeps the first of two keys read another decision than the chain vouched for
                return broken(f"{where}: its bytes are not the ones the guard wrote (the line was re-encoded: "
                              "spacing, escapes, key order, a duplicate key or its line end changed)")
            event = rec.get("event")
            if event == "chain-break" and isinstance(seq, int) and seq > prev_seq:
                # The trail noticed a loss before this record and said so; the chain restarts here.
                if unreadable:
                    problems.append(f"line {unreadable[0]}: not valid JSON (edited or corrupted)")
                problems.append(f"{where}: the chain was broken before this record: {rec.get('reason')}")
                unreadable = None
                prev_hash, prev_seq, count, last_line = rec["hash"], seq, count + 1, lineno
                continue
            if unreadable:
                if event == "repair" and rec.get("torn_sha256") == unreadable[1]:
                    problems.append(f"line {unreadable[0]}: not valid JSON (a torn write, closed by the repair record at line {lineno})")
                    unreadable = None
                else:
                    return broken(f"line {unreadable[0]}: not valid JSON (edited or corrupted)")
            if seq != prev_seq + 1:
                if isinstance(seq, int) and seq > prev_seq + 1:
                    what = "a record before it was deleted or moved"
                else:
                    what = "records were reordered or a record was inserted"
                return broken(f"{where}: expected seq {prev_seq + 1} here, {what}")
            if rec.get("prev") != prev_hash:
                return broken(f"{where}: its `prev` does not match the hash of the record before it (a record was replaced, inserted or reordered)")
            prev_hash, prev_seq, count, last_line = rec["hash"], seq, count + 1, lineno
    if unreadable:
        return broken(f"line {unreadable[0]}: not valid JSON (edited or corrupted)")
    head = _read_head(path)
    if head == "broken":
        return broken(f"the head file {head_path(path)} is unreadable; the end of the trail cannot be checked")
    if head is None and count:
        return broken(f"the head file {head_path(path)} is missing; the end of the trail cannot be checked")
    if head is not None:
        head_seq, head_hash = head["seq"], head["hash"]
        if head_seq > prev_seq:
            return broken(f"the trail ends at seq {prev_seq} but seq {head_seq} was written: {head_seq - prev_seq} record(s) were cut off the end")
        if head_seq == prev_seq and head_hash != prev_hash:
            return broken(f"line {last_line} (seq {prev_seq}): the last record is not the one that was written")
    if problems:
        return False, "; ".join(problems)
    if count == 0:
        if _had_records(path):
            return False, (f"the audit trail {path} is empty, but the setup record says records were written: it "
                           "was emptied and its head rewritten")
        return True, "the audit trail is empty"
    return True, f"{count} records, chain intact (seq 1..{prev_seq})"
