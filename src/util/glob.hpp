#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace nts::util {

// Path globs with git's semantics (as in .gitignore), for '/'-separated paths
// relative to a repository root:
//   `*` any run of characters but '/', `?` one character but '/',
//   `**` as a whole segment any number of directories (`**/x`, `a/**/b`, `a/**`);
//   a glob without '/' matches the name at any depth (`*.md`, `.npmrc`);
//   otherwise it is anchored at the root (a leading '/' is allowed);
//   a glob that matches a directory matches everything below it (`tests/fixtures`
//   and `tests/fixtures/` both cover `tests/fixtures/a/.npmrc`).
// Every other character, '[' included, is literal. Runs in O(glob x path): the
// globs come from scanned repositories, so no input may make it backtrack
// exponentially.
bool glob_match(std::string_view glob, std::string_view path);

// True when the glob names a directory written out in full: a segment before
// the last '/' without `*` or `?` (`test/fixtures/**`, `examples/`,
// `**/fixtures/*.npmrc`, `docs/example.npmrc`). False for globs that select
// files by name or extension alone (`.npmrc`, `**/.npmrc`, `*.md`, `*a*`):
// those stand for a kind of file anywhere, not a place in the repository.
bool glob_names_a_directory(std::string_view glob);

// What a ".." that climbs above the root does to a relative path.
enum class AboveRoot { refuse, stay_at_root };

// A '/'-separated relative path with empty and "." parts dropped and ".."
// applied ("//a/./b/../c/" -> "a/c"); nullopt when a ".." climbs above the
// root and `above` is refuse, the root ("") when it is stay_at_root.
std::optional<std::string> normalize_relative_path(std::string_view path,
                                                   AboveRoot above = AboveRoot::refuse);

}  // namespace nts::util
