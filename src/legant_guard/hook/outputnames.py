"""The names of the programs hook/outputs.py judges, in a module that costs nothing to load.

commandrules asks, for nearly every program a shell call runs (`make`, `tail`, `grep` ...),
whether outputs.py has something to say about it; loading outputs.py (with mounts.py and
downloads.py) only to find the name missing costs about 1 % of a small call. This set answers
that, and tests/test_outputnames.py holds it equal to outputs.PROGRAMS, so a program added there
and not here fails the suite instead of going unjudged.
"""

PROGRAMS = frozenset((
    "7za", "7zr", "aescrypt", "afio", "apfs-fuse", "ar", "arc", "archivemount", "aria2c", "arj", "atool", "aunpack",
    "aws", "az", "azcopy", "bindfs", "blobfuse2", "borg", "borgfs", "brotli", "brz", "bsdcpio", "bun", "bunx",
    "bunzip2", "bup", "bzip2", "bzip3", "bzr", "cabextract", "cargo", "ccdecrypt", "ccrypt", "codex", "cookiecutter",
    "copier", "cryfs", "curl", "curlftpfs", "dar", "darcs", "degit", "deno", "ditto", "django-admin", "docker",
    "dotnet", "dpkg", "dpkg-deb", "dtrx", "duplicity", "encfs", "erofsfuse", "file-rename", "fossil", "fuse-archive",
    "fuse-overlayfs", "fuse-zip", "fuse2fs", "fusermount", "fusermount3", "gallery-dl", "gdown", "gclient", "gcloud", "gcsfuse", "gem", "gh", "git-p4",
    "git-svn", "git-town", "glab", "gocryptfs", "goofys", "gpg", "gpg-zip", "gpg2", "gpgtar", "gsutil", "guestmount",
    "guilt", "gunzip", "gzip", "hf", "hg", "http", "httpdirfs", "httpie", "https", "hub", "huggingface-cli", "ifuse",
    "incus", "ipfs", "jar", "jj", "jmtpfs", "juicefs", "kaggle", "kopia", "kubectl", "lbzip2", "lftp", "lha", "lndir", "lrunzip", "lrzip",
    "lunzip", "lxc", "lz4", "lzip", "lzma", "lzop", "mcopy", "mcrypt", "mdecrypt", "mergerfs", "mmv", "mount",
    "mount.davfs", "mount.fuse", "mount.fuse3", "mountavfs", "ncftpget", "ncompress", "nerdctl", "nix", "npm", "npx",
    "ntfs-3g", "oc", "oras", "opencode", "patool", "pax", "pbzip2", "perl-rename", "pigz", "pip", "pip3", "pip3.10", "pip3.11",
    "pip3.12", "pip3.13", "pip3.14", "pip3.15", "pip3.6", "pip3.7", "pip3.8", "pip3.9", "pipx", "pixz", "plzip", "pnpm",
    "pnpx", "podman", "prename", "pzstd", "qmv", "quilt", "rar", "ratarmount", "rclone", "rdiff-backup", "rename",
    "rename.ul", "repo", "restic", "rpm", "s3fs", "s5cmd", "seaweedfs", "securefs", "sftp", "sl", "smbclient", "snzip", "sqfs-mount",
    "squashfuse", "squashfuse_ll", "sshfs", "star", "stg", "stow", "svn", "tiged", "transmission-cli", "unace", "unar", "uncompress",
    "umount", "unionfs", "unionfs-fuse", "unison", "unlz4", "unlzma", "unpigz", "unrar", "unshar", "unsquashfs", "unxz", "unzoo",
    "unzstd", "uudecode", "uv", "uvx", "vidir", "wget", "wget2", "xar", "xh", "xhs", "xorriso", "xstow", "xz", "yarn",
    "youtube-dl", "yt-dlp", "zip", "zmv", "zoo", "zpaq", "zstd", "zstdmt",
))
