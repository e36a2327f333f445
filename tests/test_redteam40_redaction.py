"""Red team #40 (issue 10, "also found"): credentials the audit trail kept in clear.

Each shape below reached audit.jsonl (and the recorded reason) as typed. The classes: a
credential handed by position to a registry's or a tool's configuration verb (composer, bundle,
npm set, setx, ngrok, glab/gh variables, consul kv), Windows' `net use`, a secret fed on a
program's input (`<<<`, `echo … |`, `< <(echo …)`), a NAME=VALUE whose VALUE hid the credential
settings after it (`printf '…username=u\\npassword=PW' | git credential approve`, `mount -o
username=u,password=PW`, a connection string's `AccountKey=`), names the credential test did not
know (`_auth`, `COMPOSER_AUTH`, `AccountKey`, `stripe.key`, `BUNDLE_HOST__COM`), object and list
shapes (`{'password': 'PW'}`, `- password: PW`, `<password>`, `auth=('u', 'PW')`), an option
taken for the value of a flag before it (`--secret dbPassword V`, `--token <<< T`), and a
program's second credential option (`ssh-keygen -P old -N new`).
"""

import json
import os

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied
from legant_guard.hook import audit

S = "Zq8vR3tPl0wX7kB2nM4c"

LEAKED = [
    f"composer config github-oauth.github.com {S}",
    f"composer config --global --auth bearer.example.org {S}",
    f"composer config -g gitlab-token.gitlab.com {S}",
    f"composer config http-basic.repo.example.com user {S}",
    f"COMPOSER_AUTH='{{\"github-oauth\":{{\"github.com\":\"{S}\"}}}}' composer install",
    f"bundle config https://gems.example.com user:{S}",
    f"bundle config set --global gems.example.com user:{S}",
    f"BUNDLE_GEMS__EXAMPLE__COM=user:{S} bundle install",
    f"npm set //registry.npmjs.org/:_authToken {S}",
    f"NPM_CONFIG__AUTH={S} npm i",
    f"net use Z: \\\\server\\share /user:admin {S}",
    f"net use \\\\server\\share {S} /user:DOMAIN\\admin",
    f"printf 'protocol=https\\nhost=github.com\\nusername=x\\npassword={S}\\n' | git credential approve",
    f"git credential approve <<< $'protocol=https\\nhost=h\\nusername=u\\npassword={S}'",
    f"az storage blob list --connection-string 'DefaultEndpointsProtocol=https;AccountName=x;AccountKey={S};E=c'",
    f"mount -t cifs //h/s /m -o username=u,password={S}",
    f"vercel env add SECRET production <<< {S}",
    f"echo {S} | vercel env add SECRET production",
    f"echo {S} | hcloud context create x",
    f"az devops login --org o <<< {S}",
    f"databricks configure --token <<< {S}",
    f"gh auth login -h h --with-token < <(echo {S})",
    f"gcloud secrets versions add s --data-file=- <<< {S}",
    f"setx API_KEY {S}",
    f"set -x API_KEY {S}",
    f"ngrok config add-authtoken {S}",
    f"snyk auth {S}",
    f"wandb login {S}",
    f"echo 'machine github.com login u password {S}' >> ~/.netrc",
    f"psql -c 'CREATE ROLE r LOGIN PASSWORD \"{S}\"'",
    f"aws ssm put-parameter --name n --type SecureString --value {S}",
    f"az keyvault secret set --vault-name v --name n --value {S}",
    f"curl https://api.telegram.org/bot123456:{S}/sendMessage",
    f"uv publish -t {S}",
    f"hatch publish -a {S}",
    f"nuget push p.nupkg -k {S}",
    f"dotnet nuget add source u -n n -u user -p {S} --store-password-in-clear-text",
    f"influx setup -u u -p {S}",
    f"ssh-keygen -p -P old -N {S} -f k",
    f"gh secret set X -b{S}",
    f"{{'password': '{S}'}}",
    f"  - password: {S}",
    f"<password>{S}</password>",
    f'<add key="ApiKey" value="{S}" />',
    f"python -c \"requests.get(u, auth=('u', '{S}'))\"",
    f"python -c \"requests.get(u, headers={{'X-API-KEY': '{S}'}})\"",
    f"pulumi config set --secret dbPassword {S}",
    f"firebase functions:config:set stripe.key={S}",
    f"glab variable set TOKEN {S}",
    f"gh variable set API_TOKEN --body {S}",
    f"ansible-vault encrypt_string '{S}' --name password",
    f"skopeo copy --src-creds u:{S} a b",
    f"etcdctl --user u:{S} get k",
    f"consul kv put app/password {S}",
    f"cqlsh -u u -p {S}",
    f"cypher-shell -u neo4j -p {S}",
    f"neo4j-admin set-initial-password {S}",
    # -u USER -p PW in one command, httpie's bearer and fields, a SAS signature, PowerShell, positional passwords
    f"psexec \\\\h -u u -p {S} cmd",
    f"evil-winrm -i h -u u -p {S}",
    f"rdesktop -u u -p {S} h",
    f"http -A bearer -a {S} https://api",
    f"http POST u token:={S}",
    f"curl 'https://acct.blob.core.windows.net/c/b?sv=2020&sp=r&sig={S}'",
    f"ConvertTo-SecureString '{S}' -AsPlainText -Force",
    f"$headers = @{{'X-Api-Key' = '{S}'}}",
    f"sqlplus -s u/\"{S}\"@db",
    f"isql -v dsn u {S}",
    f"impacket-psexec u:{S}@h",
    f"nmcli dev wifi connect SSID password {S}",
    f"wpa_passphrase SSID {S}",
    f"sed -i 's/^token:.*/token: {S}/' c.yml",
    f"dotenv set API_KEY {S}",
    f"chamber write svc key {S}",
    f"pass insert -e x <<< {S}",
    f"echo {S} | keyring set svc user",
]


