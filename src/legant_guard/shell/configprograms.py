"""Programs named in a configuration file that the command points a program at.

`AWS_CONFIG_FILE=c aws s3 ls` runs the `credential_process` that c names; `KUBECONFIG=kc
kubectl get pods` (or `--kubeconfig kc`) runs a user's `exec` plugin; `npm --userconfig rc test`
runs the scripts through rc's `script-shell`; `DOCKER_CONFIG=d docker pull x` runs
`docker-credential-<credsStore>`; `CARGO_HOME=h cargo run` runs h/config.toml's `runner`. The
guard saw only `aws`, `kubectl`, `npm`, `docker`, `cargo`. Where the command sets such a variable
or option, or moves HOME (the default files are then HOME's: `HOME=. aws …` reads ./.aws/config),
or the agent's own environment sets the variable and the command runs the program,
the file on disk is read (bounded, a regular file, opened without blocking) and each program it
names becomes an exec sink (shell/sinks.Sink), which the walker analyses as a nested command:
the builder's allow-list and the exfil list meet it like a command typed directly. A setting
that loads code the guard cannot analyse (AWS `[plugins]`, npm `node-options`, docker's plugin
folders), a file that exists but cannot be read or parsed, or one an earlier command of the line
names (it may write it) is undetermined. A file that does not exist names nothing, and a
kubeconfig without `exec` (a project's usual one) names nothing either.

Loaded only for the variables and programs of knowledge.CONFIG_VARIABLES/CONFIG_PROGRAMS (name
tests in analyze.py), so other commands never pay for it.
"""

import os

from legant_guard.shell import knowledge as K
from legant_guard.shell.names import quote
from legant_guard.shell.sinks import Sink, environment_sink
from legant_guard.shell.words import Exp

_MAX_BYTES = 256 * 1024

VARIABLES = K.CONFIG_VARIABLES  # variable -> kind of configuration it names (and npm_kind)
PROGRAMS = K.CONFIG_PROGRAMS  # program -> kind, for its options and a moved HOME
_OPTIONS = {"kube": ("--kubeconfig",), "npm": ("--userconfig", "--globalconfig"), "docker": ("--config",)}
_HOME_FILES = {"aws": (".aws/config", ".aws/credentials"), "kube": (".kube/config",), "npm": (".npmrc",),
               "docker": (".docker",), "cargo": (".cargo",)}
_NPM_PROGRAM_KEYS = ("script-shell", "shell", "git", "editor", "browser", "viewer")
_NPM_CODE_KEYS = ("node-options", "onload-script", "init-module")
_AWS_PROGRAM_KEYS = ("credential_process", "cli_pager")
_CARGO_PROGRAM_KEYS = ("runner", "linker", "rustc", "rustc-wrapper", "rustc-workspace-wrapper", "rustdoc", "browser",
                       "credential-provider")


class Config:
    """One configuration a program reads: its `kind`, `path` (a folder for docker and cargo)
    and `label` (how the command named it: `$KUBECONFIG`, `kubectl --kubeconfig`)."""

    __slots__ = ("kind", "path", "label", "aliases_only")

    def __init__(self, kind, path, label):
        self.kind, self.path, self.label = kind, path, label
        self.aliases_only = False


def npm_kind(name):
    """Does the variable `name` move npm's configuration (userconfig, globalconfig, prefix/etc/npmrc)?"""
    key = name[11:].lower().replace("_", "-") if name[:11].lower() == "npm_config_" else None
    return key if key in ("userconfig", "globalconfig", "prefix") else None


def of_variable(name, value, cwd):
    """The configurations a variable set to `value` names, relative to `cwd` (KUBECONFIG is a
    `:`-separated list)."""
    kind = VARIABLES.get(name)
    label = "$" + name
    if kind == "kube":
        return [Config(kind, _absolute(p, cwd), label) for p in value.split(":") if p]
    if kind is not None:
        return [Config(kind, _absolute(value, cwd), label)]
    key = npm_kind(name)
    if key == "prefix":
        return [Config("npm", os.path.join(_absolute(value, cwd), "etc", "npmrc"), label)]
    return [Config("npm", _absolute(value, cwd), label)] if key else []


def _absolute(path, cwd):
    return os.path.normpath(os.path.join(cwd, path))


