#!/usr/bin/env bash
# Builds the Debian package from the build tree with cpack and checks what a user installs:
# the four executables, the desktop entry and icon, the QML module's files, and the
# dependencies that make the GUI start (shared libraries and the QML runtime modules).
set -euo pipefail
build_dir=$1
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cpack -G DEB -B "$out" --config "$build_dir/CPackConfig.cmake" >/dev/null
deb=$(ls "$out"/berth_*_amd64.deb)
contents=$(dpkg-deb -c "$deb" | awk '{print $6}')
for path in ./usr/bin/berth ./usr/bin/berthd ./usr/bin/berth-cli ./usr/bin/berth-workload \
            ./usr/share/applications/berth.desktop ./usr/share/icons/hicolor/scalable/apps/berth.svg; do
  grep -qx "$path" <<<"$contents" || { echo "missing from the package: $path"; exit 1; }
done
grep -q '/qt6/qml/Berth/qmldir$' <<<"$contents" || { echo "the QML module is not in the package"; exit 1; }
depends=$(dpkg-deb -f "$deb" Depends)
for dependency in libqt6quickcontrols2-6 libqt6httpserver6 libsqlite3-0 libssl3 qml6-module-qtquick-controls; do
  grep -q "$dependency" <<<"$depends" || { echo "Depends lacks $dependency: $depends"; exit 1; }
done
# The packaged berth is a working executable, not just a file.
dpkg-deb -x "$deb" "$out/root"
QT_QPA_PLATFORM=offscreen "$out/root/usr/bin/berth" --version | grep -q '^berth 0.1.0$' || { echo "the packaged berth does not run"; exit 1; }
echo "ok: $(basename "$deb"), $(wc -l <<<"$contents") entries"
