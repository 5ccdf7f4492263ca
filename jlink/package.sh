#!/usr/bin/env bash
# Builds Tenor's trimmed Java runtime (jlink), its app image and native installer (jpackage).
#
#   mvn -Ppackage package        runs this after the jar and target/lib are made
#   jlink/package.sh [TYPE...]   the same by hand (after mvn -DskipTests package)
#
# TYPE: app-image (always made first), deb, rpm (Linux), dmg, pkg (macOS), msi, exe (Windows).
# Default: the app image plus the platform's usual installer (deb on Linux, dmg on macOS, msi on Windows).
# Environment: TENOR_VERSION (default: the pom's), TENOR_DESCRIPTION, TENOR_VENDOR, TENOR_MAINTAINER (deb),
# JAVA_HOME (the JDK whose jlink/jpackage/jmods are used; Maven passes its own).
#
# Output: target/jpackage/runtime (the jlink runtime), target/jpackage/Tenor (the app image;
# Tenor.app on macOS), the installer in target/ (tenor_VERSION-1_amd64.deb on Linux).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CONF="$ROOT/jlink"
TARGET="$ROOT/target"
WORK="$TARGET/jpackage"
BIN="${JAVA_HOME:+$JAVA_HOME/bin/}"

die() { echo "package.sh: $*" >&2; exit 1; }
log() { echo "package.sh: $*" >&2; }

[[ -f "$TARGET/tenor.jar" && -d "$TARGET/lib" ]] || die "target/tenor.jar or target/lib missing: run mvn -DskipTests package first"
command -v "${BIN}jlink" >/dev/null || die "jlink not found (set JAVA_HOME to a JDK 17+)"
command -v "${BIN}jpackage" >/dev/null || die "jpackage not found (set JAVA_HOME to a JDK 17+)"

pom_value() { # the first <$1> of the project itself (not of a parent or dependency)
  sed -n "/<dependencies>/q;s|^  <$1>\(.*\)</$1>|\1|p" "$ROOT/pom.xml" | head -n 1
}
VERSION="${TENOR_VERSION:-$(pom_value version)}"
# Installers want a plain numeric version: 0.1.0-SNAPSHOT -> 0.1.0.
APP_VERSION="${VERSION%%-*}"
DESCRIPTION="${TENOR_DESCRIPTION:-$(pom_value description)}"
VENDOR="${TENOR_VENDOR:-Tenor project}"
NAME="Tenor"          # the app and its main launcher (the workbench)
PACKAGE="tenor"       # the Linux package, its install folder /opt/tenor, and the CLI launcher

case "$(uname -s)" in
  Linux) OS=linux ;;
  Darwin) OS=mac ;;
  MINGW*|MSYS*|CYGWIN*) OS=windows ;;
  *) die "unsupported system $(uname -s)" ;;
esac
if [[ $# -gt 0 ]]; then
  TYPES=("$@")
else
  case "$OS" in linux) TYPES=(app-image deb) ;; mac) TYPES=(app-image dmg) ;; windows) TYPES=(app-image msi) ;; esac
fi

ICON=""
for candidate in "$ROOT/assets/icon-256.png" "$ROOT/assets/icon.png"; do
  if [[ -f "$candidate" ]]; then ICON="$candidate"; break; fi
done
[[ -n "$ICON" ]] || die "no icon in assets/ (icon-256.png or icon.png; assets/make-icons.sh renders them)"
case "$OS" in
  mac) ICON="${ICON%.png}.icns" ;;   # jpackage wants .icns on macOS, .ico on Windows (see jlink/README.md)
  windows) ICON="${ICON%.png}.ico" ;;
esac

# JVM options of both launchers. No tenor.home: the installation folder may be read-only, so data goes to
# the per-user folder (TenorPaths: XDG on Linux). DJL offline here too, before any code runs.
JAVA_OPTS=(
  -Dai.djl.offline=true
  -XX:MaxRAMPercentage=50
  -Dfile.encoding=UTF-8
  --add-opens=java.base/java.lang=ALL-UNNAMED
)

# 1. The input folder: the jar and exactly the libraries its manifest's Class-Path names (target/lib may
#    still hold jars of older dependency versions when the build was not clean).
log "staging $WORK/input"
rm -rf "$WORK"
mkdir -p "$WORK/input/lib" "$WORK/manifest"
(cd "$WORK/manifest" && "${BIN}jar" xf "$TARGET/tenor.jar" META-INF/MANIFEST.MF)
mapfile -t CLASS_PATH < <(tr -d '\r' <"$WORK/manifest/META-INF/MANIFEST.MF" \
  | sed -e ':a' -e '$!N;s/\n //;ta' -e 'P;D' | sed -n 's/^Class-Path: //p' | tr ' ' '\n' | grep .)
