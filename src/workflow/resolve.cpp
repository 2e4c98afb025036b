#include "workflow/resolve.hpp"

#include <re2/re2.h>
#include <yaml-cpp/yaml.h>

#include <nlohmann/json.hpp>

#include "util/text.hpp"
#include "workflow/package_json.hpp"
#include "yaml/limits.hpp"

namespace nts::workflow {
namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string_view base_name(std::string_view path) {
  auto slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string in_dir(const std::string& dir, const std::string& name) {
  return dir.empty() ? name : dir + "/" + name;
}

bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80           ? 0
                    : (c >> 5) == 0x6  ? 1
                    : (c >> 4) == 0xE  ? 2
                    : (c >> 3) == 0x1E ? 3
                                       : 9;
    if (n == 9 || i + n >= s.size() + (n == 0 ? 1 : 0)) {
      return false;
    }
    for (std::size_t k = 1; k <= n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) {
        return false;
      }
    }
    i += n + 1;
  }
  return true;
}

// The configuration files of a tool, nearest first: `dir`, then the root.
template <typename Try>
std::optional<bool> nearest(const std::string& dir, Try&& attempt) {
  for (const auto& d : {dir, std::string()}) {
    if (auto decided = attempt(d)) {
      return decided;
    }
    if (d.empty()) {
      break;
    }
  }
  return std::nullopt;
}

// The plugins a semantic-release configuration (JSON/YAML already parsed) lists.
// How a semantic-release configuration reaches npm. The private flag of
// package.json only stops @semantic-release/npm (and the default plugin set,
// which holds it), reading the package.json of the working directory: not a
// `pkgRoot` elsewhere, and not another plugin.
struct SemanticReleasePublish {
  bool npm_plugin = false;    // @semantic-release/npm, or the defaults, without pkgRoot
  bool other_plugin = false;  // a fork or package-manager variant, or exec's publishCmd
};

// Plugins other than @semantic-release/npm that publish to npm (forks such as
// @semantic-release-plus/npm, package-manager variants such as
// semantic-release-pnpm or semantic-release-yarn) carry the client in their
// name; a plugin named for npm is counted as publishing rather than risk a
// wrong "does not publish".
bool names_npm_client(std::string_view plugin) {
  return plugin != "@semantic-release/npm" && (plugin.find("npm") != std::string_view::npos ||
                                               plugin.find("yarn") != std::string_view::npos);
}

// @semantic-release/exec runs `publishCmd` in the publish step: a command
// that names publishing is counted as an npm publish.
bool exec_publishes(const std::string& command) {
  return RE2::PartialMatch(command, R"(\bpublish\b)");
}

std::optional<bool> semantic_release_config(const nlohmann::json& config,
                                            SemanticReleasePublish* how) {
  if (!config.is_object()) {
    return std::nullopt;
  }
  if (config.contains("dryRun") && config["dryRun"] == true) {
    return false;
  }
  if (!config.contains("plugins") || !config["plugins"].is_array()) {
    how->npm_plugin = !config.contains("extends");
    return config.contains("extends") ? std::nullopt : std::optional<bool>(true);
  }
  for (const auto& plugin : config["plugins"]) {
    const auto& name = plugin.is_array() && !plugin.empty() ? plugin[0] : plugin;
    if (!name.is_string()) {
      continue;
    }
    const nlohmann::json options = plugin.is_array() && plugin.size() > 1 && plugin[1].is_object()
                                       ? plugin[1]
                                       : nlohmann::json::object();
    std::string id = name.get<std::string>();
    if (id == "@semantic-release/npm") {
      if (!(options.contains("npmPublish") && options["npmPublish"] == false)) {
        (options.contains("pkgRoot") ? how->other_plugin : how->npm_plugin) = true;
      }
    } else if (id == "@semantic-release/exec") {
      if (options.contains("publishCmd") && options["publishCmd"].is_string() &&
          exec_publishes(options["publishCmd"].get<std::string>())) {
        how->other_plugin = true;
      }
    } else if (names_npm_client(id)) {
      how->other_plugin = true;
    }
  }
  return how->npm_plugin || how->other_plugin;
}

