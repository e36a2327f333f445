"""The names of the programs hook/outputs.py judges, in a module that costs nothing to load.

commandrules asks, for nearly every program a shell call runs (`make`, `tail`, `grep` ...),
whether outputs.py has something to say about it; loading outputs.py (with mounts.py and
downloads.py) only to find the name missing costs about 1 % of a small call. This set answers
that, and tests/test_outputnames.py holds it equal to outputs.PROGRAMS, so a program added there
and not here fails the suite instead of going unjudged.
"""

PROGRAMS = frozenset((
    "7za", "7zr", "afio", "apfs-fuse", "ar", "arc", "archivemount", "aria2c", "arj", "atool", "aunpack", "aws", "az",
    "azcopy", "bindfs", "blobfuse2", "borg", "borgfs", "brotli", "brz", "bsdcpio", "bun", "bunzip2", "bup", "bzip2",
    "bzr", "cabextract", "cryfs", "curl", "curlftpfs", "dar", "docker", "dpkg-deb", "dtrx", "duplicity", "encfs",
    "erofsfuse", "file-rename", "fossil", "fuse-archive", "fuse-overlayfs", "fuse-zip", "fuse2fs", "gcloud",
    "gcsfuse", "gh", "glab", "gocryptfs", "goofys", "gsutil", "guestmount", "gunzip", "gzip", "hf", "hg", "http",
    "httpdirfs", "httpie", "https", "huggingface-cli", "ifuse", "incus", "jar", "jmtpfs", "juicefs", "kopia",
    "kubectl", "lha", "lndir", "lrunzip", "lrzip", "lunzip", "lxc", "lz4", "lzip", "lzma", "lzop", "mcopy",
    "mergerfs", "mmv", "mount", "mount.davfs", "mount.fuse", "mount.fuse3", "mountavfs", "ncompress", "nerdctl",
    "npm", "ntfs-3g", "oc", "pax", "perl-rename", "pigz", "pnpm", "podman", "prename", "qmv", "rar", "ratarmount",
    "rclone", "rename", "rename.ul", "restic", "s3fs", "seaweedfs", "securefs", "sqfs-mount", "squashfuse",
    "squashfuse_ll", "sshfs", "star", "stow", "svn", "unace", "unar", "uncompress", "unionfs", "unionfs-fuse",
    "unlz4", "unlzma", "unpigz", "unrar", "unshar", "unsquashfs", "unxz", "unzoo", "unzstd", "uudecode", "vidir",
    "wget", "wget2", "xar", "xh", "xhs", "xorriso", "xstow", "xz", "yarn", "zmv", "zoo", "zpaq", "zstd",
))