@pytest.mark.parametrize("target", LEAKED)
def test_the_credential_never_reaches_the_trail(tmp_path, target):
    trail = tmp_path / "audit.jsonl"
    audit.append(trail, {"target": target, "reason": f"`{target}` is not on the command allow-list"})
    text = trail.read_text()
    assert S not in text
    rec = json.loads(text)
    assert audit.REDACTED in rec["target"] and audit.REDACTED in rec["reason"]
    assert audit.verify(trail)[0]


NEIGHBOURS = [
    "git commit -m 'fix token: parse'", "bundle config set --local path vendor/bundle",
    "bundle config build.nokogiri --use-system-libraries", "bundle install", "composer config minimum-stability dev",
    "composer config --list", "net use", "net use Z: \\\\srv\\share /user:bob", "net use Z: /delete",
    "npm set registry https://registry.npmjs.org/", "set -euo pipefail; make", "set -x; make test", "setx PATH C:\\bin",
    "echo hello | grep login", "echo done | tee log.txt", "cat <<< hello", "diff <(ls a) <(ls b)",
    "git log --author=me --oneline", "uv publish --index testpypi", "uv publish dist/*", "nuget restore", "influx ping",
    "ssh-keygen -l -f k.pub", "mount -o ro,noatime /dev/sdb1 /mnt", "psql -c 'select password from users limit 1'",
    "curl https://api.telegram.org/bot/getMe", "az keyvault secret show --name n --vault-name v",
    "aws ssm get-parameter --name n", "export GIT_AUTHOR_NAME=bob", "npm publish --access public", "gh auth login",
    "docker run --user 1000:1000 img", "printf '%s\\n' a b | sort", "read -r x <<< \"$line\"", "grep -rn password src/",
    "Author: bob", '{"author": "bob"}', "consul kv put app/color blue", "glab variable set COLOR blue",
    "python -c 'print((1, 2))'", "x=(a b c)",
    "docker run -u 1000 -p 8080:80 img", "mysql -u root -p db", "rsync -a -u -p src dst", "nc -u -p 1234 h",
    "git push -u origin main", "http GET https://x Accept:json", "http POST u name=bob", "git clone https://github.com/x/y",
    "mkdir -p build && sort -u list", "pass show x", "keyring get svc user",
]


@pytest.mark.parametrize("target", NEIGHBOURS)
def test_harmless_neighbours_stay_readable(target):
    assert audit.redact(target) == target


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt40red"))


def _last_record(s):
    with open(os.path.join(s.dir, "audit.jsonl")) as f:
        return f.read().splitlines()[-1]


def test_a_denied_registry_token_is_recorded_redacted(s):
    proc = s.bash(f"composer config github-oauth.github.com {S}")
    assert_denied(proc, "is not on the command allow-list")
    line = _last_record(s)
    assert S not in line and "composer config github-oauth.github.com [REDACTED]" in line
    assert audit.verify(os.path.join(s.dir, "audit.jsonl"))[0]


def test_a_credential_fed_on_input_is_recorded_redacted(s):
    # (`git credential approve` writes the denied ~/.git-credentials: refused since the lead's
    # fix of rt40's note; the record of the refusal is redacted all the same)
    proc = s.bash(f"printf 'protocol=https\\nhost=h\\nusername=u\\npassword={S}\\n' | git credential approve", role="open")
    assert_denied(proc, "changes the credentials stored in ~/.git-credentials")
    line = _last_record(s)
    assert S not in line and "printf [REDACTED] | git credential approve" in line


def test_net_use_is_recorded_redacted_with_its_share_and_user_kept(s):
    proc = s.bash(f"net use Z: \\\\srv\\s {S} /user:bob", role="open")
    assert_allowed(proc)
    assert json.loads(_last_record(s))["target"] == "net use Z: \\\\srv\\s [REDACTED] /user:bob"


def test_an_everyday_shell_line_stays_readable_in_the_trail(s):
    proc = s.bash("set -euo pipefail; echo done | tee log.txt", role="open")
    assert_allowed(proc)
    assert json.loads(_last_record(s))["target"] == "set -euo pipefail; echo done | tee log.txt"