// The same read from a JavaScript configuration's text.
std::optional<bool> semantic_release_text(const std::string& text, SemanticReleasePublish* how) {
  if (RE2::PartialMatch(text, R"(dryRun\s*:\s*true)")) {
    return false;
  }
  if (text.find("plugins") == std::string::npos) {
    // The default plugins include @semantic-release/npm; a shared config decides otherwise.
    how->npm_plugin = text.find("extends") == std::string::npos;
    return how->npm_plugin ? std::optional<bool>(true) : std::nullopt;
  }
  if (text.find("@semantic-release/npm") != std::string::npos &&
      !RE2::PartialMatch(text, R"(npmPublish\s*:\s*false)")) {
    (text.find("pkgRoot") != std::string::npos ? how->other_plugin : how->npm_plugin) = true;
  }
  std::string command;
  if (RE2::PartialMatch(text, R"(publishCmd['"]?\s*:\s*['"`]([^'"`]*))", &command) &&
      exec_publishes(command)) {
    how->other_plugin = true;
  }
  re2::StringPiece rest(text);
  std::string quoted;
  static const RE2 k_quoted(R"(['"]((?:@[\w.-]+/)?[\w.-]+)['"])");
  while (RE2::FindAndConsume(&rest, k_quoted, &quoted)) {
    if (names_npm_client(quoted) && quoted.find("semantic-release") != std::string::npos) {
      how->other_plugin = true;
    }
  }
  return how->npm_plugin || how->other_plugin;
}

nlohmann::json yaml_to_json(const YAML::Node& node, int depth = 0) {
  if (depth > 32) {
    return nullptr;
  }
  if (node.IsMap()) {
    auto out = nlohmann::json::object();
    for (const auto& entry : node) {
      out[entry.first.Scalar()] = yaml_to_json(entry.second, depth + 1);
    }
    return out;
  }
  if (node.IsSequence()) {
    auto out = nlohmann::json::array();
    for (const auto& item : node) {
      out.push_back(yaml_to_json(item, depth + 1));
    }
    return out;
  }
  if (node.IsScalar()) {
    const auto& s = node.Scalar();
    if (s == "true" || s == "false") {
      return s == "true";
    }
    return s;
  }
  return nullptr;
}

std::optional<nlohmann::json> parse_config(std::string_view path, const std::string& text) {
  if (ends_with(path, ".json") || base_name(path) == ".releaserc" || base_name(path) == ".autorc") {
    auto j = nlohmann::json::parse(text, nullptr, false);
    if (!j.is_discarded()) {
      return j;
    }
  }
  if (ends_with(path, ".yaml") || ends_with(path, ".yml") || base_name(path) == ".releaserc") {
    if (!yaml::check_limits(path, text)) {
      return std::nullopt;
    }
    try {
      return yaml_to_json(YAML::Load(text));
    } catch (const YAML::Exception&) {
      return std::nullopt;
    }
  }
  return std::nullopt;
}

std::optional<nlohmann::json> package_json_key(const core::RepoView& repo, const std::string& dir,
                                               const char* key) {
  auto text = repo.read(in_dir(dir, "package.json"));
  if (!text) {
    return std::nullopt;
  }
  auto j = nlohmann::json::parse(*text, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains(key)) {
    return std::nullopt;
  }
  return j[key];
}

// Whether `dir`'s package.json is private: `strict` is the boolean true only
// (semantic-release's test), else any truthy value (npm's and release-it's).
bool package_private(const core::RepoView& repo, const std::string& dir, bool strict) {
  auto text = repo.read(in_dir(dir, "package.json"));
  if (!text) {
    return false;
  }
  auto pkg = parse_package_json(in_dir(dir, "package.json"), *text);
  return pkg && (strict ? pkg->private_is_true : pkg->is_private);
}

// A tool's configuration next to `dir` (then at the root): the first of
// `names` that exists decides, parsed (`decide`) or, for JavaScript/TOML, read
// as text (`from_text`); else the package.json `package_key` section.
template <typename Decide, typename FromText>
std::optional<bool> from_config(const core::RepoView& repo, const std::string& dir,
                                std::initializer_list<const char*> names, const char* package_key,
                                std::string* config, Decide&& decide, FromText&& from_text) {
  return nearest(dir, [&](const std::string& d) -> std::optional<bool> {
    for (const char* name : names) {
      auto path = in_dir(d, name);
      auto text = repo.read(path);
      if (!text) {
        continue;
      }
      *config = path;
      if (auto parsed = parse_config(path, *text)) {
        return decide(*parsed);
      }
      return from_text(*text);
    }
    if (auto section = package_json_key(repo, d, package_key)) {
      *config = in_dir(d, "package.json") + " " + package_key;
      return decide(*section);
    }
    return std::nullopt;
  });
}

}  // namespace

std::variant<ScriptFile, std::string> read_script_file(const core::RepoView& repo,
                                                       const std::string& path) {
  auto text = repo.read(path);
  if (!text) {
    return path + " is not in the checkout (or is a link, which is not followed)";
  }
  if (text->size() > k_max_script_bytes) {
    return path + " is larger than " + std::to_string(k_max_script_bytes >> 10) + " KiB; not read";
  }
  if (text->find('\0') != std::string::npos) {
    return path + " is a binary file; what it runs cannot be read";
  }
  if (!valid_utf8(*text)) {
    return path + " is not UTF-8 text; not read";
  }
  return ScriptFile{path, *text, is_javascript(path, *text), is_other_language(path, *text)};
}

