#!/usr/bin/env bash
# Prints key=<hash of the scanner's source> to $GITHUB_OUTPUT: the build cache
# key, so a warm run reuses the binary and a changed source rebuilds it.
set -euo pipefail
cd "$ACTION_PATH"
key=$(find CMakeLists.txt cmake src rules tools bench fuzz -type f \( -name '*.cpp' -o -name '*.hpp' \
        -o -name '*.in' -o -name '*.txt' -o -name '*.cmake' -o -name '*.yaml' \) -print0 \
      | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-20)
echo "key=$key" >> "$GITHUB_OUTPUT"
