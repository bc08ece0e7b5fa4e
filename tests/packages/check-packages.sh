#!/usr/bin/env bash
# Builds the Debian packages from a build tree (cpack -G DEB into a temporary folder) and checks
# what a machine would get from each: every program in the package its role needs, the units
# starting the daemons where the packages put them, the cluster config a conffile, and the
# dependencies between the packages.
# Usage: check-packages.sh BUILD_DIR
set -euo pipefail
build=$1
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

fail() { echo "check-packages: $*" >&2; exit 1; }

command -v cpack >/dev/null || fail "cpack is not installed"
(cd "$build" && cpack -G DEB -B "$out" >"$out/cpack.log" 2>&1) || { cat "$out/cpack.log" >&2; fail "cpack failed"; }

prefix=$(sed -n 's/^CMAKE_INSTALL_PREFIX:PATH=//p' "$build/CMakeCache.txt")
[[ $prefix == /usr ]] && etc=/etc || etc=$prefix/etc

deb() { ls "$out"/"$1"_*.deb 2>/dev/null | head -1; }
contents() { dpkg-deb -c "$(deb "$1")" | awk '{print $6}' | sed 's|^\.||'; }
has() {
    local package=$1; shift
    local listing; listing=$(contents "$package")
    for file in "$@"; do
        grep -qx -- "$file" <<<"$listing" || fail "$package lacks $file"
    done
}

# A build without the kernels (BRAMBLE_KERNELS=OFF, as the sanitizer presets) makes no kernels package.
kernels=0
[[ -x $build/bin/bramble-cpu ]] && kernels=1
packages=(bramble-tools bramble-head bramble-node)
[[ $kernels -eq 1 ]] && packages+=(bramble-kernels)
for package in "${packages[@]}"; do
    [[ -n $(deb $package) ]] || fail "no $package package (cpack log: $(tail -3 "$out/cpack.log"))"
done

libdir=$(sed -n 's/^CMAKE_INSTALL_LIBDIR:PATH=//p' "$build/CMakeCache.txt")
has bramble-tools "$prefix/bin/qsub" "$prefix/bin/qstat" "$prefix/bin/qdel" "$prefix/bin/qacct" \
    "$prefix/bin/qrsh" "$prefix/share/man/man1/qsub.1" "$prefix/$libdir/libdrmaa.so.1" \
    "$prefix/sbin/bramble-cluster"
has bramble-head "$prefix/sbin/bramble-scheduler" "$etc/bramble/cluster.yaml" \
    "$prefix/lib/systemd/system/bramble-scheduler.service"
has bramble-node "$prefix/sbin/bramble-execd" "$prefix/sbin/bramble-shepherd" \
    "$prefix/sbin/bramble-inventory" "$prefix/sbin/qrsh" \
    "$prefix/lib/systemd/system/bramble-execd.service"
if [[ $kernels -eq 1 ]]; then
    has bramble-kernels "$prefix/bin/bramble-cpu"
    [[ ! -x $build/bin/bramble-pi ]] || has bramble-kernels "$prefix/bin/bramble-pi" "$prefix/bin/bramble-mergesort"
fi

# The units start the daemons the packages install, with the config they install.
unpacked=$out/unpacked
for package in bramble-tools bramble-head bramble-node; do dpkg-deb -x "$(deb $package)" "$unpacked"; done
grep -qx "ExecStart=$prefix/sbin/bramble-scheduler --config $etc/bramble/cluster.yaml.*" \
    "$unpacked$prefix/lib/systemd/system/bramble-scheduler.service" ||
    fail "bramble-scheduler.service does not start $prefix/sbin/bramble-scheduler with $etc/bramble/cluster.yaml"
grep -q "^ExecStart=$prefix/sbin/bramble-execd " \
    "$unpacked$prefix/lib/systemd/system/bramble-execd.service" ||
    fail "bramble-execd.service does not start $prefix/sbin/bramble-execd"
[[ $(readlink -f "$unpacked$prefix/sbin/qrsh" | sed "s|^$unpacked||") == "$prefix/bin/qrsh" ]] ||
    fail "$prefix/sbin/qrsh does not lead to $prefix/bin/qrsh"

# The admin's config survives upgrades; the daemons' packages bring the tools.
dpkg-deb -e "$(deb bramble-head)" "$out/head-control"
grep -qx "$etc/bramble/cluster.yaml" "$out/head-control/conffiles" || fail "cluster.yaml is not a conffile"
for package in bramble-head bramble-node; do
    dpkg-deb -f "$(deb $package)" Depends | grep -q "bramble-tools (= " ||
        fail "$package does not depend on bramble-tools"
done
echo "check-packages: ${#packages[@]} packages, each with what its role needs"
