#!/usr/bin/env bash
# `make test-qgis QGIS=3.40|3.44|3.22`: the README's two commands (`make setup && make test`) inside a minimal
# Debian root whose QGIS is that release, run as a new user's login shell would (env -i: PATH and HOME only).
#
#   scripts/qgis_root.sh [--fresh] [--keep] QGIS_VERSION_OR_SUITE [COMMAND...]
#
#   3.22 = Debian 12 bookworm, 3.40 = Debian 13 trixie, 3.44 = Debian sid (the LTR).
#   COMMAND defaults to `make setup && make test` (each one timed); it runs in the copy of the working tree.
#   --fresh  a new root from debootstrap for this run only (nothing installed but make, git and the CA
#            certificates): what `make setup` meets on a new machine. CI (.ci/run) uses it.
#   --keep   keep the run's folder (printed): the fresh root, or the overlay's upper layer over the cache.
#
# Without --fresh the root is cached under $LEAF_QGIS_ROOTS (default ~/.cache/leaf_qgis/roots/<suite>):
# debootstrap once, then the Debian packages of `make debian-packages` installed into it; each run gets a
# fresh overlay over it, so runs never see each other's files. pip's download cache is kept per suite.
#
# What goes in: the working tree (git's tracked and untracked-but-not-ignored files: no .venv, build, dist), at
# /work/<name of this folder>, and ../shared (or $LEAF_QGIS_SHARED) beside it, bind-mounted read-only; the host's
# CA certificates (/usr/local/share/ca-certificates), /etc/pip.conf and /etc/resolv.conf, because the root
# shares the host's network. Everything runs in private mount and PID namespaces: /proc, /dev and /sys mounts,
# and every process started inside, end with the run even when it is killed.
# Needs root (debootstrap, chroot, mounts) and the package debootstrap (installed when missing).
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
NAME=$(basename "$REPO")
MIRROR=${LEAF_QGIS_DEBIAN_MIRROR:-http://deb.debian.org/debian}
ROOTS=${LEAF_QGIS_ROOTS:-${XDG_CACHE_HOME:-$HOME/.cache}/leaf_qgis/roots}
SHARED=${LEAF_QGIS_SHARED:-$(dirname "$REPO")/shared}
INNER_TIMEOUT=${LEAF_QGIS_ROOT_TIMEOUT:-5400}    # seconds for COMMAND inside the root (setup + tests)
CLEAN_ENV=(/usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root)

die() { echo "qgis_root: $*" >&2; exit 2; }
say() { echo "qgis_root: $*" >&2; }

fresh=0 keep=0
while [[ ${1:-} == --* ]]; do
  case $1 in
    --fresh) fresh=1 ;;
    --keep) keep=1 ;;
    *) die "unknown option $1" ;;
  esac
  shift
done
[ $# -ge 1 ] || die "usage: $0 [--fresh] [--keep] 3.22|3.40|3.44|bookworm|trixie|sid [COMMAND...]"
case $1 in
  3.22|bookworm) suite=bookworm ;;
  3.40|trixie) suite=trixie ;;
  3.44|sid) suite=sid ;;
  *) die "no Debian release is known to carry QGIS '$1' (known: 3.22 bookworm, 3.40 trixie, 3.44 sid)" ;;