def of_program(program, args, cwd, home):
    """(the configurations `program` reads from its options, `--kubeconfig F`, `npm --userconfig
    F`, `docker --config DIR`, and, when `home` is not None (the command moved HOME), from that
    home; the option whose value is known only at run time, or None). `args`: Exps."""
    kind = PROGRAMS.get(program)
    found = []
    options = _OPTIONS.get(kind, ())
    k = 0
    while k < len(args):
        word = args[k]
        k += 1
        if word.text == "--":
            break
        name = _npm_abbreviation(word.text.split("=", 1)[0]) if kind == "npm" else None
        for option in options:
            value = None
            if name == option and "=" not in word.text:
                word = Exp(option, word.src)  # (`npm --usercon rc test`: nopt takes a long option's prefix)
            elif name == option:
                word = Exp(option + "=" + word.text.split("=", 1)[1], word.src, quoted=True)
            if word.text == option and k < len(args):
                value, k = args[k], k + 1
            elif word.text.startswith(option + "="):
                value = word
            if value is None:
                continue
            if value.dynamic:
                return found, "%s %s" % (program, value.src)
            text = value.text[len(option) + 1:] if value is word else value.text
            if text:
                found.append(Config(kind, _absolute(text, cwd), "%s %s" % (program, option)))
    if home is not None:
        label = "HOME=%s %s" % (home, program)
        found += [Config(kind, os.path.join(home, f), label) for f in _HOME_FILES.get(kind, ())]
    return found, None


def cargo_aliases(folder):
    """The configuration of CARGO_HOME=`folder` once more, for the alias the cargo command calls
    (the variable alone does not say which cargo command runs)."""
    config = Config("cargo", folder, "$CARGO_HOME")
    config.aliases_only = True
    return config


def _npm_abbreviation(name):
    """npm reads an unambiguous prefix of a long option as the option (nopt): `--userc` is
    `--userconfig` (`--user` is not: it is also `--user-agent`'s), `--globalc` `--globalconfig`."""
    for option, shortest in (("--userconfig", 7), ("--globalconfig", 9)):
        if len(name) >= shortest and option.startswith(name):
            return option
    return None


def files_of(config):
    """The files the configuration reads (docker and cargo name a folder)."""
    if config.kind == "docker":
        return [os.path.join(config.path, "config.json")]
    if config.kind == "cargo":
        return [os.path.join(config.path, "config.toml"), os.path.join(config.path, "config")]
    return [config.path]


