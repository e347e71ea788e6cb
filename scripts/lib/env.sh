# Shared by ./dcloud and scripts/test: find a JDK >= 21, make sure Maven, the Debian packages and
# the npm tools are there. Source it; every function says clearly what it could not do.

DCLOUD_ROOT="${DCLOUD_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"

dcloud_say() { printf 'dcloud: %s\n' "$*" >&2; }

# Major version of the JDK at $1 (its bin/java), or nothing.
dcloud_jdk_major() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p' | head -n 1
}

# Exports JAVA_HOME pointing at a JDK >= 21: $JAVA_HOME first, then the newest under /usr/lib/jvm.
dcloud_find_jdk() {
  local candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ]; then
    major=$(dcloud_jdk_major "$JAVA_HOME" || true)
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then export JAVA_HOME; return 0; fi
    dcloud_say "JAVA_HOME=$JAVA_HOME is not a JDK >= 21; looking under /usr/lib/jvm"
  fi
  for candidate in /usr/lib/jvm/*; do
    [ -L "$candidate" ] && continue
    major=$(dcloud_jdk_major "$candidate" || true)
    if [ -n "$major" ] && [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best="$candidate"; best_major="$major"
    fi
  done
  if [ -z "$best" ]; then
    if [ -z "${DCLOUD_JDK_FROM_APT_TRIED:-}" ] && dcloud_install_jdk_from_apt; then
      DCLOUD_JDK_FROM_APT_TRIED=1 dcloud_find_jdk
      return
    fi
    dcloud_say "no JDK >= 21 found (checked JAVA_HOME and /usr/lib/jvm/*), and apt offers none here."
    dcloud_say "install one (e.g. Temurin 21 or 25 under /usr/lib/jvm; Debian 12's own packages stop at 17) and set JAVA_HOME."
    return 1
  fi
  export JAVA_HOME="$best"
}

# Releases newer than Debian 12 (Ubuntu 24.04, Debian 13) package a JDK >= 21: install the newest
# one apt offers. Fails quietly when apt offers none (Debian 12) or this is not root.
dcloud_install_jdk_from_apt() {
  local v
  [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null || return 1
  apt-get update -qq >/dev/null 2>&1 || return 1
  for v in 25 21; do
    if apt-cache policy "openjdk-$v-jdk-headless" 2>/dev/null | grep -q 'Candidate: [0-9]'; then
      dcloud_say "no JDK >= 21 found; installing openjdk-$v-jdk-headless from apt"
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "openjdk-$v-jdk-headless" \
        >/dev/null && return 0
    fi
  done
  return 1
}

# Installs the Debian packages named in the arguments that are not installed yet.
dcloud_ensure_apt() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
    dcloud_say "missing Debian packages: ${missing[*]}"
    dcloud_say "install them as root: apt-get install ${missing[*]}"
    return 1
  fi
  dcloud_say "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }; then
    dcloud_say "apt-get could not install: ${missing[*]}"
    return 1
  fi
}

# Maven, plus the JVM flag that keeps Maven itself quiet on JDK 24+ (it cannot go in .mvn/jvm.config:
# JDK 17 refuses it).
dcloud_ensure_maven() {
  command -v mvn >/dev/null || dcloud_ensure_apt maven || return 1
  if [ "$(dcloud_jdk_major "$JAVA_HOME")" -ge 24 ]; then
    case "${MAVEN_OPTS:-}" in *sun-misc-unsafe-memory-access*) ;; *)
      export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;;
    esac
  fi
}

# npm tools (anvil, solc, OpenZeppelin) into the git-ignored tools/node_modules.
dcloud_ensure_npm_tools() {
  local tools="$DCLOUD_ROOT/tools"
  if [ -x "$tools/node_modules/.bin/anvil" ] && [ -d "$tools/node_modules/solc" ] \
    && [ -d "$tools/node_modules/@openzeppelin/contracts" ] \
    && [ "$tools/node_modules/.package-lock.json" -nt "$tools/package.json" ]; then
    return 0
  fi
  command -v npm >/dev/null || dcloud_ensure_apt nodejs npm || return 1
  dcloud_say "installing npm tools into tools/node_modules"
  if ! (cd "$tools" && npm install --no-audit --no-fund --loglevel=error >/dev/null); then
    dcloud_say "npm install failed in $tools"
    return 1
  fi
}

# Sets hangup_default to the prefix that starts a command with SIGHUP at its default disposition: under
# nohup it arrives ignored, and a JVM keeps an ignored SIGHUP ignored, so its SIGHUP handlers never run.
# Empty where env cannot do it (coreutils before 8.31).
dcloud_default_hangup() {
  hangup_default=()
  if env --default-signal=HUP true 2>/dev/null; then hangup_default=(env --default-signal=HUP); fi
}
