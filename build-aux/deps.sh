#!/usr/bin/env bash
# Installs the Debian 12 packages Sparekey needs that are missing.
# Usage: build-aux/deps.sh [--test]   (--test adds what the test suite uses)
set -euo pipefail

runtime=(
  meson ninja-build pkg-config gcc gettext
  libglib2.0-dev libglib2.0-dev-bin libgtk-4-dev libadwaita-1-dev
  # asking OpenGL whether it is a software rasteriser
  libepoxy-dev
  libjson-glib-dev libsodium-dev libssl-dev libqrencode-dev libzbar-dev
  libcairo2-dev libgdk-pixbuf-2.0-dev libargon2-dev libpango1.0-dev
  desktop-file-utils appstream
  # Chinese text in the window and in the printed emergency kit
  fonts-noto-cjk
  # WebP screenshots (chat apps send them) for QR decoding
  webp-pixbuf-loader
  # Scanning with the camera: the camera portal and GStreamer's PipeWire
  # source (pipewiresrc → videoconvert → appsink)
  libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev libportal-dev
  libportal-gtk4-dev gstreamer1.0-plugins-base gstreamer1.0-pipewire
  # unlocking with the login keyring (Secret Service)
  libsecret-1-dev
)
testing=(
  oathtool xvfb xauth dbus dbus-x11 zbar-tools imagemagick
  clang libclang-rt-14-dev python3 python3-icalendar poppler-utils
  # tests/test-a11y-atspi.py: the accessible tree over AT-SPI
  at-spi2-core python3-pyatspi gir1.2-atspi-2.0
  # keyboard-only GUI tests type real keys through XTest
  libxtst-dev
  # test-account builds the zh_CN locale (pinyin collation) with localedef
  locales
  # the camera test feeds the pipeline a picture (imagefreeze, pngdec)
  gstreamer1.0-plugins-good
  # po/zh-tw-from-zh-cn.py: Traditional Chinese from the Simplified one
  opencc
  # tests/test-keys.c, test-app-keyring.c: a real keyring daemon in the
  # test's own D-Bus session (tests/run-with-keyring.sh)
  gnome-keyring
)

want=("${runtime[@]}")
if [ "${1:-}" = "--test" ]; then
  want+=("${testing[@]}")
fi

missing=()
for pkg in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "Installing: ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
