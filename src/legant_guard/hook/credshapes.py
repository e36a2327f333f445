r"""Credentials handed to a program by position, on its input or through its own configuration verb,
redacted before a record reaches the audit trail (audit.py's part, loaded only when its trigger
sees one of the shapes below).

Why a part: audit.py's table runs on every call, and each entry costs its trigger. These shapes
(red team #40) are rarer: package registries' configuration verbs (`composer config
github-oauth.HOST T`, `bundle config HOST user:PW`, `npm set //HOST/:_authToken T`), Windows'
`net use \\srv\share PW /user:u`, a secret fed to a login or a secret store on its input
(`… login <<< T`, `echo T | … env add`, `< <(echo T)`), `.netrc`'s `password PW`, fish's and
Windows' `set -x NAME V` / `setx NAME V`, publishers' options (`uv publish -t T`, `nuget push -k
T`, every one of them, not only the first) and the token in a Telegram bot URL. One trigger
(audit.py's `_credential_shapes`, with its literals) says whether any of them may occur; each
entry here has its own, a necessary condition of its match.
"""

from legant_guard.hook.audit import (HTTPIE as _HTTPIE, REDACTED, fed_on_input as _fed_on_input, set_secret as _set_secret,
                                     user_and_p as _user_and_p)

_VALUE = r"(\"[^\"]*\"|'[^']*'|[^\s;&|]+)"
# What a command line that takes a credential on its input names (`gh auth login`, `vercel env
# add`, `hcloud context create`, `databricks configure --token`, `git credential approve`).
_TAKES_CREDENTIAL = (r"(?:login|logon|auth|authenticate|secrets?|credential(?:-\w+)?|credentials|token|passwd|password|"
                     r"passphrase|configure|env\s+add|context\s+create|add-authtoken|authtoken|pass\s+insert|keyring\s+set"
                     r"|askpass|signin|vncpasswd)")  # (red team #45: `redis-cli --askpass`, `op signin`, `vncpasswd -f`)
# Programs that only filter the text they are handed: `echo x | grep login` hands nothing to a login.
_FILTERS = r"(?:grep|egrep|fgrep|rg|ag|awk|gawk|sed|jq|yq|tr|cut|head|tail|sort|uniq|wc|tee|less|more|cat|column|fmt)"
_REGISTRY_KEYS = r"(?:github-oauth|gitlab-oauth|gitlab-token|bitbucket-oauth|forgejo-token|http-basic|bearer|custom-headers)"
# (literals every match holds, the program's words, its options that take a credential)
_PUBLISHER_OPTIONS = (
    (("uv", "publish"), r"uv\s+publish", r"-t|--token|-p|--password"),
    (("hatch", "publish"), r"hatch\s+publish", r"-a|--auth"),
    (("nuget",), r"nuget(?:\.exe)?", r"-k|--api-key|-ApiKey|-p|--password|-Password"),
    (("influx",), r"influx", r"-p|--password|-t|--token"),
    (("ncftp",), r"ncftp\w*", r"-p"),
    (("ssh-keygen",), r"ssh-keygen", r"-N|-P"),
    (("cqlsh",), r"cqlsh", r"-p|--password"),
    (("cypher-shell",), r"cypher-shell", r"-p|--password"),
    (("rabbitmqadmin",), r"rabbitmqadmin", r"-p|--password"),
)
_SECRET_NAME = r"[\w.\-]*(?i:pass|secret|token|key|auth|pwd|credential)[\w.\-]*"
def _any(*literals):
    def trigger(folded):
        return any(map(folded.__contains__, literals))
    return trigger


def _all(*literals):
    def trigger(folded):
        return all(map(folded.__contains__, literals))
    return trigger


_P_NOT_A_PASSWORD = {"docker", "podman", "nerdctl", "kubectl", "curl", "ssh", "scp", "sftp", "nc", "ncat", "iperf",
                     "iperf3", "nmap", "rsync"}


