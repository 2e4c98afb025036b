#pragma once

#include <map>
#include <optional>
#include <string>
#include <variant>

#include "core/repo_view.hpp"

namespace nts::workflow {

// Reads are lazy (only what a command points at) and go through the
// analysis' core::CachingRepoView, so a package.json or script named by many
// steps is read once.

// How much of a script the resolver reads: release scripts are short; a larger
// file is a bundle or data, and is noted rather than read.
inline constexpr std::size_t k_max_script_bytes = std::size_t{1} << 20;

// A script of the repository that a command runs.
struct ScriptFile {
  std::string path;  // repository-relative
  std::string text;
  bool javascript = false;
  // Python, Ruby, Perl, PHP or Go (by extension or #! line): only the commands
  // its process-spawning calls start are read (spawn_calls.hpp).
  bool other_language = false;
  // Lines of `text` start this many lines into `path`: a script written in a
  // workflow input (actions/github-script's `script:`).
  int line_offset = 0;
};

// The file at `path` (repository-relative), or why it cannot be read: missing
// from the checkout, too large, binary, not UTF-8.
std::variant<ScriptFile, std::string> read_script_file(const core::RepoView& repo,
                                                       const std::string& path);

// `word` (a path a command names) relative to `dir`, as a repository path;
// nullopt when it leaves the repository or cannot be known (absolute, `~`,
// `$VAR`, `..` above the root, `${{ … }}`).
std::optional<std::string> repo_path(const std::string& dir, const std::string& word);

// JavaScript/TypeScript by extension (.js .mjs .cjs .ts .mts .cts .jsx .tsx)
// or by a `node`/`tsx`/`bun`/`deno` shebang.
bool is_javascript(const std::string& path, std::string_view text);
bool is_other_language(const std::string& path, std::string_view text);

// 1-based line of byte `offset` in `text`.
int line_at(std::string_view text, std::size_t offset);

// The line of `"key":` inside the object that follows `"section":` in a JSON
// text (0 when not found): where a package.json script is written.
int json_key_line(std::string_view text, const std::string& section, const std::string& key);

// What a release tool's configuration says about publishing to npm, read from
// the files next to `dir` (then the repository root): true publishes, false
// does not, nullopt when no configuration decides it (the tool's default).
// semantic-release: `.releaserc*`, `release.config.*`, package.json
// `release`; a plugin list without an npm-publishing plugin
// (@semantic-release/npm, a fork or package-manager variant named for npm,
// pnpm or yarn, or @semantic-release/exec with a `publishCmd` that publishes)
// does not publish, nor @semantic-release/npm with `npmPublish: false` or in
// a package whose `private` is true.
std::optional<bool> semantic_release_publishes(const core::RepoView& repo, const std::string& dir,
                                               std::string* config);
// release-it: `npm.publish: false` in `.release-it.*` or package.json, or a
// private package.
std::optional<bool> release_it_publishes(const core::RepoView& repo, const std::string& dir,
                                         std::string* config);
// auto: the plugins of `.autorc*`, `auto.config.*` or package.json `auto`
// (no plugin list: auto's default, the npm plugin).
std::optional<bool> auto_publishes(const core::RepoView& repo, const std::string& dir,
                                   std::string* config);
// GoReleaser: an `npms:` publisher in the configuration (`--config`/`-f`, or
// .goreleaser.y(a)ml).
std::optional<bool> goreleaser_publishes(const core::RepoView& repo, const std::string& dir,
                                         const std::string& config_flag, std::string* config);

// The files the resolver may read (for analysis_reads): task files and
// release configurations by name, shell scripts anywhere, JavaScript and
// extensionless scripts at the root or under a tooling folder (scripts/, bin/,
// tools/, .github/, dist/ …). A script elsewhere is still followed by a full
// scan; a staged change to it alone skips the analysis (the hook's fast path).
bool resolver_reads(std::string_view path);

}  // namespace nts::workflow
