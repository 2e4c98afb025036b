#include <algorithm>
#include <optional>

#include "fix/job_editor.hpp"

namespace nts::fix {
namespace {

std::string job_text(const JobEditor& e) {
  auto first = e.layout.line(e.job.key);
  auto last = e.layout.block_last_line(first, e.layout.column(e.job.key));
  return e.layout.text().substr(e.layout.line_start(first),
                                e.layout.line_end(last) - e.layout.line_start(first));
}

// The scopes a new job-level block starts from: the workflow's own map, or
// for the repository default what the job's tools need; nullopt (with a
// refusal) when that cannot be known.
std::optional<std::vector<std::string>> effective_scopes(JobEditor& e) {
  std::vector<std::string> scopes;
  auto top = Layout::entry(e.layout.root(), "permissions");
  if (top && top->value.IsMap()) {
    for (const auto& kv : top->value) {
      if (!kv.first.IsScalar() || !kv.second.IsScalar()) {
        e.refuse("the workflow's permissions are not plain scope: level pairs");
        return std::nullopt;
      }
      if (kv.first.Scalar() != "id-token") {
        scopes.push_back(kv.first.Scalar() + ": " + kv.second.Scalar());
      }
    }
    return scopes;
  }
  if (top && !(top->value.IsNull())) {
    e.refuse("workflow permissions '" +
             (top->value.IsScalar() ? top->value.Scalar() : std::string("?")) +
             "' cannot be copied into a job-level block with id-token: write");
    return std::nullopt;
  }
  // Repository default: rules/workflow/token-scopes.yaml's default plus what
  // the job's tools need.
  const auto& m = e.mechanics;
  std::string text = job_text(e);
  std::vector<std::string> needs = m.default_token_scopes;
  bool known_tool = false;
  for (const auto& [marker, tool_scopes] : m.tool_scopes) {
    if (text.find(marker) == std::string::npos) {
      continue;
    }
    known_tool = true;
    for (const auto& scope : tool_scopes) {
      auto name = scope.substr(0, scope.find(':'));
      auto same = std::find_if(needs.begin(), needs.end(),
                               [&](const std::string& x) { return x.rfind(name + ":", 0) == 0; });
      if (same == needs.end()) {
        needs.push_back(scope);
      } else if (scope.find("write") != std::string::npos) {
        *same = scope;
      }
    }
  }
  bool uses_token = std::any_of(
      m.token_markers.begin(), m.token_markers.end(),
      [&](const std::string& marker) { return text.find(marker) != std::string::npos; });
  if (!known_tool && uses_token) {
    e.refuse(
        "the job uses GITHUB_TOKEN under the repository's default permissions, which a job-level "
        "permissions block would narrow; add `permissions:` with the scopes it needs and "
        "`id-token: write`");
    return std::nullopt;
  }
  e.notes.push_back("Job '" + e.report.id +
                    "' had the repository's default permissions; its new block grants " +
                    [&] {
                      std::string joined;
                      for (const auto& s : needs) {
                        joined += (joined.empty() ? "" : ", ") + s;
                      }
                      return joined;
                    }() +
                    " and id-token: write. Check them against what the job does.");
  return needs;
}

void add_block(JobEditor& e) {
  auto scopes = effective_scopes(e);
  if (!scopes) {
    return;
  }
  // Before the job's first key, at its indentation.
  // A copy of the key node (a handle): yaml-cpp's iterators hand out a
  // temporary pair, so a pointer into one dangles after the loop step.
  std::optional<YAML::Node> first;
  for (const auto& kv : e.job.value) {
    if (!first || e.layout.offset(kv.first) < e.layout.offset(*first)) {
      first = kv.first;
    }
  }
  if (!first) {
    e.refuse("the job mapping is empty");
    return;
  }
  YAML::Node key = *first;
  int indent = e.layout.column(key);
  int unit = indent - e.layout.column(e.job.key);
  if (unit <= 0 || e.layout.lines().indent(e.layout.line(key)) != indent) {
    e.refuse("the job's keys are not laid out one per line");
    return;
  }
  std::string pad(static_cast<std::size_t>(indent), ' ');
  std::string inner(static_cast<std::size_t>(indent + unit), ' ');
  auto line = e.layout.line(key);
  std::string reason = "job-level permissions replace the workflow's; the block keeps " +
                       std::string(scopes->empty() ? "none" : "the effective ones") +
                       " and adds id-token: write, which npm's OIDC exchange needs";
  e.insert_line(line, pad + "permissions:", reason);
  for (const auto& scope : *scopes) {
    e.insert_line(line, inner + scope, reason);
  }
  e.insert_line(line, inner + "id-token: write", reason);
}

}  // namespace

void plan_id_token(JobEditor& e) {
  auto perms = Layout::entry(e.job.value, "permissions");
  if (!perms || perms->value.IsNull()) {
    if (perms) {
      e.refuse("the job's permissions key has no value");
      return;
    }
    add_block(e);
    return;
  }
  const std::string reason = "npm's OIDC exchange needs id-token: write";
  const auto& value = perms->value;
  if (value.IsScalar()) {
    e.refuse("job permissions '" + value.Scalar() + "' cannot take id-token: write as written");
    return;
  }
  if (!value.IsMap()) {
    e.refuse("the job's permissions are not a mapping");
    return;
  }
  if (auto id = Layout::entry(value, "id-token")) {
    auto begin = e.layout.offset(id->value);
    auto end = e.layout.scalar_end(id->value);
    if (!end) {
      e.refuse("the job's id-token permission is not a one-line scalar");
      return;
    }
    e.replace(begin, *end, "write", reason);
    return;
  }
  if (Layout::is_flow(value)) {
    // `{ contents: read }` -> `{ contents: read, id-token: write }`.
    const auto& t = e.layout.text();
    auto open = e.layout.offset(value);
    if (open >= t.size() || t[open] != '{') {
      e.refuse("the job's permissions flow mapping could not be located");
      return;
    }
    auto close = t.find('}', open);
    auto eol = t.find('\n', open);
    if (close == std::string::npos || (eol != std::string::npos && close > eol)) {
      e.refuse("the job's permissions flow mapping spans lines");
      return;
    }
    auto inner = t.substr(open + 1, close - open - 1);
    if (inner.find_first_not_of(" \t") == std::string::npos) {
      e.replace(open, close + 1, "{ id-token: write }", reason);
      return;
    }
    auto end = close;
    while (end > open + 1 && (t[end - 1] == ' ' || t[end - 1] == '\t')) {
      --end;
    }
    e.replace(end, end, ", id-token: write", reason);
    return;
  }
  // Block mapping: a new line after its last entry, at its indentation.
  std::size_t last_line = 0;
  int indent = -1;
  for (const auto& kv : value) {
    auto line = e.layout.line(kv.first);
    int column = e.layout.column(kv.first);
    if (e.layout.lines().indent(line) != column) {
      e.refuse("the job's permissions are not laid out one per line");
      return;
    }
    indent = column;
    last_line = std::max(last_line, e.layout.block_last_line(line, column));
  }
  if (indent < 0) {
    e.refuse("the job's permissions mapping is empty");
    return;
  }
  e.insert_line(last_line + 1,
                std::string(static_cast<std::size_t>(indent), ' ') + "id-token: write", reason);
}

}  // namespace nts::fix
