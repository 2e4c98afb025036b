#include <algorithm>
#include <cctype>

#include "fix/job_editor.hpp"
#include "util/text.hpp"

namespace nts::fix {
namespace {

// "22.14.0" -> {22, 14, 0}; missing parts are 0.
std::vector<int> version_parts(const std::string& text) {
  std::vector<int> parts;
  int value = -1;
  for (char c : text) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      value = (value < 0 ? 0 : value * 10) + (c - '0');
      if (value > 100000) {
        return {};
      }
    } else if (c == '.' && value >= 0) {
      parts.push_back(value);
      value = -1;
    } else {
      return {};
    }
  }
  if (value >= 0) {
    parts.push_back(value);
  }
  parts.resize(3, 0);
  return parts;
}

// Whether the Node the job runs (as resolved by the analysis) is new enough
// for trusted publishing once npm itself is upgraded. A bare major ("22")
// floats to its newest release.
bool node_new_enough(const std::string& node, const std::string& minimum) {
  auto have = version_parts(node);
  auto need = version_parts(minimum);
  if (have.empty() || need.empty()) {
    return false;
  }
  bool bare_major = node.find('.') == std::string::npos;
  if (bare_major) {
    return have[0] >= need[0];
  }
  return have >= need;
}

void insert_upgrade_step(JobEditor& e) {
  if (e.mechanics.publish_step < 0) {
    e.refuse("the publish step could not be located in a block list of steps");
    return;
  }
  auto step = step_item(e, static_cast<std::size_t>(e.mechanics.publish_step), "the publish step");
  if (!step) {
    return;
  }
  e.insert_line(step->lines.first,
                std::string(static_cast<std::size_t>(step->dash), ' ') +
                    "- run: " + e.mechanics.npm_upgrade_command,
                "the Node this job runs bundles an npm older than 11.5.1, the first that does "
                "the OIDC exchange; upgrading npm keeps the Node version");
}

bool is_commit(std::string_view ref) {
  return ref.size() == 40 && std::all_of(ref.begin(), ref.end(), [](char c) {
           return std::isxdigit(static_cast<unsigned char>(c)) != 0;
         });
}

// How the repository writes actions/setup-node: as one of its workflows
// already does ("actions/setup-node@<sha> # v4.4.0" or "@v4"), else with the
// rule data's major tag. Empty, with a refusal, when the repository pins its
// actions by commit and none of its workflows pins setup-node.
std::string setup_node_uses(JobEditor& e) {
  bool commits = false;
  std::string tagged, committed;
  for (const auto& path : e.repo.paths()) {
    if (path.rfind(".github/workflows/", 0) != 0) {
      continue;
    }
    auto text = e.repo.read(path);
    if (!text) {
      continue;
    }
    Lines lines(*text);
    for (std::size_t i = 0; i < lines.count(); ++i) {
      auto line = lines.text(i);
      auto at = line.find("uses:");
      if (at == std::string_view::npos) {
        continue;
      }
      auto value = util::trim(line.substr(at + 5));
      if (!value.empty() && (value[0] == '"' || value[0] == '\'')) {
        value = value.substr(1);
      }
      auto end = value.find_first_of(" \t\"'#");
      auto uses = value.substr(0, end);
      auto sign = uses.find('@');
      if (sign == std::string_view::npos || uses.rfind("./", 0) == 0 ||
          uses.rfind("docker://", 0) == 0) {
        continue;
      }
      bool commit = is_commit(uses.substr(sign + 1));
      commits = commits || commit;
      if (util::to_lower(std::string(uses.substr(0, sign))) != "actions/setup-node") {
        continue;
      }
      // A commit pin keeps the release comment after it.
      std::string written(commit ? util::trim(value) : uses);
      std::string& kept = commit ? committed : tagged;
      if (kept.empty()) {
        kept = written;
      }
    }
  }
  if (commits) {
    if (committed.empty()) {
      e.refuse(
          "Node/npm version not pinned, and the repository pins actions by commit: add "
          "actions/setup-node pinned by commit with node-version: " +
          std::to_string(e.mechanics.lts_major) + " before the publish");
    }
    return committed;
  }
  return tagged.empty() ? "actions/setup-node@" + e.mechanics.setup_node_ref : tagged;
}

// A job that runs npm on the runner's preinstalled Node: a setup-node step
// choosing the current LTS before the first step that may run Node.
void insert_setup_node(JobEditor& e) {
  auto step = step_item(e, static_cast<std::size_t>(e.mechanics.setup_node_before),
                        "the step that first needs Node");
  if (!step) {
    return;
  }
  auto uses = setup_node_uses(e);
  if (uses.empty()) {
    return;
  }
  // The step's keys sit after its `- `; nested keys one level deeper.
  int content = step->dash + 2;
  if (step->node.IsMap() && step->node.begin() != step->node.end()) {
    content = e.layout.column(step->node.begin()->first);
  }
  int unit = std::max(2, content - step->dash);
  std::string major = std::to_string(e.mechanics.lts_major);
  std::string reason =
      "the job ran npm on the runner's preinstalled Node, so the npm version "
      "was whatever the image held; Node " +
      major +
      " (the current LTS) bundles npm >= 11.5.1, which trusted "
      "publishing needs";
  auto pad = [](int n) { return std::string(static_cast<std::size_t>(n), ' '); };
  e.insert_line(step->lines.first, pad(step->dash) + "- uses: " + uses, reason);
  e.insert_line(step->lines.first, pad(content) + "with:", reason);
  e.insert_line(step->lines.first, pad(content + unit) + "node-version: " + major, reason);
  e.notes.push_back("Job '" + e.report.id + "' now sets up Node " + major +
                    " with actions/setup-node before the steps that run Node; they ran the "
                    "runner's preinstalled Node before.");
}

