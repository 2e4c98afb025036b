// `hook install | uninstall`: a native pre-commit hook that runs
// `npm-token-scan scan --staged` (in a husky repository: a line in husky's
// `.husky/pre-commit`, never husky's own shims). It fails closed: if the scanner is missing or
// crashes, the commit is refused, and the message names the escape hatch.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <optional>
#include <sstream>

#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "git/hooks.hpp"
#include "util/file.hpp"
#include "util/output_file.hpp"
#include "util/text.hpp"

namespace nts::cli {
namespace {

constexpr std::string_view k_marker = "# installed by npm-token-scan hook install";

struct HookArgs {
  std::string path = ".";
  bool force = false;
  std::string fail_on = "high";
};

std::string quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  }
  return out + "'";
}

std::string hook_script(const std::string& binary, const std::string& fail_on) {
  std::ostringstream out;
  out << "#!/bin/sh\n"
      << k_marker << "\n"
      << "# Refuses a commit that adds an npm token or a token-based npm publish step.\n"
      << "# To commit anyway, once and on purpose: git commit --no-verify\n"
      << "scanner=" << quote(binary) << "\n"
      << "if [ ! -x \"$scanner\" ]; then\n"
      << "  scanner=$(command -v npm-token-scan) || {\n"
      << "    echo \"npm-token-scan: the pre-commit hook cannot find the scanner; commit "
         "refused.\" >&2\n"
      << "    echo \"Reinstall it (npm-token-scan hook install --force) or commit with "
         "--no-verify.\" >&2\n"
      << "    exit 1\n"
      << "  }\n"
      << "fi\n"
      << "\"$scanner\" scan --staged --fail-on " << fail_on << " --format text\n"
      << "status=$?\n"
      << "case $status in\n"
      << "  0) exit 0 ;;\n"
      << "  1) echo \"npm-token-scan: commit refused. Remove the token (and revoke it if it was "
         "real),\" >&2\n"
      << "     echo \"or mark a false positive with '# npm-token-scan: ignore[rule-id]'.\" >&2 ;;\n"
      << "  *) echo \"npm-token-scan: the scan failed (exit $status), so the commit was refused.\" "
         ">&2\n"
      << "     echo \"Commit with --no-verify to bypass it, and please report the error.\" >&2 ;;\n"
      << "esac\n"
      << "exit 1\n";
  return out.str();
}

core::Result<std::filesystem::path> hook_path(const std::string& path) {
  auto repo = git::Repository::open(path);
  if (!repo) {
    return repo.error();
  }
  auto dir = git::hooks_directory(*repo);
  if (!dir) {
    return dir.error();
  }
  return std::filesystem::path(*dir) / "pre-commit";
}

bool is_ours(const std::filesystem::path& hook) {
  std::error_code unreadable;
  // Ours is a short script with the marker on one of its first lines; a hook
  // of a megabyte or more is someone else's.
  std::string text = util::read_file(hook.string(), unreadable, 1 << 20).value_or("");
  std::vector<std::string_view> lines = util::split_lines(text);
  lines.resize(std::min<std::size_t>(lines.size(), 5));
  return std::find(lines.begin(), lines.end(), k_marker) != lines.end();
}

// husky owns core.hooksPath: its folder holds shims it rewrites on every
// `npm install` (husky 9: `.husky/_/pre-commit` runs `.husky/_/h`, which runs
// `.husky/pre-commit`; husky 4-8: `.husky/pre-commit` sources
// `.husky/_/husky.sh`). The hook people edit and commit is `.husky/pre-commit`:
// the scan goes there, as a marked line, and the shim stays husky's.
std::optional<std::filesystem::path> husky_hook(const std::filesystem::path& hooks_dir) {
  std::error_code ec;
  if (hooks_dir.filename() == "_" && std::filesystem::exists(hooks_dir / "h", ec)) {
    return hooks_dir.parent_path() / "pre-commit";
  }
  if (std::filesystem::exists(hooks_dir / "_" / "husky.sh", ec)) {
    return hooks_dir / "pre-commit";
  }
  return std::nullopt;
}

// The line for .husky/pre-commit: a file shared through the repository, so it
// names the scanner as everyone has it (husky 9 puts node_modules/.bin on
// PATH: `npm install --save-dev npm-token-scan`), not this machine's path.
std::string husky_line(const std::string& fail_on) {
  return "npm-token-scan scan --staged --fail-on " + fail_on + "  " + std::string(k_marker) +
         " (husky)";
}

bool is_husky_line(const std::string& line) {
  return line.find(std::string(k_marker) + " (husky)") != std::string::npos;
}

core::Result<std::vector<std::string>> read_lines(const std::filesystem::path& file) {
  std::vector<std::string> lines;
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) {
    return lines;
  }
  std::optional<std::string> text = util::read_file(file.string(), ec);
  if (!text) {
    return core::Error{
        "cannot read the hook: " + ec.message(), core::Location{file.string(), 0, 0}, {}, {}};
  }
  for (std::string_view line : util::split_lines(*text)) {
    lines.emplace_back(line);
  }
  return lines;
}

// Hooks are written as a new executable file renamed over the old one, never
// through a symbolic link: `.husky/pre-commit` comes from the repository, and
// a link there to ~/.bashrc must not get our line appended to it.
core::Status write_hook(const std::filesystem::path& file, const std::string& content) {
  std::string failed = util::write_output_file(file.string(), content, 0755);
  if (!failed.empty()) {
    return core::Error{"cannot write the hook: " + failed,
                       core::Location{file.string(), 0, 0},
                       "a hook that is a symbolic link is never written through: replace the "
                       "link with a file, or add the line yourself",
                       {}};
  }
  return core::ok_status();
}

