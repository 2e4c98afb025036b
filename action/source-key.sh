#!/usr/bin/env bash
# Prints key=<hash of the scanner's source> to $GITHUB_OUTPUT: the build cache
# key, so a warm run reuses the binary and a changed source rebuilds it.
set -euo pipefail
cd "$ACTION_PATH"
key=$(find CMakeLists.txt cmake src rules tools bench fuzz -type f \( -name '*.cpp' -o -name '*.hpp' -o -name '*.c' \
        -o -name '*.in' -o -name '*.txt' -o -name '*.cmake' -o -name '*.yaml' \) -print0 \
      | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-20)
# The build links libgit2, OpenSSL & co. statically where their archives exist
# (cmake/StaticDeps.cmake): a new release of the OS or a security update of one
# of those packages must rebuild, not reuse a binary carrying the old code.
packages="libgit2-dev libre2-dev libyaml-cpp-dev libssh2-1-dev libmbedtls-dev libssl-dev zlib1g-dev
          libhttp-parser-dev libllhttp-dev libpcre2-dev g++"
platform=$( (. /etc/os-release 2>/dev/null && echo "$ID $VERSION_ID")
  # shellcheck disable=SC2086
  apt-cache policy $packages 2>/dev/null | grep -E '^[^ ]|Installed:|Candidate:' )
key=$(printf '%s\n%s\n' "$key" "$platform" | sha256sum | cut -c1-20)
echo "key=$key" >> "$GITHUB_OUTPUT"