std::optional<std::string> repo_path(const std::string& dir, const std::string& word) {
  if (word.empty() || word[0] == '/' || word[0] == '~' || word[0] == '$' ||
      word.find("${{") != std::string::npos || word.find('\x1f') != std::string::npos ||
      word.find('*') != std::string::npos) {
    return std::nullopt;
  }
  std::string joined = dir.empty() ? word : dir + "/" + word;
  int depth = 0;
  std::size_t start = 0;
  while (start <= joined.size()) {
    auto end = joined.find('/', start);
    if (end == std::string::npos) {
      end = joined.size();
    }
    auto part = std::string_view(joined).substr(start, end - start);
    if (part == "..") {
      if (--depth < 0) {
        return std::nullopt;
      }
    } else if (!part.empty() && part != ".") {
      ++depth;
    }
    start = end + 1;
  }
  auto out = normalize_dir(joined);
  if (out.empty()) {
    return std::nullopt;
  }
  return out;
}

namespace {

// `#!/usr/bin/env node`, `#!/usr/local/bin/tsx`, `#!/usr/bin/env -S deno run`:
// whether a word of the first line is one of `runtimes` (or, with `prefix`,
// starts with one: `python3.12`).
bool shebang_runs(std::string_view text, std::initializer_list<std::string_view> runtimes,
                  bool prefix = false) {
  if (text.rfind("#!", 0) != 0) {
    return false;
  }
  auto line = text.substr(2, text.find('\n') - 2);
  std::size_t start = 0;
  while (start < line.size()) {
    auto end = line.find_first_of("/ \t\r", start);
    if (end == std::string_view::npos) {
      end = line.size();
    }
    auto word = line.substr(start, end - start);
    for (std::string_view runtime : runtimes) {
      if (word == runtime || (prefix && word.rfind(runtime, 0) == 0)) {
        return true;
      }
    }
    start = end + 1;
  }
  return false;
}

}  // namespace

