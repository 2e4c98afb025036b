// Release tools whose pinned version blocks trusted publishing, raised to the
// first version that allows it where the pin is written. The analysis found
// each pin (workflow::ToolUpgrade); this file only rewrites the version text.

#include <algorithm>
#include <cctype>

#include "fix/job_editor.hpp"
#include "util/text.hpp"

namespace nts::fix {
namespace {

bool all_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0;
  });
}

// "24" -> "25"; "24.2.0" -> "25.0.0"; "^24.2.0" -> "^25.0.0"; "v1.4.0" ->
// "v1.7.0": the minimum in the form the pin was written in (a bare major
// stays a bare major, which runs its newest release). Empty for any other
// form (a range, a tag such as `next`, a URL), which fix leaves alone.
std::string raised(const std::string& written, const std::string& minimum) {
  std::size_t prefix = 0;
  for (const char* p : {">=", "^", "~", "v"}) {
    std::string_view op(p);
    if (written.compare(0, op.size(), op) == 0) {
      prefix = op.size();
      break;
    }
  }
  std::string_view version = std::string_view(written).substr(prefix);
  std::size_t parts = 0;
  for (std::size_t start = 0; start <= version.size();) {
    auto dot = version.find('.', start);
    auto part = version.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (!all_digits(part)) {
      return {};
    }
    ++parts;
    if (dot == std::string_view::npos) {
      break;
    }
    start = dot + 1;
  }
  std::string major = minimum.substr(0, minimum.find('.'));
  if (!all_digits(major) || parts > 3) {
    return {};
  }
  if (parts == 1 && minimum == major + ".0.0") {
    return written.substr(0, prefix) + major;  // a bare major runs its newest release
  }
  return written.substr(0, prefix) + minimum;
}

std::string json_quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
    }
    out += c;
  }
  return out + "\"";
}

// package.json: the one `"name": "written"` entry, its value's bytes only.
void raise_dependency(JobEditor& e, const workflow::ToolUpgrade& up, const std::string& to) {
  auto text = e.repo.read(up.path);
  if (!text) {
    e.refuse("'" + up.path + "' cannot be read");
    return;
  }
  std::string key = json_quoted(up.name);
  std::string value = json_quoted(up.written);
  std::optional<std::size_t> found;
  for (auto at = text->find(key); at != std::string::npos; at = text->find(key, at + 1)) {
    auto colon = text->find_first_not_of(" \t\r\n", at + key.size());
    if (colon == std::string::npos || (*text)[colon] != ':') {
      continue;
    }
    auto start = text->find_first_not_of(" \t\r\n", colon + 1);
    if (start == std::string::npos || text->compare(start, value.size(), value) != 0) {
      continue;
    }
    if (found) {
      e.refuse("'" + up.path + "' lists " + up.name + " " + up.written +
               " more than once; raise it by hand");
      return;
    }
    found = start + 1;
  }
  if (!found) {
    e.refuse("the " + up.name + " entry of '" + up.path + "' could not be located");
    return;
  }
  e.other_files.push_back(
      {up.path,
       {*found, *found + up.written.size(), to,
        up.blocker + "; this is the first version that publishes with trusted publishing"}});
  bool lockfile = false;
  auto dir = up.path.substr(0, up.path.size() - std::string("package.json").size());
  for (const char* name :
       {"package-lock.json", "npm-shrinkwrap.json", "pnpm-lock.yaml", "yarn.lock", "bun.lock"}) {
    lockfile = lockfile || e.repo.size(dir + name) || e.repo.size(name);
  }
  e.notes.push_back("'" + up.path + "' now asks for " + up.name + " " + to + " (was " + up.written +
                    ")." +
                    (lockfile ? " fix does not edit lockfiles: run your package manager's "
                                "install and commit the updated lockfile with this change, or "
                                "a frozen install in CI fails."
                              : " Run your package manager's install to check it resolves."));
}

