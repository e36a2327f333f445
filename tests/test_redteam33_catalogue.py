"""Red team #33 (issue 9 class 6, and class 3 for the code): catalogue gaps.

- inline interpreter code that runs a command line (`os.system('rm -rf /')`, `['rm', '-rf', '/']`,
  perl's `qx(…)`) or deletes or moves a tree by library call (`shutil.rmtree('/')`,
  `fs.rmSync('/usr', {recursive: true})`, `os.rename('/usr', …)`) set off no tripwire: the catalogue
  read the shell's words only (shell/codetripwires.py). The same calls on the project (`shutil.rmtree('.')`)
  took its hook config away under builder (hook/interpcode.py, as `rm -r .`);
- `wipe -r` and `srm -r` recurse as `rm -r` does;
- the desktop's file tools (`gio trash/move/rename/remove`, `gvfs-mv`, `kioclient move`, `rmtrash`)
  moved a hook config folder away: they are judged as the program each subcommand is;
- `umount` / `fusermount -u` take a mounted file system (and the hook configs or the guard's
  installation on it) away: judged like a mount point (hook/mounts.py);
- `btrfs check --repair` and `btrfs rescue …` rewrite a file system in place (as `e2fsck -y`);
- a recursive chmod/chown of a folder of the system's own programs, libraries or settings
  (`/usr/bin`, `/etc/pam.d`, `/var/lib`), not only of the system folder itself.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt33c"), files={
        "pyproject.toml": "[project]\nname = \"x\"\n", "package.json": "{}\n", "src/a.py": "x = 1\n",
        "build/": "", "sub/x.txt": "x\n"})


@pytest.mark.parametrize("command,fragment", [
    ("python3 -c \"import os; os.system('rm -rf /')\"", "recursive delete of the root directory /"),
    ("python3 -c \"import subprocess; subprocess.run(['rm','-rf','/'])\"", "recursive delete of the root directory /"),
    ("python3 -c \"import os; os.execvp('rm', ['rm','-rf','/'])\"", "recursive delete of the root directory /"),
    ("node -e \"require('child_process').execSync('rm -rf ' + '/')\"", "recursive delete of the root directory /"),
    ("ruby -e 'system(\"rm\", \"-rf\", \"/\")'", "recursive delete of the root directory /"),
    ("perl -e 'qx(rm -rf /)'", "recursive delete of the root directory /"),
    ("ruby -e '%x(rm -rf /usr)'", "recursive delete of /usr"),
    ("php -r 'shell_exec(\"rm -rf /\");'", "recursive delete of the root directory /"),
    ("python3 -c \"import os; os.system('mkfs.ext4 /dev/sda1')\"", "tripwire"),
    ("python3 -c \"import subprocess as s; s.call('kill -9 -1', shell=True)\"", "kill-every-process"),
    ("python3 -c \"import shutil; shutil.rmtree('/')\"", "recursive delete of the root directory /"),
    ("python3 -c \"import shutil; shutil.rmtree('/etc/', ignore_errors=True)\"", "recursive delete of /etc"),
    ("perl -MFile::Path -e 'rmtree \"/\"'", "recursive delete of the root directory /"),
    ("perl -e 'use File::Path qw(remove_tree); remove_tree(\"/usr\")'", "recursive delete of /usr"),
    ("node -e \"require('fs').rmSync('/', {recursive: true, force: true})\"", "recursive delete of the root directory /"),
    ("ruby -e 'require \"fileutils\"; FileUtils.rm_rf(Dir.glob(\"/*\"))'", "recursive delete of /*"),
    ("deno eval \"Deno.removeSync('/', {recursive: true})\"", "recursive delete of the root directory /"),
    ("python3 -c \"import os; os.rename('/usr', '/x')\"", "moves /usr"),
])
def test_catastrophic_commands_in_interpreter_code(g, command, fragment):
    assert_denied(g.bash(command, role="operator"), "(catastrophic)", fragment)


def test_destructive_git_in_code_under_open(g):
    assert_denied(g.bash("python3 -c \"import os; os.system('git push --force origin main')\"", role="open"),
                  "tripwire git-push-force (destructive)")
    assert_allowed(g.bash("python3 -c \"import os; os.system('git push --force origin main')\"", role="operator"))


@pytest.mark.parametrize("command", [
    "python3 -c \"print('rm -rf /')\"",  # (starts no program)
    "python3 -c \"import os; os.system('echo rm -rf /')\"",
    "python3 -c \"import subprocess; subprocess.run(['ls', '-la', '/'])\"",
    "python3 -c \"import shutil; shutil.rmtree('build')\"",
    "node -e \"require('fs').rmSync('dist', {recursive: true, force: true})\"",
    "python3 -c \"import subprocess; subprocess.run(['git', 'status'], cwd='/tmp')\"",
    "perl -e 'print qx(ls /)'",
])
def test_everyday_code_stays_allowed(g, command):
    assert_allowed(g.bash(command, role="operator"))


@pytest.mark.parametrize("command", [
    "python3 -c \"import shutil; shutil.rmtree('.')\"",
    "python3 -c \"import shutil; shutil.rmtree('src/..')\"",
    "node -e \"require('fs').rmSync('.', {recursive: true, force: true})\"",
    "python3 -c \"import os; os.rename('.', '../x')\"",
])
def test_code_deleting_the_project_takes_its_hook_config(g, command):
    assert_denied(g.bash(command), "deletes or moves", ".claude/settings.json, which is protected")


def test_code_deleting_a_build_folder_stays_allowed(g):
    assert_allowed(g.bash("python3 -c \"import shutil; shutil.rmtree('build', ignore_errors=True)\""))


@pytest.mark.parametrize("command,fragment", [
    ("wipe -rf /", "recursive delete of the root directory /"),
    ("wipe -rf /usr", "recursive delete of /usr"),
    ("wipe -rfq ~", "your home directory"),
    ("srm -r ~/x", "a folder directly inside your home directory"),
])
def test_secure_deleters_recurse(g, command, fragment):
    assert_denied(g.bash(command, role="operator"), "tripwire recursive-delete-critical", fragment)


def test_secure_deleting_a_file_stays_allowed(g):
    assert_allowed(g.bash("wipe -f build/x.bin", role="operator"))
    assert_allowed(g.bash("srm -f build/x.o", role="operator"))


@pytest.mark.parametrize("command", [
    "gio trash .claude", "gio move .claude /tmp/x", "gio rename .claude x", "gio remove -f .claude",
    "gvfs-mv .claude x", "gvfs-trash .claude", "kioclient5 move .claude /tmp/x", "kioclient move .claude trash:/",
    "rmtrash .claude", "gtrash put .claude",
])
def test_desktop_file_tools_moving_a_hook_config(g, command):
    assert_denied(g.bash(command, role="open"), "would remove", ".claude/settings.json, which is protected")


def test_gio_rename_lands_in_the_files_own_folder(g):
    assert_denied(g.bash("gio rename .claude/x.json settings.json", role="open"),
                  ".claude/settings.json", "protected")
    assert_allowed(g.bash("gio rename sub/x.txt y.txt", role="open"))


def test_gio_open_is_xdg_open(g):
    assert_denied(g.bash("gio open https://example.com/?d=1", role="open"), "`xdg-open` is denied by deny-cmd")


def test_desktop_file_tools_on_the_project_stay_allowed(g):
    assert_allowed(g.bash("gio trash build", role="open"))
    assert_allowed(g.bash("gio list src", role="open"))


@pytest.mark.parametrize("command,where", [
    ("umount -a", "below /,"), ("umount --all --force", "below /,"), ("umount -l /", "below /,"),
    ("umount -R /", "below /,"), ("umount .claude", ".claude, where protected files live"),
    ("fusermount -u .claude", ".claude, where protected files live"), ("fusermount3 -uz ~", "/home,"),
])
def test_unmounting_takes_the_files_a_folder_shows(g, command, where):
    assert_denied(g.bash(command, role="operator"), "takes a mounted file system away", where)


def test_unmounting_the_root_device_by_name(g):
    with open("/proc/self/mounts") as f:
        root = next((line.split()[0] for line in f if line.split()[1:2] == ["/"]), None)
    if not root or not root.startswith("/dev/"):
        pytest.skip("no device mounted on /")
    assert_denied(g.bash(f"umount -l {root}", role="open"), "takes a mounted file system away", "below /,")


def test_unmounting_a_build_mount_stays_allowed(g):
    assert_allowed(g.bash("umount build", role="operator"))
    assert_allowed(g.bash("fusermount -u build/mnt", role="operator"))


@pytest.mark.parametrize("command", [
    "btrfs check --repair /dev/sda", "btrfs check --rep /dev/sda", "btrfs ch --init-extent-tree /dev/sda",
    "btrfs rescue super-recover /dev/sda", "btrfs resc zero-log /dev/sda", "btrfs rescue chunk-recover /dev/sda",
])
def test_btrfs_rewriting_in_place(g, command):
    assert_denied(g.bash(command, role="operator"), "(catastrophic)", "rewrites the file system in place")


def test_btrfs_delete_reason_is_unchanged(g):
    assert_denied(g.bash("btrfs sub del /x", role="operator"),
                  "`btrfs`: `btrfs sub del` destroys a subvolume or a device's part of the file system")


@pytest.mark.parametrize("command", [
    "btrfs check /dev/sda", "btrfs check --readonly /dev/sda", "btrfs rescue create-control-device",
    "btrfs filesystem show",
])
def test_btrfs_readers_stay_allowed(g, command):
    assert_allowed(g.bash(command, role="operator"))


@pytest.mark.parametrize("command,target", [
    ("chmod -R 000 /usr/bin", "/usr/bin"), ("chmod -R 000 /usr/bin/", "/usr/bin"),
    ("chown -R nobody /etc/pam.d", "/etc/pam.d"), ("chgrp -R x /var/lib", "/var/lib"),
    ("chmod --recursive 000 /boot/grub", "/boot/grub"),
])
def test_recursive_chmod_of_a_system_subfolder(g, command, target):
    assert_denied(g.bash(command, role="operator"), "tripwire recursive-chmod-system (catastrophic)",
                  f"{target} (a folder of the system's own programs, libraries or settings)")


@pytest.mark.parametrize("command", [
    "chown -R www-data:www-data /var/www", "chmod -R 755 /var/www/html", "chown -R me /opt/myapp",
    "chown -R me /usr/local/lib/node_modules", "chmod 644 /etc/hosts",
])
def test_everyday_recursive_chown_stays_allowed(g, command):
    assert_allowed(g.bash(command, role="operator"))


def test_code_past_the_bounds_is_refused_not_skipped(g):
    # 300 distinct literals before the command line: a silent cap would have skipped `rm -rf /`
    padding = ",".join("'a%d'" % i for i in range(300))
    command = f"python3 -c \"import os; x = [{padding}]; os.system('rm -rf /')\""
    assert_denied(g.bash(command, role="operator"), "tripwire interpreter-code-too-large (catastrophic)",
                  "put the code in a file")
    small = ",".join("'a%d'" % i for i in range(40))
    assert_allowed(g.bash(f"python3 -c \"import os; x = [{small}]; os.system('ls')\"", role="operator"))


def test_an_unclosed_qx_is_no_command(g):
    assert_allowed(g.bash("perl -e '" + "qx(" * 2000 + "'", role="operator"))


@pytest.mark.parametrize("command,signal", [
    ("kill -INT 1", "SIGINT"), ("kill 1", "SIGTERM"), ("kill -s RTMIN+4 1", "SIGRTMIN+4"),
    ("kill -SIGRTMIN+5 1", "SIGRTMIN+5"), ("/bin/kill -s PWR 1", "SIGPWR"), ("kill -USR2 -- 1", "SIGUSR2"),
    ("sudo kill -INT 1", "SIGINT"), ("pkill -USR2 init", "SIGUSR2"), ("killall -INT systemd", "SIGINT"),
])
def test_signals_init_acts_on(g, command, signal):
    assert_denied(g.bash(command, role="operator"), "tripwire signal-init (catastrophic)", f"sends {signal} to",
                  "powers the machine off or restarts it")


@pytest.mark.parametrize("command", [
    "kill -0 1", "kill -HUP 1", "kill -9 1", "kill -l", "kill -INT 12345", "kill -TERM 4242",
    "pkill -INT myserver", "killall -HUP nginx",
])
def test_other_signals_stay_allowed(g, command):
    assert_allowed(g.bash(command, role="operator"))


@pytest.mark.parametrize("command,fragment", [
    ("sed -n '1e rm -rf /' src/a.py", "recursive delete of the root directory /"),
    ("sed 's/.*/rm -rf \\//e' src/a.py", "recursive delete of the root directory /"),
    ("sed -e 's|x|rm -rf ~|e' src/a.py", "your home directory"),
    ("vim -es -c ':!rm -rf ~' -c q", "your home directory"),
    ("vim -es +'!rm -rf /' +q", "recursive delete of the root directory /"),
    ("nvim --headless -c 'call system(\"rm -rf /\")' -c q", "recursive delete of the root directory /"),
    ("vim -es -c 'silent !mkfs.ext4 /dev/sda1' -c q", "format-disk"),
    ("pwsh -c 'Remove-Item -Recurse -Force /'", "recursive delete of the root directory /"),
    ("pwsh -c 'rm -r -fo /'", "recursive delete of the root directory /"),
    ("pwsh -Command \"ri -r -fo ~\"", "your home directory"),
    ("pwsh -c 'Stop-Computer -Force'", "power-off"),
    ("nu -c 'rm -r /'", "recursive delete of the root directory /"),
    ("xonsh -c 'rm -rf /'", "recursive delete of the root directory /"),
    ("Rscript -e 'unlink(\"/\", recursive=TRUE)'", "recursive delete of the root directory /"),
])
def test_command_lines_in_sed_vim_and_other_shells(g, command, fragment):
    assert_denied(g.bash(command, role="operator"), "(catastrophic)", fragment)


@pytest.mark.parametrize("command", [
    "sed -i 's/foo/bar/' src/a.py", "sed -n '/name /p' src/a.py", "sed 's/e/E/g' src/a.py",
    "sed 's/x/echo hi/e' src/a.py", "vim -es -c '%s/a/b/g' -c wq src/a.py", "pwsh -c 'Get-ChildItem /'",
    "pwsh -c 'Remove-Item -Recurse build'", "Rscript -e 'unlink(\"build\", recursive=TRUE)'",
])
def test_their_everyday_use_stays_allowed(g, command):
    assert_allowed(g.bash(command, role="operator"))


@pytest.mark.parametrize("command", [
    "pwsh -c '" + "; ".join("Get-Item x%d" % i for i in range(300)) + "'",
    "vim -es " + " ".join("-c '!echo %d'" % i for i in range(300)) + " -c q",
    "sed '" + "\n".join("%de echo %d" % (i, i) for i in range(1, 300)) + "' src/a.py",  # (e runs to the line's end)
])
def test_command_lines_past_the_bounds_are_refused(g, command):
    assert_denied(g.bash(command, role="operator"), "tripwire interpreter-code-too-large (catastrophic)",
                  "holds more command lines")


@pytest.mark.parametrize("command,marker", [
    ("python3 -c \"import shutil, os; shutil.rmtree(os.getcwd())\"", "getcwd"),
    ("python3 -c \"import shutil, pathlib; shutil.rmtree(pathlib.Path.cwd())\"", "cwd("),
    ("python3 -c \"import shutil, os; shutil.rmtree(os.curdir)\"", "curdir"),
    ("python3 -c \"import shutil, os; shutil.rmtree(os.path.dirname(os.path.abspath('x')))\"", "abspath"),
    ("node -e \"require('fs').rmSync(process.cwd(), {recursive: true})\"", "cwd("),
    ("node -e \"require('fs').rmSync(__dirname, {recursive: true})\"", "__dirname"),
    ("ruby -e 'require \"fileutils\"; FileUtils.rm_rf(Dir.pwd)'", "dir.pwd"),
])
def test_code_deleting_the_working_folder_by_a_run_time_name(g, command, marker):
    assert_denied(g.bash(command), "names the working folder or a parent at run time", f"(`{marker}`)")


def test_code_deleting_a_joined_build_path_stays_allowed(g):
    assert_allowed(g.bash("python3 -c \"import shutil, os; shutil.rmtree(os.path.join('build', 'x'))\""))