((${#CLASS_PATH[@]})) || die "target/tenor.jar has no Class-Path in its manifest"
stage() { cp -l "$1" "$2" 2>/dev/null || cp "$1" "$2"; }
stage "$TARGET/tenor.jar" "$WORK/input/"
for entry in "${CLASS_PATH[@]}"; do
  [[ -f "$TARGET/$entry" ]] || die "target/$entry (in tenor.jar's Class-Path) is missing"
  stage "$TARGET/$entry" "$WORK/input/lib/"
done
log "staged tenor.jar and ${#CLASS_PATH[@]} libraries"

# 2. The runtime. Native commands are kept: the workbench starts `tenor train` in a child JVM
#    (lib/runtime/bin/java of the installation).
MODULES="$(grep -v '^\s*#' "$CONF/modules.txt" | grep -v '^\s*$' | paste -sd, -)"
log "jlink --add-modules $MODULES"
"${BIN}jlink" --add-modules "$MODULES" --strip-debug --no-header-files --no-man-pages \
  --generate-cds-archive --output "$WORK/runtime"

# 3. The resources jpackage takes from --resource-dir (Linux: postinst/prerm with the /usr/bin/tenor link).
mkdir -p "$WORK/resources"
if [[ "$OS" == linux ]]; then
  for f in "$CONF"/linux/*; do
    sed "s|@INSTALL_DIR@|/opt/$PACKAGE|g" "$f" > "$WORK/resources/$(basename "$f")"
  done
fi

COMMON=(--name "$NAME" --app-version "$APP_VERSION" --vendor "$VENDOR" --description "$DESCRIPTION"
  --copyright "Copyright the Tenor authors" --icon "$ICON" --resource-dir "$WORK/resources")
LAUNCHER_OPTS=()
for opt in "${JAVA_OPTS[@]}"; do LAUNCHER_OPTS+=(--java-options "$opt"); done

# 4. The app image: bin/Tenor opens the workbench, bin/tenor is the command line.
#    On macOS and Windows the file system ignores case, so the CLI launcher is called tenor-cli there.
CLI_NAME="$PACKAGE"
[[ "$OS" == linux ]] || CLI_NAME="$PACKAGE-cli"
log "jpackage --type app-image"
"${BIN}jpackage" --type app-image --dest "$WORK" "${COMMON[@]}" \
  --input "$WORK/input" --main-jar tenor.jar --main-class dev.tenor.cli.Main --arguments workbench \
  --runtime-image "$WORK/runtime" "${LAUNCHER_OPTS[@]}" \
  --add-launcher "$CLI_NAME=$CONF/tenor-cli.properties"

# 5. The installers, from the app image. The .deb is gzip-compressed: nearly all of it is jars (already
#    compressed); dpkg's default xz made it only 3 % smaller (412 MB instead of 424 MB) in ten times the time.
export DPKG_DEB_COMPRESSOR_TYPE="${DPKG_DEB_COMPRESSOR_TYPE:-gzip}"
for type in "${TYPES[@]}"; do
  case "$type" in
    app-image) continue ;;
    deb|rpm)
      gtk=libgtk-3-0; [[ "$type" == deb ]] || gtk=gtk3
      extra=(--linux-package-name "$PACKAGE" --linux-package-deps "$gtk" --linux-shortcut
        --linux-menu-group "Development;Science;" --linux-app-category science)
      [[ -z "${TENOR_MAINTAINER:-}" || "$type" != deb ]] || extra+=(--linux-deb-maintainer "$TENOR_MAINTAINER")
      ;;
    dmg|pkg)
      extra=(--mac-package-identifier dev.tenor.Tenor --mac-package-name Tenor) ;;
    msi|exe)
      extra=(--win-menu --win-menu-group Tenor --win-shortcut --win-dir-chooser
        --win-upgrade-uuid 1c19816e-169c-4368-9359-c4dab4ebe8a1) ;;
    *) die "unknown installer type $type" ;;
  esac
  log "jpackage --type $type"
  image="$WORK/$NAME"; [[ "$OS" != mac ]] || image+=".app"
  "${BIN}jpackage" --type "$type" --dest "$TARGET" "${COMMON[@]}" --app-image "$image" "${extra[@]}"
done

log "done: $WORK/$NAME$(for f in "$TARGET"/*.{deb,rpm,dmg,pkg,msi,exe}; do [[ "$f" -nt "$WORK/$NAME" ]] && printf ' %s' "$f"; done)"
