#!/usr/bin/env bash
# The install as a Debian service, checked without installing anything on this machine:
#  1. `cmake --install` into a DESTDIR puts every file in its place;
#  2. `cpack -G DEB` builds the .deb: its Depends, conffiles and maintainer scripts;
#  3. `dpkg -x` unpacks it into a scratch root, whose binary checks its own installed
#     configuration (`serve --check-config`), rules and graph, and runs the demo on it;
#  4. `systemd-analyze verify` checks the unit.
# Usage: package_test.sh BUILD_DIR. Exit 0 pass, 1 fail, 77 skipped (a tool is missing).
set -euo pipefail

build=$(cd "$1" && pwd)
scratch=$(mktemp -d "${TMPDIR:-/tmp}/tiaojie-package-test.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
need() { command -v "$1" >/dev/null || { echo "SKIP: $1 is not installed (.ci/setup installs it)"; exit 77; }; }
need cpack
need dpkg-deb
need dpkg-shlibdeps

echo "== cmake --install into a DESTDIR"
DESTDIR="$scratch/destdir" cmake --install "$build" >"$scratch/install.log"
for f in usr/bin/tiaojie etc/tiaojie/tiaojie.toml etc/tiaojie/tokens etc/tiaojie/rules/category.toml \
         etc/tiaojie/bodies/district.toml etc/tiaojie/calendar/2026.toml etc/tiaojie/formats/hotline_12345.toml \
         etc/tiaojie/gazetteer/haizhu.toml usr/lib/systemd/system/tiaojie.service \
         usr/share/doc/tiaojie/README.md usr/share/doc/tiaojie/docs/operators.md; do
  [[ -f "$scratch/destdir/$f" ]] || fail "cmake --install did not put /$f"
done
[[ -d "$scratch/destdir/var/lib/tiaojie" ]] || fail "cmake --install did not make /var/lib/tiaojie"
[[ $(stat -c %a "$scratch/destdir/etc/tiaojie/tokens") == 600 ]] || fail "/etc/tiaojie/tokens is not 0600"
if find "$scratch/destdir" -name '*.py' | grep -q .; then fail "a generator script was installed"; fi

echo "== cpack -G DEB"
(cd "$scratch" && cpack --config "$build/CPackConfig.cmake" -G DEB -B "$scratch/pkg" >"$scratch/cpack.log" 2>&1) ||
  { cat "$scratch/cpack.log"; fail "cpack"; }
deb=$(ls "$scratch"/pkg/*.deb)
echo "built $(basename "$deb") ($(du -h "$deb" | cut -f1))"
dpkg-deb -f "$deb" Package Version Architecture Depends
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libsystemd0 libsqlite3-0 libboost-json1.81.0 libfmt9 libspdlog1.10 libsodium23 libxlsxwriter4 libtcmalloc-minimal4 libstdc++6 passwd; do
  grep -q "$lib" <<<"$depends" || fail "Depends lacks $lib: $depends"
done
dpkg-deb -e "$deb" "$scratch/control"
for f in postinst prerm postrm conffiles; do [[ -f "$scratch/control/$f" ]] || fail "no $f in the package"; done
grep -q 'useradd --system' "$scratch/control/postinst" || fail "postinst does not create the tiaojie user"
grep -q 'install -d -o tiaojie -g tiaojie -m 0750 /var/lib/tiaojie' "$scratch/control/postinst" ||
  fail "postinst does not give /var/lib/tiaojie to the tiaojie user"
for f in /etc/tiaojie/tiaojie.toml /etc/tiaojie/tokens /etc/tiaojie/rules/category.toml /etc/tiaojie/bodies/district.toml; do
  grep -qx "$f" "$scratch/control/conffiles" || fail "$f is not a conffile"
done
# Every file under /etc in the package is a conffile, and every conffile is in the package.
dpkg-deb -c "$deb" | awk '$1 !~ /^d/ {print substr($6, 2)}' | grep '^/etc/' | sort >"$scratch/etc-files"
sort "$scratch/control/conffiles" | diff - "$scratch/etc-files" || fail "conffiles differ from the files under /etc"

echo "== dpkg -x into a scratch root"
root="$scratch/root"
dpkg -x "$deb" "$root"
bin="$root/usr/bin/tiaojie"
"$bin" --version
out=$("$bin" serve --config "$root/etc/tiaojie/tiaojie.toml" --check-config) || fail "serve --check-config: $out"
echo "$out"
grep -q ': ok (rules ' <<<"$out" || fail "serve --check-config did not say ok"
grep -q '^data_dir = "/var/lib/tiaojie"' "$root/etc/tiaojie/tiaojie.toml" || fail "the store is not in /var/lib/tiaojie"
if grep -q 'demo-.*-token' "$root/etc/tiaojie/tiaojie.toml"; then fail "the installed config carries demo tokens"; fi
# A channel is served once its token is in the token file; its native formats come from the
# installed config's [[channel]] entry of the same id (which carries no token).
echo "channel hotline_12345 package-test-hotline-token" >>"$root/etc/tiaojie/tokens"
out=$("$bin" serve --config "$root/etc/tiaojie/tiaojie.toml" --check-config) || fail "serve --check-config with a channel: $out"
grep -q ', 1 channels, ' <<<"$out" || fail "the token file's channel is not served: $out"
# From inside the installed folder, commands find ./tiaojie.toml and check the installed files.
(cd "$root/etc/tiaojie" && "$bin" rules check | tail -1 | grep -qx '0 errors, [0-9]* warnings') || fail "rules check in /etc/tiaojie"
(cd "$root/etc/tiaojie" && "$bin" graph check >/dev/null) || fail "graph check in /etc/tiaojie"
(cd "$scratch" && "$bin" demo --config "$root/etc/tiaojie/tiaojie.toml" --disputes 30 --dir demo >"$scratch/demo.log") ||
  { tail "$scratch/demo.log"; fail "the installed demo"; }
grep -q 'submitted 30 disputes over TCP from .* 0 refused' "$scratch/demo.log" || fail "the installed demo refused disputes"

echo "== the systemd unit"
unit="$root/usr/lib/systemd/system/tiaojie.service"
for line in 'Type=notify' 'ExecStart=/usr/bin/tiaojie serve --config /etc/tiaojie/tiaojie.toml' \
            'ExecReload=/bin/kill -HUP $MAINPID' 'User=tiaojie' 'ProtectSystem=strict' \
            'ReadWritePaths=/var/lib/tiaojie' 'NoNewPrivileges=yes'; do
  grep -qxF "$line" "$unit" || fail "the unit lacks $line"
done
if ! command -v systemd-analyze >/dev/null; then
  echo "SKIP: systemd-analyze is not installed (package systemd); the unit's lines were checked above"
  exit 77
fi
# verify checks that ExecStart's binary exists: point it at the scratch root's (the only change).
mkdir -p "$scratch/unit"
sed "s#/usr/bin/tiaojie#$bin#" "$unit" >"$scratch/unit/tiaojie.service"
status=0
systemd-analyze verify "$scratch/unit/tiaojie.service" >"$scratch/verify.log" 2>&1 || status=$?
cat "$scratch/verify.log"
[[ $status -eq 0 && ! -s "$scratch/verify.log" ]] || fail "systemd-analyze verify (exit $status)"
echo "systemd-analyze verify: no complaint"
# The hardening, as systemd scores it (0 = fully confined … 10 = exposed).
if systemd-analyze security --help 2>/dev/null | grep -q -- '--offline'; then
  score=$(systemd-analyze security --offline=yes "$scratch/unit/tiaojie.service" 2>/dev/null | sed -n 's/.*Overall exposure level for [^:]*: //p')
  echo "systemd-analyze security: overall exposure ${score:-unknown}"
fi
echo "PASS"