bool is_javascript(const std::string& path, std::string_view text) {
  for (const char* ext : {".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".jsx", ".tsx"}) {
    if (ends_with(path, ext)) {
      return true;
    }
  }
  return shebang_runs(text, {"node", "tsx", "ts-node", "bun", "deno", "zx"});
}

bool is_other_language(const std::string& path, std::string_view text) {
  for (const char* ext : {".py", ".rb", ".pl", ".pm", ".php", ".go"}) {
    if (ends_with(path, ext)) {
      return true;
    }
  }
  return shebang_runs(text, {"python", "ruby", "perl", "php"}, true);
}

int line_at(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  return 1 + static_cast<int>(std::count(text.begin(),
                                         text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

int json_key_line(std::string_view text, const std::string& section, const std::string& key) {
  auto at = text.find("\"" + section + "\"");
  if (at == std::string_view::npos) {
    return 0;
  }
  auto found = text.find("\"" + key + "\"", at + section.size() + 2);
  return found == std::string_view::npos ? 0 : line_at(text, found);
}

std::optional<bool> semantic_release_publishes(const core::RepoView& repo, const std::string& dir,
                                               std::string* config) {
  SemanticReleasePublish how;
  auto decided = from_config(
      repo, dir,
      {".releaserc", ".releaserc.json", ".releaserc.yaml", ".releaserc.yml", ".releaserc.js",
       ".releaserc.cjs", ".releaserc.mjs", "release.config.js", "release.config.cjs",
       "release.config.mjs", "release.config.ts"},
      "release", config, [&](const nlohmann::json& j) { return semantic_release_config(j, &how); },
      [&](const std::string& text) { return semantic_release_text(text, &how); });
  if (decided.value_or(true) && !how.other_plugin && package_private(repo, dir, /*strict=*/true)) {
    // @semantic-release/npm skips the publish of a package whose `private` is
    // the boolean true (a string is not enough for it, unlike npm itself).
    *config = in_dir(dir, "package.json") + " private";
    return false;
  }
  return decided;
}

std::optional<bool> release_it_publishes(const core::RepoView& repo, const std::string& dir,
                                         std::string* config) {
  auto decide = [](const nlohmann::json& j) -> std::optional<bool> {
    if (j.is_object() && j.contains("npm") && j["npm"].is_object() &&
        j["npm"].contains("publish")) {
      return j["npm"]["publish"] != false;
    }
    if (j.is_object() && j.contains("npm") && j["npm"] == false) {
      return false;
    }
    return std::nullopt;
  };
  // JavaScript or TOML: `publish: false` / `publish = false` in the npm section.
  auto from_text = [](const std::string& text) -> std::optional<bool> {
    auto npm = text.find("npm");
    if (npm != std::string::npos &&
        RE2::PartialMatch(text.substr(npm), R"(^[^\]}]*?\bpublish\s*[:=]\s*false)")) {
      return false;
    }
    return std::nullopt;
  };
  auto decided =
      from_config(repo, dir,
                  {".release-it.json", ".release-it.yaml", ".release-it.yml", ".release-it.js",
                   ".release-it.cjs", ".release-it.mjs", ".release-it.ts", ".release-it.toml"},
                  "release-it", config, decide, from_text);
  if (decided.value_or(true) && package_private(repo, dir, /*strict=*/false)) {
    // release-it's npm plugin skips the publish of a private package.
    *config = in_dir(dir, "package.json") + " private";
    return false;
  }
  return decided;
}

std::optional<bool> auto_publishes(const core::RepoView& repo, const std::string& dir,
                                   std::string* config) {
  auto decide = [](const nlohmann::json& j) -> std::optional<bool> {
    if (!j.is_object() || !j.contains("plugins") || !j["plugins"].is_array()) {
      return true;  // auto's default plugin set is ["npm"]
    }
    for (const auto& plugin : j["plugins"]) {
      const auto& name = plugin.is_array() && !plugin.empty() ? plugin[0] : plugin;
      if (name.is_string() && (name == "npm" || name == "@auto-it/npm")) {
        return true;
      }
    }
    return false;
  };
  auto from_text = [](const std::string& text) -> std::optional<bool> {
    if (text.find("plugins") == std::string::npos) {
      return true;
    }
    return RE2::PartialMatch(text, R"(['"](npm|@auto-it/npm)['"])");
  };
  return from_config(repo, dir,
                     {".autorc", ".autorc.json", ".autorc.yaml", ".autorc.yml", "auto.config.js",
                      "auto.config.ts", "auto.config.cjs", "auto.config.mjs"},
                     "auto", config, decide, from_text);
}

std::optional<bool> goreleaser_publishes(const core::RepoView& repo, const std::string& dir,
                                         const std::string& config_flag, std::string* config) {
  std::vector<std::string> candidates;
  if (!config_flag.empty()) {
    if (auto path = repo_path(dir, config_flag)) {
      candidates.push_back(*path);
    } else {
      return std::nullopt;
    }
  } else {
    for (const char* name :
         {".goreleaser.yml", ".goreleaser.yaml", "goreleaser.yml", "goreleaser.yaml"}) {
      candidates.push_back(in_dir(dir, name));
    }
  }
  static const RE2 npms(R"((?m)^npms:)");
  for (const auto& path : candidates) {
    if (auto text = repo.read(path)) {
      *config = path;
      return RE2::PartialMatch(*text, npms);
    }
  }
  return std::nullopt;
}

bool resolver_reads(std::string_view path) {
  auto name = base_name(path);
  for (std::string_view exact :
       {"Makefile", "makefile", "GNUmakefile", "justfile", "Justfile", ".justfile", "Taskfile.yml",
        "Taskfile.yaml", "taskfile.yml", "taskfile.yaml", "Taskfile.dist.yml", "Taskfile.dist.yaml",
        ".releaserc", ".autorc", "lerna.json", "nx.json", "project.json"}) {
    if (name == exact) {
      return true;
    }
  }
  for (std::string_view prefix : {".releaserc.", "release.config.", ".release-it.", ".autorc.",
                                  "auto.config.", ".goreleaser", "goreleaser."}) {
    if (name.rfind(prefix, 0) == 0) {
      return true;
    }
  }
  for (std::string_view ext : {".sh", ".bash", ".zsh", ".mk", ".just"}) {
    if (ends_with(name, ext)) {
      return true;
    }
  }
  // JavaScript/TypeScript, other scripting languages' and extensionless scripts where release
  // tooling lives: the root, or a folder such as scripts/ or bin/ at any depth (and dist/ of a
  // JavaScript action). A change to application code elsewhere keeps the pre-commit hook's fast
  // path; the full scan still follows a script wherever a command names it.
  bool script = name.find('.') == std::string_view::npos;
  for (std::string_view ext : {".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".yml", ".yaml", ".py",
                               ".rb", ".pl", ".pm", ".php", ".go"}) {
    script = script || ends_with(name, ext);
  }
  if (!script) {
    return false;
  }
  if (path.find('/') == std::string_view::npos) {
    return true;
  }
  std::size_t start = 0;
  for (auto slash = path.find('/'); slash != std::string_view::npos;
       start = slash + 1, slash = path.find('/', start)) {
    auto folder = path.substr(start, slash - start);
    for (std::string_view tooling : {"scripts", "script", "bin", "tools", "tooling", "release",
                                     "ci", ".ci", ".github", ".scripts", "dist", "hack", "tasks"}) {
      if (folder == tooling) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace nts::workflow