// The node-version input of the setup-node step the analysis read, rewritten
// to the current LTS major, quoting kept.
void bump_node_version_input(JobEditor& e) {
  auto steps = Layout::entry(e.job.value, "steps");
  if (!steps || !steps->value.IsSequence()) {
    e.refuse("the job has no list of steps");
    return;
  }
  for (const auto& step : steps->value) {
    auto with = Layout::entry(step, "with");
    auto version = with ? Layout::entry(with->value, "node-version") : std::nullopt;
    if (!version || !version->value.IsScalar() ||
        static_cast<int>(e.layout.line(version->value)) + 1 != e.mechanics.node_line) {
      continue;
    }
    if (version->value.Scalar().find("${{") != std::string::npos) {
      e.refuse("Node " + e.mechanics.node + " comes from an expression (" +
               version->value.Scalar() + "); set a Node >= " + e.mechanics.min_node +
               " where it is chosen");
      return;
    }
    auto begin = e.layout.offset(version->value);
    auto end = e.layout.scalar_end(version->value);
    if (!end) {
      e.refuse("setup-node's node-version is not a one-line scalar");
      return;
    }
    const auto& t = e.layout.text();
    std::string major = std::to_string(e.mechanics.lts_major);
    std::string quote = (t[begin] == '"' || t[begin] == '\'') ? std::string(1, t[begin]) : "";
    e.replace(begin, *end, quote + major + quote,
              "Node " + e.mechanics.node + " is below " + e.mechanics.min_node +
                  ", which trusted publishing needs; Node " + major +
                  " (the current LTS) bundles npm >= 11.5.1");
    return;
  }
  e.refuse("Node is chosen outside setup-node's node-version input (" + e.mechanics.npm_detail +
           ")");
}

// The first version line of a Node version file (.nvmrc, .node-version,
// .tool-versions), rewritten to the current LTS major.
void bump_version_file(JobEditor& e) {
  std::string path = e.mechanics.version_file;
  while (path.rfind("./", 0) == 0) {
    path = path.substr(2);
  }
  auto slash = path.rfind('/');
  std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  if (name == "package.json") {
    e.refuse("Node comes from package.json (" + e.mechanics.npm_detail +
             "); raise its engines/volta Node to >= " + e.mechanics.min_node);
    return;
  }
  auto text = e.repo.read(path);
  if (!text) {
    e.refuse("the Node version file '" + path + "' is not in the repository");
    return;
  }
  Lines lines(*text);
  for (std::size_t i = 0; i < lines.count(); ++i) {
    auto line = lines.text(i);
    auto first = line.find_first_not_of(" \t");
    if (first == std::string_view::npos || line[first] == '#') {
      continue;
    }
    std::size_t begin = lines.start(i) + first;
    if (name == ".tool-versions") {
      if (line.substr(first).rfind("nodejs ", 0) != 0 &&
          line.substr(first).rfind("node ", 0) != 0) {
        continue;
      }
      auto space = line.find(' ', first);
      auto value = line.find_first_not_of(' ', space);
      if (value == std::string_view::npos) {
        break;
      }
      begin = lines.start(i) + value;
    }
    auto end = begin;
    while (end < lines.start(i) + line.size() &&
           !std::isspace(static_cast<unsigned char>((*text)[end]))) {
      ++end;
    }
    std::string major = std::to_string(e.mechanics.lts_major);
    e.other_files.push_back(
        {path,
         {begin, end, major,
          "Node " + e.mechanics.node + " is below " + e.mechanics.min_node +
              ", which trusted publishing needs; setup-node reads this file (every job that "
              "reads it moves to Node " +
              major + ")"}});
    e.notes.push_back("'" + path + "' now says Node " + major +
                      "; every job and tool that reads it moves too.");
    return;
  }
  e.refuse("no Node version found in '" + path + "'");
}

}  // namespace

void plan_npm_runtime(JobEditor& e) {
  using Npm = workflow::JobMechanics::Npm;
  const auto& m = e.mechanics;
  if (m.npm == Npm::capable || m.npm == Npm::not_npm) {
    return;
  }
  if (m.npm == Npm::unknown && m.setup_node_before >= 0) {
    insert_setup_node(e);
    return;
  }
  if (m.npm == Npm::unknown) {
    e.refuse(m.npm_detail + "; pin Node >= " + m.min_node + " with actions/setup-node first");
    return;
  }
  if (node_new_enough(m.node, m.min_node)) {
    insert_upgrade_step(e);
  } else if (!m.version_file.empty()) {
    bump_version_file(e);
  } else {
    bump_node_version_input(e);
  }
}

}  // namespace nts::fix