def _p_values(m):
    """Every `-p VALUE` of a simple command that names a user with -u/--user: its password. Not for
    the programs whose -p is a port, a prompt or a flag, nor a number or numbers joined by `:` (a port)."""
    import re

    command = m.group(0)
    words = command.split()
    if not words:
        return command
    program = words[0].rsplit("/", 1)[-1]
    if program in _P_NOT_A_PASSWORD or program.startswith(("mysql", "mariadb")):
        return command
    if not any(w in ("-u", "--user", "--username") and i + 1 < len(words) and not words[i + 1].startswith("-") or
               w.startswith(("--user=", "--username=")) for i, w in enumerate(words)):
        return command
    return re.sub(r"(\s-p\s+)(?![0-9]+(?::[0-9]+)*(?:\s|$))(?!-)(\"[^\"]*\"|'[^']*'|\S+)", r"\1" + REDACTED, command)


def _httpie_values(m):
    """httpie's `-A bearer -a TOKEN` (no `user:` before it) and its fields named like a credential:
    `token:=V` (JSON), `api_key==V` (query), `X-Api-Key:V` (a header)."""
    import re

    text = m.group(0)
    if re.search(r"\s(?:-A|--auth-type)[=\s]\s*bearer\b", text):
        text = re.sub(r"(\s(?:-a|--auth)[=\s]\s*)(\"[^\"]*\"|'[^']*'|\S+)", r"\1" + REDACTED, text)
    return re.sub(r"(\s['\"]?[\w.\-]*(?i:pass|secret|token|key|auth|pwd|credential)[\w.\-]*(?::=|==|:))(?!//)"
                  r"(\"[^\"]*\"|'[^']*'|[^\s'\"]+)", r"\1" + REDACTED, text)


def _kv_put(folded):
    return "put" in folded and ("kv" in folded or "etcdctl" in folded)


def _xml_secret(folded):
    return ("</" in folded or "value" in folded) and any(map(folded.__contains__, ("pass", "secret", "token", "key", "auth",
                                                                                    "pwd", "credential")))


def _in_command(program, inner):
    """(pattern source, replacement): `inner` applied to the whole simple command of `program`, so
    that every credential option in it is redacted, not only the first."""
    import re

    pattern = re.compile(inner)

    def repl(m):
        return pattern.sub(r"\1" + REDACTED, m.group(0))
    return r"\b" + program + r"\b[^;&|\n]*", repl


