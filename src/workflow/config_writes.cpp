#include "workflow/config_writes.hpp"

#include <re2/re2.h>

namespace nts::workflow {
namespace {

// A target in the user's home or named by a variable is the user config; a
// plain relative path is a project file in the command's directory.
bool is_project_path(std::string_view target) {
  return !target.empty() && target[0] != '~' && target[0] != '$' && target[0] != '/' &&
         target.ends_with(".npmrc");
}

// A scope as npm spells one (`@acme`), or one the job fills in at run time
// from a variable (`@${CI_PROJECT_ROOT_NAMESPACE}`, GitLab's npm template).
const std::string kScope =
    R"(@(?:[A-Za-z0-9._~-]+|\$[A-Za-z_][A-Za-z0-9_]*|\$\{[A-Za-z_][A-Za-z0-9_]*\}))";

// `registry=URL` and `@scope:registry=URL` lines of written text. echo -e and
// printf turn `\n` into a new line, so the literal two characters split too.
void collect_registry_lines(const std::string& text, bool project, const std::string& path,
                            std::vector<RegistryWrite>& out) {
  static const RE2 line(R"((?:^|\s|\\n)((?:)" + kScope + R"(:)?registry)\s*=\s*([^\s'"\\]+))");
  re2::StringPiece input(text);
  std::string key, value;
  while (RE2::FindAndConsume(&input, line, &key, &value)) {
    out.push_back({key, value, project, project ? path : std::string()});
  }
}

}  // namespace

bool is_config_file(std::string_view path) {
  return path.ends_with(".npmrc") || path.ends_with(".yarnrc.yml") || path.ends_with(".yarnrc") ||
         path.find("NPM_CONFIG_USERCONFIG") != std::string_view::npos;
}

std::optional<ConfigFileWrite> config_file_write(const std::vector<shell::Command>& commands,
                                                 std::size_t index) {
  const auto& command = commands[index];
  auto argv = shell::effective(command);
  if (argv.empty()) {
    return std::nullopt;
  }
  ConfigFileWrite write;
  for (const auto& redirect : command.redirects) {
    if (redirect.op.find('>') != std::string::npos && is_config_file(redirect.target.text)) {
      write.target = redirect.target.text;
    }
  }
  if (command.heredoc.empty()) {
    for (std::size_t i = 1; i < argv.size(); ++i) {
      write.text += argv[i].text + " ";
    }
  } else {
    write.text = command.heredoc;
  }
  // … | tee [-a] ~/.npmrc: the text is what the previous command prints.
  if (argv[0].text == "tee") {
    for (std::size_t i = 1; i < argv.size(); ++i) {
      if (is_config_file(argv[i].text)) {
        write.target = argv[i].text;
      }
    }
    if (command.heredoc.empty() && command.piped_from_previous && index > 0) {
      write.text.clear();
      for (const auto& word : shell::effective(commands[index - 1])) {
        write.text += word.text + " ";
      }
    }
  }
  if (write.target.empty()) {
    return std::nullopt;
  }
  return write;
}

std::vector<RegistryWrite> registry_writes(const std::vector<shell::Command>& commands,
                                           std::size_t index) {
  std::vector<RegistryWrite> out;
  auto argv = shell::effective(commands[index]);
  static const RE2 scoped_key(kScope + ":registry");
  // npm config set KEY VALUE | KEY=VALUE [--location project] (also `npm set`).
  if (argv.size() >= 3 && argv[0].text == "npm") {
    std::size_t i = argv[1].text == "config" ? 2 : 1;
    if (i + 1 < argv.size() && argv[i].text == "set") {
      bool project = false;
      std::vector<std::string> operands;
      for (std::size_t j = i + 1; j < argv.size(); ++j) {
        const auto& word = argv[j].text;
        if (word == "--location=project" ||
            (word == "--location" && j + 1 < argv.size() && argv[j + 1].text == "project")) {
          project = true;
        } else if (word.rfind("-", 0) != 0 && (j == 0 || argv[j - 1].text != "--location")) {
          operands.push_back(word);
        }
      }
      for (std::size_t j = 0; j < operands.size(); ++j) {
        auto eq = operands[j].find('=');
        std::string key = operands[j].substr(0, eq);
        std::string value = eq != std::string::npos   ? operands[j].substr(eq + 1)
                            : j + 1 < operands.size() ? operands[++j]
                                                      : std::string();
        if (!value.empty() && (key == "registry" || RE2::FullMatch(key, scoped_key))) {
          out.push_back({key, value, project, project ? ".npmrc" : std::string()});
        }
      }
    }
    return out;
  }
  // yarn config set npmPublishRegistry|npmRegistryServer|npmScopes.S.npmPublishRegistry URL
  // (Yarn Berry writes the project's .yarnrc.yml).
  if (argv.size() >= 5 && argv[0].text == "yarn" && argv[1].text == "config" &&
      argv[2].text == "set") {
    const auto& key = argv[3].text;
    static const RE2 yarn_scoped(R"(npmScopes\.[A-Za-z0-9._~-]+\.npmPublishRegistry)");
    bool scoped = RE2::FullMatch(key, yarn_scoped);
    if (key == "npmPublishRegistry" || key == "npmRegistryServer" || scoped) {
      out.push_back({key, argv[4].text, true, ".yarnrc.yml"});
    }
    return out;
  }
  if (auto write = config_file_write(commands, index)) {
    if (std::string_view(write->target).ends_with(".npmrc") ||
        write->target.find("NPM_CONFIG_USERCONFIG") != std::string::npos) {
      collect_registry_lines(write->text, is_project_path(write->target), write->target, out);
    }
  }
  return out;
}

}  // namespace nts::workflow
