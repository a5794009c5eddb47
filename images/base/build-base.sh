#!/usr/bin/env bash
# Builds the base image of Tern's container images: Debian 12 (bookworm) with the OpenJDK 17 JRE,
# bubblewrap (the worker's job sandbox) and the non-root user tern (uid/gid 10001), as a Docker-format
# archive, the kind of local base Jib accepts (<from><image>tar://...</image></from>).
#
#   images/base/build-base.sh LINK
#
# The archive is kept in a cache folder (TERN_IMAGE_CACHE, default ~/.cache/tern/images) under a name
# derived from this script's content (suite, packages, mirrors and steps are all in it), so a repeated
# build reuses it; LINK is then made a symbolic link to it. A build needs mmdebstrap and Debian's
# mirrors (mmdebstrap's defaults for a stable suite: main, updates and security, as of the day of the
# build; delete the cached archive to take newer ones); it takes two to six minutes.
set -euo pipefail

link=${1:?usage: build-base.sh LINK}
cache=${TERN_IMAGE_CACHE:-${HOME:-/root}/.cache/tern/images}
suite=bookworm
packages=openjdk-17-jre-headless,bubblewrap,ca-certificates
# file times in the root filesystem are clamped to this instant, so equal packages give equal bytes
export SOURCE_DATE_EPOCH=1704067200

key=$(sha256sum "$0" | cut -c1-16)
archive="$cache/tern-base-$suite-$key.tar"
mkdir -p "$(dirname "$link")"

if [ ! -s "$archive" ]; then
  command -v mmdebstrap >/dev/null || { echo "build-base.sh: mmdebstrap is missing (apt-get install mmdebstrap)" >&2; exit 1; }
  mkdir -p "$cache"
  chmod 700 "$cache"
  work=$(mktemp -d "$cache/.build-XXXXXX")
  trap 'rm -rf "$work"' EXIT
  echo "build-base.sh: building $archive (mmdebstrap $suite: $packages)"
  start=$(date +%s)
  # docs, man pages and translations are left out (copyright files stay); apt's caches are emptied
  # by mmdebstrap itself; the host's resolv.conf and hostname are not kept (the runtime provides them);
  # no mirror is named and nothing is read from standard input: mmdebstrap's default mirrors are used
  # (the JRE's postinst links its man pages into /usr/share/man/man1, which must exist)
  mmdebstrap --quiet --variant=apt --include="$packages" \
    --setup-hook='mkdir -p "$1/usr/share/man/man1"' \
    --dpkgopt='path-exclude=/usr/share/man/*' \
    --dpkgopt='path-exclude=/usr/share/doc/*' \
    --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    --dpkgopt='path-exclude=/usr/share/locale/*' \
    --dpkgopt='path-exclude=/usr/share/info/*' \
    --customize-hook='rm -f "$1/etc/resolv.conf" "$1/etc/hostname"' \
    --customize-hook='printf "127.0.0.1 localhost\n::1 localhost ip6-localhost ip6-loopback\n" > "$1/etc/hosts"' \
    --customize-hook='echo "tern:x:10001:10001:Tern:/home/tern:/usr/sbin/nologin" >> "$1/etc/passwd"' \
    --customize-hook='echo "tern:x:10001:" >> "$1/etc/group"' \
    --customize-hook='echo "tern:!:19723::::::" >> "$1/etc/shadow"' \
    --customize-hook='install -d -o 10001 -g 10001 -m 700 "$1/home/tern"' \
    --customize-hook='rm -rf "$1"/var/log/apt/* "$1"/var/log/dpkg.log "$1"/var/cache/debconf/*-old "$1"/var/lib/dpkg/*-old' \
    "$suite" "$work/layer.tar" </dev/null

  # Docker archive: one layer, a config naming its digest (diff id), and manifest.json
  diff_id=$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
  cat > "$work/config.json" <<JSON
{"architecture":"amd64","os":"linux","created":"$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%dT%H:%M:%SZ)","config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","LANG=C.UTF-8"]},"rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]},"history":[{"created":"$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%dT%H:%M:%SZ)","created_by":"images/base/build-base.sh $key: mmdebstrap --variant=apt $suite $packages"}]}
JSON
  printf '[{"Config":"config.json","RepoTags":["tern-base:%s"],"Layers":["layer.tar"]}]\n' "$key" > "$work/manifest.json"
  tar --sort=name --mtime="@$SOURCE_DATE_EPOCH" --owner=0 --group=0 --numeric-owner -C "$work" \
    -cf "$work/archive.tar" manifest.json config.json layer.tar
  chmod 644 "$work/archive.tar"
  mv "$work/archive.tar" "$archive"
  echo "build-base.sh: built $archive ($(du -m "$archive" | cut -f1) MB) in $(( $(date +%s) - start )) s"
else
  echo "build-base.sh: reusing $archive"
fi
ln -sfn "$archive" "$link"