def _base64_pem(m):
    """A base64 text that starts as `-----BEGIN` does (`LS0tLS1CRUdJTi…`: a Kubernetes secret's `tls.key`, `echo …
    | base64 -d > key`): redacted when what it encodes names a private key (a certificate stays)."""
    import base64
    import binascii

    text = m.group(0)
    head = text.replace("\\n", "").replace("\n", "")[:120]
    try:
        decoded = base64.b64decode(head[: len(head) // 4 * 4] or "", altchars=b"-_" if "-" in head or "_" in head else None)
    except (binascii.Error, ValueError):
        return REDACTED
    return REDACTED if b"PRIVATE" in decoded.upper() else text


def _net_use_words(m):
    """`net use [X:] [\\\\srv\\share] [PW|*] [/user:DOM\\u] …`: every word that is none of the
    device, the share, an option or `*` is a password."""
    import re

    head, rest = m.group(0)[:7], m.group(0)[7:]
    return head + re.sub(r"(?<=\s)(?![/\\*]|[A-Za-z]:(?:\s|$))[^\s/]+", REDACTED, rest)


def _table():
    rows = [
        # composer config [opts] github-oauth.HOST TOKEN / http-basic.HOST USER PW / bearer.HOST T
        (_all("composer", "config"), r"(\bcomposer\b[^;&|\n]*?\sconfig\s+(?:-\S+\s+)*" + _REGISTRY_KEYS
         + r"\.\S+\s+)([^;&|\n]+)", "I", r"\1" + REDACTED),
        # bundle config [set] [--global|--local] HOST-or-BUNDLE_HOST__KEY user:PW (a `build.` key is a build flag)
        (_all("bundle", "config"), r"(\bbundle\s+config\s+(?:(?:set|--global|--local)\s+)*(?!build\.)"
         r"(?:\S*[.:/]\S*|\S*__\S*)\s+)" + _VALUE, "", r"\1" + REDACTED),
        # npm/pnpm/yarn's registry credentials however they are set: `npm set //h/:_authToken T`, `=T`, npmAuthToken
        (_any(":_auth", ":_password", "npmauth"),
         r"((?:\S*:_(?:authToken|auth|password)|\bnpmAuth(?:Token|Ident))(?:\s*=\s*|\s+))" + _VALUE, "I", r"\1" + REDACTED),
        # fish's `set -x NAME V` (-gx, -Ux ...), Windows' `setx NAME V`: a credential-named NAME's value
        (_set_secret, r"(\b(?:setx\s+|set\s+(?:-[A-Za-z]+\s+)+)(?:-\S+\s+)*[\w.\-]*(?i:pass|secret|token|key|auth|pwd|"
         r"credential)[\w.\-]*\s+)" + _VALUE, "", r"\1" + REDACTED),
        # ngrok's and snyk's token given by position
        (_any("authtoken", "snyk", "wandb", "set-initial-password", "encrypt_string"),
         r"(\b(?:(?:add-)?authtoken|snyk\s+auth|wandb\s+login|set-initial-password|encrypt_string)\s+(?:-\S+\s+)*)(?!-)" + _VALUE, "I", r"\1" + REDACTED),
        # Windows: net use [X:] \\srv\share PW /user:DOMAIN\user
        (_any("net use"), r"\bnet use\b[^;&|\n]*", "I", _net_use_words),
        # a here-string handed to a command that takes a credential (`az devops login <<< T`)
        (_fed_on_input, r"(\b" + _TAKES_CREDENTIAL + r"\b[^;&|\n]*<<<\s*)(\"[^\"]*\"|'[^']*'|\$'(?:[^'\\]|\\.)*'|\S+)", "I",
         r"\1" + REDACTED),
        # echo/printf piped into one (`echo T | hcloud context create x`, `printf '…password=PW' | git credential approve`)
        (_fed_on_input, r"(\b(?:echo|printf)\s+)([^;&|\n]+?)(?=\s*\|\s*(?!\s|" + _FILTERS + r"\b)[^;&|\n]*\b" + _TAKES_CREDENTIAL
         + r"\b)", "I", r"\1" + REDACTED),
        # … or in a process substitution read as its input (`gh auth login --with-token < <(echo T)`)
        (_fed_on_input, r"(<\s*<\(\s*(?:echo|printf)\s+)([^)\n]+)", "", r"\1" + REDACTED),
        # .netrc's `machine H login U password PW` (echoed or printed into it)
        (_all("machine", "password"), r"(\bmachine\b[^;&|\n]*?\spassword\s+)" + _VALUE, "", r"\1" + REDACTED),
        # SQL's PASSWORD "PW" (double quotes inside a single-quoted -c text; single quotes are audit.py's)
        (_any('password "'), r"(\b(?i:password)\s+)(\"[^\"$]+\")", "", r"\1" + REDACTED),
        # a secret store's --value (`az keyvault secret set --value V`, `aws ssm put-parameter --type SecureString --value V`)
        (_any("--value"), r"(\b(?:secret|secrets|ssm|keyvault|parameter)\b[^;&|\n]*?\s--value[=\s]\s*)" + _VALUE, "I",
         r"\1" + REDACTED),
        # XML's <password>PW</password>, NuGet's <add key="ApiKey" value="K" />
        (_xml_secret, r"(<(" + _SECRET_NAME + r")>)([^<]+)(?=</\2>)", "", r"\1" + REDACTED),
        (_xml_secret, r"(\bkey\s*=\s*\"" + _SECRET_NAME + r"\"\s+value\s*=\s*)(\"[^\"]*\")", "", r"\1" + REDACTED),
        # a CI variable named like a credential (`glab variable set TOKEN V`, `gh variable set API_TOKEN --body V`)
        (_all("variable", "set"), r"(\bvariable\s+set\s+(?:-\S+\s+)*" + _SECRET_NAME + r"\s+(?:(?:[^;&|\n]*?\s)?(?:-b|--body)"
         r"(?:[=\s]\s*)?)?)(?!-)" + _VALUE, "", r"\1" + REDACTED),
        # a key-value store's key named like a credential (`consul kv put app/password V`, `etcdctl put db/token V`)
        (_kv_put, r"(\b(?:kv|etcdctl(?:\s+-\S+)*)\s+put\s+(?:-\S+\s+)*\S*(?i:pass|secret|token|key|auth|pwd|credential)\S*\s+)"
         r"(?!-)" + _VALUE, "", r"\1" + REDACTED),
        # USER:PW given to a long option named for it, any program (`skopeo --src-creds u:PW`, `etcdctl --user u:PW`;
        # a numeric `--user 1000:1000` is an id)
        (_any("--user", "creds"), r"(\s--(?:user|(?:src-|dest-)?creds?)[=\s]\s*['\"]?(?![0-9]+:)[^\s:'\"]+:)([^\s'\"]+)", "",
         r"\1" + REDACTED),
        # -u USER and -p PW in one command (psexec, evil-winrm, crackmapexec, rdesktop …): -p is the password,
        # but for the programs whose -p is a port or a prompt, and a number (`-p 8080:80`)
        (_user_and_p, r"[^;&|\n]+", "", _p_values),
        # httpie: `-A bearer -a TOKEN`, a JSON or query field named like a credential (`token:=V`, `api_key==V`)
        (_any(*_HTTPIE), r"\b(?:https?|httpie|xhs?) [^;&|\n]*", "", _httpie_values),
        # an Azure SAS URL's signature (`…?sv=…&sig=V`)
        (_any("sig="), r"((?<=[?&])sig=)([^&\s'\"]+)", "", r"\1" + REDACTED),
        # PowerShell: ConvertTo-SecureString 'PW' -AsPlainText
        (_any("convertto-securestring"), r"(\bConvertTo-SecureString\s+(?:-(?!String\b)[A-Za-z]+\s+)*(?:-String\s+)?)(?!-)" + _VALUE, "I", r"\1" + REDACTED),
        # positional passwords: unixODBC's `isql DSN USER PW`, `wpa_passphrase SSID PW`, nmcli's `password PW`,
        # `dotenv set NAME V`, `chamber write SVC KEY V`, impacket's `user:PW@host`
        (_any("isql"), r"(\bisql\s+(?:-\S+\s+)*\S+\s+\S+\s+)" + _VALUE, "", r"\1" + REDACTED),
        (_any("wpa_passphrase"), r"(\bwpa_passphrase\s+\S+\s+)" + _VALUE, "", r"\1" + REDACTED),
        (_all("nmcli", "password"), r"(\bnmcli\b[^;&|\n]*?\spassword\s+)" + _VALUE, "", r"\1" + REDACTED),
        (_any("dotenv", "chamber"), r"(\b(?:dotenv(?:-vault)?\s+set|chamber\s+write\s+\S+)\s+\S+\s+)(?!-)" + _VALUE, "",
         r"\1" + REDACTED),
        (_any("impacket"), r"(\bimpacket-\S+\s+(?:-\S+\s+)*(?:[^\s:/@]+/)?[^\s:/@]+:)([^\s@]+)(?=@)", "", r"\1" + REDACTED),
        # (red team #45) a private key's PEM base64-wrapped; PuTTY's key file (its Private-Lines)
        (_any("ls0tls1crudjti"), r"LS0tLS1CRUdJTi[A-Za-z0-9+/=_\-]*(?:(?:\n|\\n)[A-Za-z0-9+/=_\-]+)*", "", _base64_pem),
        (_any("private-lines"), r"(Private-Lines:\s*\d+)(.*?)(?=Private-MAC:|$)", "S", r"\1 " + REDACTED),
        # an environment variable named like a credential set by a call or csh (`os.putenv('API_KEY', 'V')`,
        # `os.environ.setdefault("TOKEN", "V")`, `setenv SECRET V`)
        (_any("putenv", "setenv", "setdefault"), r"(\b(?:putenv|setenv|setdefault|SetEnvironmentVariable)\s*\(\s*(['\"])"
         + _SECRET_NAME + r"\2\s*,\s*)" + _VALUE, "I", r"\1" + REDACTED),
        (_any("setenv"), r"(\bsetenv\s+" + _SECRET_NAME + r"\s+)(?![(=])" + _VALUE, "", r"\1" + REDACTED),
        # Redis: `AUTH [USER] PW` (redis-cli's command words), `requirepass PW`, `masterauth PW`
        (_all("redis-cli", "auth"), r"(\bredis-cli\b[^;&|\n]*?\s(?i:auth)\s+)([^;&|\n]+)", "", r"\1" + REDACTED),
        (_any("requirepass", "masterauth"), r"(\b(?i:requirepass|masterauth)\s+)" + _VALUE, "", r"\1" + REDACTED),
        # a config value set as a secret whatever its name (`pulumi config set --secret NAME V`)
        (_all("config", "--secret"), r"(\bconfig\s+set\s+(?:-\S+\s+)*--secret\s+(?:-\S+\s+)*(?!-)\S+\s+)(?!-)" + _VALUE,
         "", r"\1" + REDACTED),
        # positional passwords: `bw unlock PW`, `bw login EMAIL PW`, `cf auth USER PW`, `consul acl set-agent-token
        # TYPE T`, Windows' `net user NAME PW`, `cmdkey /pass:PW`
        (_any("bw unlock", "bw login", "cf auth"),
         r"(\b(?:bw\s+unlock|(?:bw\s+login|cf\s+auth)\s+(?!-)\S+)\s+)(?!-)" + _VALUE, "", r"\1" + REDACTED),
        (_any("set-agent-token"), r"(\bset-agent-token\s+(?:-\S+\s+)*\S+\s+)(?!-)" + _VALUE, "", r"\1" + REDACTED),
        (_any("net user"), r"(\bnet\s+user\s+(?![/*])\S+\s+)(?![/*])" + _VALUE, "I", r"\1" + REDACTED),
        (_any("cmdkey"), r"(\bcmdkey\b[^;&|\n]*?\s/pass(?::|\s+))" + _VALUE, "I", r"\1" + REDACTED),
        # an option's value given as a process substitution (`openvpn --auth-user-pass <(echo -e 'u\nPW')`)
        (_fed_on_input, r"(--?[\w\-]*(?i:pass|auth|secret|token|cred)[\w\-]*[=\s]\s*<\(\s*(?:echo|printf)\s+)([^)\n]+)", "",
         r"\1" + REDACTED),
        # a Telegram bot's token in its API URL (api.telegram.org/botID:TOKEN/…)
        (_any("/bot"), r"(/bot[0-9]{5,}:)[A-Za-z0-9_\-]{20,}", "", r"\1" + REDACTED),
    ]
    for literals, program, options in _PUBLISHER_OPTIONS:
        rows.append((_all(*literals), program, "I", ("options", r"(\s(?:" + options + r")(?:\s*=\s*|\s+))" + _VALUE)))
    return tuple(rows)


_TABLE = None
_COMPILED = {}


def redact(text):
    """`text` with the credentials of the shapes above replaced by [REDACTED]."""
    global _TABLE
    if _TABLE is None:
        _TABLE = _table()
    folded = text.casefold()
    for index, (trigger_of, source, flags, repl) in enumerate(_TABLE):
        if not trigger_of(folded):
            continue
        compiled = _COMPILED.get(index)
        if compiled is None:
            import re

            if isinstance(repl, tuple):  # ("options", inner): every credential option of the program's command
                source, repl = _in_command(source, repl[1])
            compiled = _COMPILED[index] = (re.compile(source, (re.I if "I" in flags else 0) | (re.S if "S" in flags else 0)),
                                           repl)
        text = compiled[0].sub(compiled[1], text)
        folded = text.casefold()
    return text


class Shapes:
    """What audit.py's table calls `pattern.sub(repl, text)` on."""

    @staticmethod
    def sub(_repl, text):
        return redact(text)