core::Status write_lines(const std::filesystem::path& file, const std::vector<std::string>& lines) {
  std::string content;
  for (const auto& line : lines) {
    content += line;
    content += '\n';
  }
  return write_hook(file, content);
}

ExitCode install_husky(const std::filesystem::path& hook, const HookArgs& args) {
  auto lines = read_lines(hook);
  if (!lines) {
    print_error(lines.error());
    return ExitCode::incomplete;
  }
  lines->erase(std::remove_if(lines->begin(), lines->end(), is_husky_line), lines->end());
  lines->push_back(husky_line(args.fail_on));
  if (auto written = write_lines(hook, *lines); !written) {
    print_error(written.error());
    return ExitCode::incomplete;
  }
  std::cerr << "npm-token-scan: husky manages this repository's hooks; added the scan to "
            << util::escape_control(hook.string())
            << " (commit it; it runs npm-token-scan from PATH, e.g. npm install --save-dev "
               "npm-token-scan)\n";
  return ExitCode::clean;
}

ExitCode uninstall_husky(const std::filesystem::path& hook) {
  auto lines = read_lines(hook);
  if (!lines) {
    print_error(lines.error());
    return ExitCode::incomplete;
  }
  auto before = lines->size();
  lines->erase(std::remove_if(lines->begin(), lines->end(), is_husky_line), lines->end());
  if (lines->size() == before) {
    std::cerr << "npm-token-scan: " << util::escape_control(hook.string())
              << " has no npm-token-scan line to remove\n";
    return ExitCode::clean;
  }
  if (auto written = write_lines(hook, *lines); !written) {
    print_error(written.error());
    return ExitCode::incomplete;
  }
  std::cerr << "npm-token-scan: removed the scan from " << util::escape_control(hook.string())
            << '\n';
  return ExitCode::clean;
}

std::string self_path() {
  std::error_code ec;
  auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string("npm-token-scan") : self.string();
}

ExitCode install(const HookArgs& args) {
  auto hook = hook_path(args.path);
  if (!hook) {
    return fail(hook.error());
  }
  if (auto husky = husky_hook(hook->parent_path())) {
    return install_husky(*husky, args);
  }
  std::error_code ec;
  if (std::filesystem::exists(*hook, ec) && !is_ours(*hook) && !args.force) {
    print_error(
        {"a pre-commit hook already exists and was not installed by npm-token-scan",
         core::Location{hook->string(), 0, 0},
         "keep it and call `npm-token-scan scan --staged` from it, or replace it with "
         "`npm-token-scan hook install --force` (the old hook is kept as pre-commit.backup)",
         {}});
    return ExitCode::usage;
  }
  if (std::filesystem::exists(*hook, ec) && !is_ours(*hook)) {
    std::filesystem::rename(*hook, hook->string() + ".backup", ec);
  }
  std::filesystem::create_directories(hook->parent_path(), ec);
  if (auto written = write_hook(*hook, hook_script(self_path(), args.fail_on)); !written) {
    print_error(written.error());
    return ExitCode::incomplete;
  }
  std::cerr << "npm-token-scan: installed the pre-commit hook at "
            << util::escape_control(hook->string()) << '\n';
  return ExitCode::clean;
}

ExitCode uninstall(const HookArgs& args) {
  auto hook = hook_path(args.path);
  if (!hook) {
    return fail(hook.error());
  }
  if (auto husky = husky_hook(hook->parent_path())) {
    return uninstall_husky(*husky);
  }
  std::error_code ec;
  if (!std::filesystem::exists(*hook, ec)) {
    std::cerr << "npm-token-scan: no pre-commit hook to remove at "
              << util::escape_control(hook->string()) << '\n';
    return ExitCode::clean;
  }
  if (!is_ours(*hook)) {
    print_error({"the pre-commit hook was not installed by npm-token-scan; leaving it alone",
                 core::Location{hook->string(), 0, 0},
                 {},
                 {}});
    return ExitCode::usage;
  }
  std::filesystem::remove(*hook, ec);
  auto backup = hook->string() + ".backup";
  if (std::filesystem::exists(backup, ec)) {
    std::filesystem::rename(backup, *hook, ec);
    std::cerr << "npm-token-scan: removed the hook and restored the previous one\n";
  } else {
    std::cerr << "npm-token-scan: removed the pre-commit hook at "
              << util::escape_control(hook->string()) << '\n';
  }
  return ExitCode::clean;
}

}  // namespace

Runner add_hook_command(CLI::App& app) {
  auto args = std::make_shared<HookArgs>();
  auto* hook = app.add_subcommand("hook", "Install or remove a native git pre-commit hook");
  hook->require_subcommand(1);
  auto* install_cmd =
      hook->add_subcommand("install", "Write .git/hooks/pre-commit (respects core.hooksPath)");
  install_cmd->add_option("path", args->path, "Repository (default: .)");
  install_cmd->add_flag("--force", args->force,
                        "Replace an existing hook (kept as pre-commit.backup)");
  install_cmd->add_option("--fail-on", args->fail_on, "Severity that blocks a commit")
      ->check(CLI::IsMember({"info", "low", "medium", "high"}))
      ->capture_default_str();
  auto* uninstall_cmd = hook->add_subcommand("uninstall", "Remove the hook this tool installed");
  uninstall_cmd->add_option("path", args->path, "Repository (default: .)");
  return [args, install_cmd] { return install_cmd->parsed() ? install(*args) : uninstall(*args); };
}

}  // namespace nts::cli