esac
shift
if [ $# -gt 0 ]; then command="$*"; else command=""; fi

[ "$(id -u)" = 0 ] || die "needs root for debootstrap, chroot and mounts (run: sudo make test-qgis QGIS=...)"
if ! command -v debootstrap >/dev/null; then
  say "installing debootstrap"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
fi

# ------------------------------------------------------------------------------------------------ the roots

chroot_run() {   # chroot_run ROOT COMMAND...: a command in ROOT with /proc, /dev, /sys (own namespaces)
  local root=$1; shift
  unshare --mount --pid --fork --kill-child --propagation private \
    bash -c 'set -e; r=$1; shift
             mount -t proc proc "$r/proc"; mount --rbind /dev "$r/dev"; mount -t sysfs -o ro sysfs "$r/sys"
             exec chroot "$r" "$@"' _ "$root" "$@"
}

sources_list() {   # the suite and, for the releases, its updates and security suites
  echo "deb $MIRROR $1 main"
  if [ "$1" != sid ]; then
    echo "deb $MIRROR $1-updates main"
    echo "deb ${MIRROR%/debian}/debian-security $1-security main"
  fi
}

make_base() {   # make_base DIR: minbase + make, git, CA certificates, the host's pip and DNS configuration
  local dir=$1 log
  log=$(mktemp)
  say "debootstrap --variant=minbase $suite (about 1 minute)"
  local started=$SECONDS
  if ! debootstrap --variant=minbase --include=make,git,ca-certificates "$suite" "$dir" "$MIRROR" >"$log" 2>&1; then
    tail -n 20 "$log" >&2; rm -f "$log"; die "debootstrap $suite failed"
  fi
  rm -f "$log"
  sources_list "$suite" > "$dir/etc/apt/sources.list"
  cp /etc/resolv.conf "$dir/etc/resolv.conf"
  [ -f /etc/pip.conf ] && cp /etc/pip.conf "$dir/etc/pip.conf"
  if compgen -G "/usr/local/share/ca-certificates/*" >/dev/null; then
    mkdir -p "$dir/usr/local/share/ca-certificates"
    cp -r /usr/local/share/ca-certificates/. "$dir/usr/local/share/ca-certificates/"
  fi
  chroot_run "$dir" "${CLEAN_ENV[@]}" update-ca-certificates >/dev/null 2>&1
  # This machine's Debian mirror may serve a snapshot whose Release file has expired (sid here). That is a fact
  # of the mirror, not of a user's machine: allowed in this test root only, and only when apt says so.
  if ! out=$(chroot_run "$dir" "${CLEAN_ENV[@]}" apt-get update -qq 2>&1); then
    if grep -q "is expired\|no longer valid" <<< "$out"; then
      say "the mirror's $suite Release file has expired: Acquire::Check-Valid-Until false in this test root only"
      echo 'Acquire::Check-Valid-Until "false";  // test root only (scripts/qgis_root.sh): the mirror is a snapshot' \
        > "$dir/etc/apt/apt.conf.d/99leaf-test-root-snapshot"
      chroot_run "$dir" "${CLEAN_ENV[@]}" apt-get update -qq
    else
      echo "$out" >&2; die "apt-get update failed in the $suite root"
    fi
  fi
  chroot_run "$dir" "${CLEAN_ENV[@]}" apt-get clean
  say "base root ready in $((SECONDS - started)) s"
}

mkdir -p "$ROOTS"
cleanup_dirs=()
cleanup() { local d; for d in "${cleanup_dirs[@]}"; do [ -n "$d" ] && rm -rf --one-file-system "$d"; done; }
trap cleanup EXIT
trap 'exit 130' INT TERM

if (( fresh )); then
  run=$(mktemp -d "$ROOTS/run-$suite-XXXXXX")
  (( keep )) || cleanup_dirs+=("$run")
  root=$run/root
  make_base "$root"
  lower=""
else
  exec 9>"$ROOTS/$suite.lock"
  flock 9
  cache=$ROOTS/$suite
  if [ ! -d "$cache" ]; then
    rm -rf --one-file-system "$cache.tmp"
    make_base "$cache.tmp"
    mv "$cache.tmp" "$cache"
  fi
  read -r -a packages <<< "$(make -s --no-print-directory -C "$REPO" debian-packages)"
  missing=()
  for p in "${packages[@]}"; do
    chroot "$cache" dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if (( ${#missing[@]} )); then
    say "installing into the cached $suite root: ${missing[*]} (QGIS takes about 4 minutes)"
    started=$SECONDS
    chroot_run "$cache" "${CLEAN_ENV[@]}" DEBIAN_FRONTEND=noninteractive bash -c \
      'apt-get update -qq && apt-get install -y -qq --no-install-recommends "$@" >/dev/null && apt-get clean' _ \
      "${missing[@]}"
    say "packages installed in $((SECONDS - started)) s"
  fi
  flock -s 9    # runs share the cache; a run that changes it waits for them
  mkdir -p "$ROOTS/pip-cache-$suite"
  run=$(mktemp -d "$ROOTS/run-$suite-XXXXXX")
  (( keep )) || cleanup_dirs+=("$run")
  root=$run/merged
  mkdir -p "$run/upper" "$run/work" "$root"
  lower=$cache
fi

# ------------------------------------------------------------------------------------------------ the run

log=$ROOTS/logs/$suite-$(date +%Y%m%d-%H%M%S).log
mkdir -p "$(dirname "$log")"
inner='cd "/work/$1" || exit 2
if [ -n "$2" ]; then exec bash -c "$2"; fi
t0=$(date +%s)
make setup || { echo "qgis_root: make setup FAILED after $(($(date +%s) - t0)) s"; exit 1; }
t1=$(date +%s)
echo "qgis_root: make setup took $((t1 - t0)) s"
make test; status=$?
echo "qgis_root: make test took $(($(date +%s) - t1)) s (exit $status)"
exit $status'

read -r -d '' namespace <<'NS' || true
set -eu
root=$1 lower=$2 run=$3 repo=$4 name=$5 shared=$6 suite=$7 limit=$8 command=$9 inner=${10}
if [ -n "$lower" ]; then
  mount -t overlay overlay -o "lowerdir=$lower,upperdir=$run/upper,workdir=$run/work" "$root"
  mkdir -p "$root/root/.cache/pip"
  mount --bind "$(dirname "$run")/pip-cache-$suite" "$root/root/.cache/pip"
fi
mount -t proc proc "$root/proc"
mount --rbind /dev "$root/dev"
mount -t sysfs -o ro sysfs "$root/sys"
mount -t tmpfs -o mode=1777 tmpfs "$root/tmp"
mkdir -p "$root/work/$name" "$root/work/shared"
cd "$repo"
git ls-files -z --cached --others --exclude-standard \
  | while IFS= read -r -d '' f; do if [ -e "$f" ]; then printf '%s\0' "$f"; fi; done \
  | tar --null -T - -cf - | tar -xf - -C "$root/work/$name"
if [ -d "$shared" ]; then
  mount --bind "$shared" "$root/work/shared"
  mount -o remount,bind,ro "$root/work/shared"
else
  echo "qgis_root: no shared folder at $shared: the tests that need it will skip"
fi
exec timeout --kill-after=30 "$limit" chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
  bash -c "$inner" _ "$name" "$command" </dev/null
NS

git -C "$REPO" rev-parse --git-dir >/dev/null 2>&1 || die "$REPO is not a git checkout (the tree is copied from git's file list)"
say "running in the $suite root ($([ -n "$lower" ] && echo "overlay on the cached root" || echo fresh)); log: $log"
set +e
unshare --mount --pid --fork --kill-child --propagation private bash -c "$namespace" _ "$root" "$lower" "$run" \
    "$REPO" "$NAME" "$SHARED" "$suite" "$INNER_TIMEOUT" "$command" "$inner" </dev/null 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
(( keep )) && say "kept $run (remove it when done)"
if [ "$status" = 0 ]; then say "$suite: passed"; else say "$suite: FAILED (exit $status); log: $log"; fi
exit "$status"