def sinks(config, cwd, argv=()):
    """(the Sinks of the programs `config` names, a problem or None): a problem when a file
    exists but cannot be read or parsed, or holds a setting that loads code."""
    found = []
    for path in files_of(config):
        text = _text(path)
        if text is None:
            continue
        if text is False:
            return found, "%s cannot be read by the guard (not a regular file, or over %d KiB)" % (path, _MAX_BYTES // 1024)
        reader = _READERS[config.kind]
        more, problem = reader(config, path, text, argv)
        found += more
        if problem:
            return found, problem
    return found, None


def read_text(config, path, text):
    """(the Sinks of the programs `text`, the configuration `config` at `path`, names, a problem or
    None): for a file written by a file tool (hook/configwrites.py)."""
    return _READERS[config.kind](config, path, text, ())


def _text(path):
    """The file's text; None when there is no file; False when it cannot be read."""
    if path == os.devnull or not os.path.lexists(path):
        return None
    from legant_guard.hook.scriptfiles import read_regular

    text = read_regular(path, _MAX_BYTES)
    return False if text is None else text


def _sink(config, path, setting, value, payload="shell"):
    label = "%s (%s)" % (setting, config.label)
    return Sink(label, payload, "the program reads this setting from %s and runs what it names" % path,
                Exp(value, setting, dynamic="${" in value, quoted=True))


def _code(config, path, setting):
    return "%s holds `%s`, which makes the program load code the guard does not analyse" % (path, setting[:80])


def _aws(config, path, text, argv):
    """AWS's INI files (configparser: `=` or `:`, keys in any case, indented lines continue a
    value): credential_process and cli_pager run programs; a [plugins] section loads Python."""
    found, section, key, value = [], "", None, []

    def flush():
        if key in _AWS_PROGRAM_KEYS and " ".join(value).strip():
            found.append(_sink(config, path, key, " ".join(value).strip()))

    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped[0] in "#;":
            continue
        if line[:1] in " \t" and key is not None:
            value.append(stripped)  # a continuation line (or a nested setting: checked as text too)
            name = stripped.replace(":", "=").split("=", 1)[0].strip().lower()
            if name in _AWS_PROGRAM_KEYS:
                return found, "%s holds `%s` in a nested setting" % (path, stripped[:80])
            continue
        flush()
        key, value = None, []
        if stripped.startswith("["):
            section = stripped.strip("[]").strip().lower()
            continue
        cut = min([i for i in (stripped.find("="), stripped.find(":")) if i != -1], default=-1)
        if cut == -1:
            continue
        key = stripped[:cut].strip().lower()
        value = [stripped[cut + 1:].strip()]
        if section == "plugins":
            return found, _code(config, path, stripped)
    flush()
    return found, None


def _kube(config, path, text, argv):
    """A kubeconfig (YAML or JSON; client-go matches keys in any case): users[].user.exec runs
    `command` with `args` and `env`, relative to the file's folder when it holds a slash;
    auth-provider's `cmd-path` (older clients) runs a program too."""
    lowered = text.lower()
    if not any(w in lowered for w in ("exec", "cmd-path", "\\", "!!")):
        return [], None  # (nothing can name a program: no YAML escape or tag can spell the key)
    try:
        import yaml

        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        data = yaml.load(text, Loader=loader)
    except Exception:  # (any YAML error: kubectl cannot read it either, but the guard cannot tell)
        return [], "%s cannot be parsed by the guard" % path
    found = []
    for user in _items(_get(data, "users")):
        user = _get(user, "user")
        plugin = _get(user, "exec")
        if plugin is not None:
            command = _get(plugin, "command")
            if not isinstance(command, str):
                return found, "%s holds an `exec` plugin whose command cannot be read" % path
            if "/" in command and not command.startswith("/"):
                command = os.path.join(os.path.dirname(path), command)
            words = [command] + [str(a) for a in _items(_get(plugin, "args"))]
            env = ["%s=%s" % (_get(e, "name"), quote(str(_get(e, "value")))) for e in _items(_get(plugin, "env"))
                   if isinstance(_get(e, "name"), str)]
            found.append(_sink(config, path, "users[].user.exec", " ".join(env + [quote(w) for w in words])))
        provider = _get(_get(user, "auth-provider"), "config")
        cmd_path = _get(provider, "cmd-path")
        if cmd_path is not None:
            args = _get(provider, "cmd-args")
            found.append(_sink(config, path, "auth-provider cmd-path", " ".join(
                [quote(str(cmd_path))] + ([str(args)] if args is not None else []))))
    return found, None


def _get(data, key):
    """data[key] with keys matched in any case (client-go reads JSON that way); None if absent."""
    if not isinstance(data, dict):
        return None
    for k, v in data.items():
        if isinstance(k, str) and k.lower() == key:
            return v
    return None


def _items(value):
    return value if isinstance(value, list) else []


def _npm(config, path, text, argv):
    """An npmrc (ini: `key = value`, quotes stripped, ${VAR} expanded at run time)."""
    found = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped[0] in "#;[" or "=" not in stripped:
            continue
        key, _, value = stripped.partition("=")
        key = key.strip().lower()
        if key.endswith("[]"):
            key = key[:-2]
        value = value.strip()
        if len(value) > 1 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        if key in _NPM_PROGRAM_KEYS and value:
            found.append(_sink(config, path, key, value))
        elif key in _NPM_CODE_KEYS and value:
            sink = environment_sink("NPM_CONFIG_" + key.upper().replace("-", "_"), Exp(value, key, quoted=True,
                                                                                       dynamic="${" in value))
            if sink is not None:
                return found, _code(config, path, stripped)
    return found, None


def _docker(config, path, text, argv):
    """docker's config.json: credsStore/credHelpers run docker-credential-NAME (a NAME with a
    slash is a path), cliPluginsExtraDirs adds folders of programs docker runs as subcommands."""
    from legant_guard import fastjson

    try:
        data = fastjson.loads(text)
    except ValueError:
        return [], "%s cannot be parsed by the guard" % path
    if not isinstance(data, dict):
        return [], None
    found = []
    helpers = []
    store = data.get("credsStore")
    if isinstance(store, str) and store:
        helpers.append(("credsStore", store))
    elif store is not None and not isinstance(store, str):
        return found, "%s holds a `credsStore` the guard cannot read" % path
    more = data.get("credHelpers")
    if isinstance(more, dict):
        helpers += [("credHelpers", v) for v in more.values() if isinstance(v, str) and v]
    elif more is not None:
        return found, "%s holds `credHelpers` the guard cannot read" % path
    for setting, name in helpers:
        found.append(_sink(config, path, setting, "docker-credential-" + name, payload="program"))
    if data.get("cliPluginsExtraDirs"):
        return found, _code(config, path, "cliPluginsExtraDirs")
    return found, None


def _cargo(config, path, text, argv):
    """cargo's config.toml: target.*.runner/linker, host.linker, build.rustc(-wrapper),
    doc.browser, credential providers run programs; rustflags may name a linker; [env] is the
    environment of rustc and build scripts; an [alias] the command calls is cargo arguments."""
    try:
        import tomllib
    except ImportError:  # Python 3.10
        return [], "%s cannot be read by this Python (no TOML reader)" % path
    try:
        data = tomllib.loads(text)
    except ValueError:
        return [], "%s cannot be parsed by the guard" % path
    found = []
    for setting, value in _cargo_settings(data) if not config.aliases_only else ():
        name = setting.rsplit(".", 1)[-1]
        if name in ("rustflags", "rustdocflags"):
            flags = " ".join(value) if isinstance(value, list) else str(value)
            if environment_sink("RUSTFLAGS", Exp(flags, setting, quoted=True)) is not None:
                return found, _code(config, path, "%s = %s" % (setting, flags))
            continue
        if name == "credential-provider" or name == "global-credential-providers":
            values = value if name == "global-credential-providers" and isinstance(value, list) else [value]
            for v in values:
                words = v if isinstance(v, list) else str(v).split()
                if words and not str(words[0]).startswith("cargo:"):
                    found.append(_sink(config, path, setting, " ".join(quote(str(w)) for w in words)))
            continue
        if isinstance(value, str):  # (a runner's string is split at white space; a path is one word)
            words = value.split() if name == "runner" else [value]
        elif isinstance(value, list):
            words = value
        else:
            if isinstance(value, dict) and name == "runner":
                return found, "%s holds a `%s` the guard cannot read" % (path, setting)
            continue
        if words:
            found.append(_sink(config, path, setting, " ".join(quote(str(w)) for w in words)))
    env = data.get("env")
    if isinstance(env, dict) and not config.aliases_only:
        for var, value in env.items():
            value = value.get("value") if isinstance(value, dict) else value
            sink = environment_sink(var, Exp(str(value), "[env] " + var, quoted=True))
            if sink is not None:
                found.append(Sink("[env] %s (%s)" % (var, config.label), sink.payload, sink.reason, sink.value))
    alias = data.get("alias")
    called = _cargo_subcommand(argv)
    if isinstance(alias, dict) and called in alias:
        value = alias[called]
        text = " ".join(quote(str(w)) for w in value) if isinstance(value, list) else str(value)
        found.append(_sink(config, path, "alias." + called, "cargo " + text))
    return found, None


def _cargo_settings(data):
    """(dotted name, value) of the settings that name programs or flags."""
    out = []
    build = data.get("build") if isinstance(data.get("build"), dict) else {}
    for key in ("rustc", "rustc-wrapper", "rustc-workspace-wrapper", "rustdoc", "rustflags", "rustdocflags"):
        if key in build:
            out.append(("build." + key, build[key]))
    doc = data.get("doc")
    if isinstance(doc, dict) and "browser" in doc:
        out.append(("doc.browser", doc["browser"]))
    for table in ("target", "host"):
        section = data.get(table)
        if not isinstance(section, dict):
            continue
        for key, value in section.items():
            if key in ("linker", "runner", "rustflags"):
                out.append(("%s.%s" % (table, key), value))
            elif isinstance(value, dict):
                for name in ("runner", "linker", "rustflags", "rustdocflags"):
                    if name in value:
                        out.append(("%s.%s.%s" % (table, key, name), value[name]))
    registry = data.get("registry")
    if isinstance(registry, dict):
        for name in ("credential-provider", "global-credential-providers"):
            if name in registry:
                out.append(("registry." + name, registry[name]))
    registries = data.get("registries")
    if isinstance(registries, dict):
        for key, value in registries.items():
            if isinstance(value, dict) and "credential-provider" in value:
                out.append(("registries.%s.credential-provider" % key, value["credential-provider"]))
    return out


def _cargo_subcommand(argv):
    """The first word of `cargo …` that is not an option (`cargo +nightly xtask` -> xtask)."""
    for word in argv[1:]:
        if not word.startswith(("-", "+")):
            return word
    return None


_READERS = {"aws": _aws, "kube": _kube, "npm": _npm, "docker": _docker, "cargo": _cargo}