// `npx semantic-release@24` on the step's lines: the one `name@written`.
void raise_command_pin(JobEditor& e, const workflow::ToolUpgrade& up, const std::string& to) {
  auto step = step_item(e, up.step, "the step running " + up.name);
  if (!step) {
    return;
  }
  std::string needle = up.name + "@" + up.written;
  auto begin = e.layout.line_start(step->lines.first);
  auto end = e.layout.line_end(step->lines.last);
  const auto& t = e.layout.text();
  std::optional<std::size_t> found;
  for (auto at = t.find(needle, begin); at != std::string::npos && at + needle.size() <= end;
       at = t.find(needle, at + 1)) {
    auto after = at + needle.size();
    bool whole = after >= t.size() || !(std::isalnum(static_cast<unsigned char>(t[after])) ||
                                        t[after] == '.' || t[after] == '-');
    bool starts = at == 0 || !(std::isalnum(static_cast<unsigned char>(t[at - 1])) ||
                               t[at - 1] == '-' || t[at - 1] == '/' || t[at - 1] == '@');
    if (!whole || !starts) {
      continue;
    }
    if (found) {
      e.refuse(needle + " appears more than once in its step; raise it by hand");
      return;
    }
    found = at + up.name.size() + 1;
  }
  if (!found) {
    e.refuse(needle + " could not be located in its step");
    return;
  }
  e.replace(*found, *found + up.written.size(), to,
            up.blocker + "; this is the first version that publishes with trusted publishing");
}

// `with: semantic_version: 19`: the input's one-line scalar, quoting kept.
void raise_action_input(JobEditor& e, const workflow::ToolUpgrade& up, const std::string& to) {
  auto step = step_item(e, up.step, "the step with " + up.name);
  if (!step) {
    return;
  }
  auto with = Layout::entry(step->node, "with");
  auto input = with ? Layout::entry(with->value, up.name) : std::nullopt;
  if (!input || !input->value.IsScalar()) {
    e.refuse("the " + up.name + " input could not be located");
    return;
  }
  auto begin = e.layout.offset(input->value);
  auto end = e.layout.scalar_end(input->value);
  if (!end) {
    e.refuse("the " + up.name + " input is not a one-line scalar");
    return;
  }
  const auto& t = e.layout.text();
  std::string quote = (t[begin] == '"' || t[begin] == '\'') ? std::string(1, t[begin]) : "";
  if (t.compare(begin + quote.size(), up.written.size(), up.written) != 0) {
    e.refuse("the " + up.name + " input is not written as " + up.written);
    return;
  }
  e.replace(begin + quote.size(), begin + quote.size() + up.written.size(), to,
            up.blocker + "; this is the first version that publishes with trusted publishing");
}

// `uses: changesets/action@v1.4.0`: the ref. A commit pin is left for a
// person: the commit of the new release cannot be known without the network.
void raise_action_ref(JobEditor& e, const workflow::ToolUpgrade& up, const std::string& to) {
  auto step = step_item(e, up.step, "the " + up.name + " step");
  if (!step) {
    return;
  }
  auto uses = Layout::entry(step->node, "uses");
  if (!uses || !uses->value.IsScalar()) {
    e.refuse("the " + up.name + " step's uses: could not be located");
    return;
  }
  auto begin = e.layout.offset(uses->value);
  auto end = e.layout.scalar_end(uses->value);
  const auto& t = e.layout.text();
  auto at = end ? t.find("@" + up.written, begin) : std::string::npos;
  if (at == std::string::npos || at + 1 + up.written.size() > *end) {
    e.refuse("the " + up.name + " ref " + up.written + " could not be located");
    return;
  }
  e.replace(at + 1, at + 1 + up.written.size(), to,
            up.blocker + "; this release is the first that publishes without a token");
}

}  // namespace

void plan_tool_upgrades(JobEditor& e) {
  using Kind = workflow::ToolUpgrade::Kind;
  for (const auto& up : e.mechanics.tool_upgrades) {
    std::string to = raised(up.written, up.minimum);
    bool commit = up.written.size() == 40 &&
                  std::all_of(up.written.begin(), up.written.end(),
                              [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
    if (up.kind == Kind::action_ref && commit) {
      e.refuse(up.blocker + ": " + up.name + " is pinned by commit; pin the commit of release " +
               up.minimum + " or later");
      return;
    }
    if (to.empty()) {
      e.refuse(up.blocker + ": the version '" + up.written +
               "' is not a plain version fix can raise; set it to >= " + up.minimum);
      return;
    }
    if (up.kind != Kind::dependency && up.path != e.workflow.path) {
      e.refuse(up.blocker + ": the pin is outside the job's workflow");
      return;
    }
    switch (up.kind) {
      case Kind::dependency:
        raise_dependency(e, up, to);
        break;
      case Kind::command_pin:
        raise_command_pin(e, up, to);
        break;
      case Kind::action_input:
        raise_action_input(e, up, to);
        break;
      case Kind::action_ref:
        raise_action_ref(e, up, to);
        break;
    }
    if (e.refused()) {
      return;
    }
    if (up.kind != Kind::dependency) {
      e.notes.push_back(up.name + " " + up.written + " becomes " + to + " in '" + up.path +
                        "': read its release notes for other changes before merging.");
    }
  }
}

}  // namespace nts::fix
