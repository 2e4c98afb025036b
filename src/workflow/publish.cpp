#include "workflow/publish.hpp"

#include <algorithm>

#include "util/text.hpp"
#include "workflow/publish_scanner.hpp"
#include "workflow/tokens.hpp"

namespace nts::workflow::publish_scan {

std::string join_dir(const std::string& base, const std::string& dir) {
  if (dir.empty()) {
    return base;
  }
  if (dir[0] == '/' || dir[0] == '~' || dir[0] == '$') {
    return base;  // outside the checkout or unknown: keep what we know
  }
  return normalize_dir(base.empty() ? dir : base + "/" + dir);
}

JobFacts JobScanner::run() {
  collect_env_writes();
  for (const auto& step : m_job.steps) {
    if (step.uses) {
      scan_uses(step);
    }
    if (step.run) {
      scan_run(step);
    }
  }
  if (m_job.uses) {
    scan_reusable_call();
  }
  return std::move(m_facts);
}

std::string JobScanner::raw_step_dir(const Step& step) const {
  std::string dir = m_ctx.workflow.default_working_directory;
  if (!m_job.default_working_directory.empty()) {
    dir = m_job.default_working_directory;
  }
  if (step.working_directory) {
    dir = step.working_directory->value;
  }
  return dir;
}

std::string JobScanner::step_dir(const Step& step) const {
  std::string dir = raw_step_dir(step);
  return dir.find("${{") != std::string::npos ? std::string() : normalize_dir(dir);
}

// `working-directory: packages/${{ matrix.package }}` runs the step once per
// value of one matrix key: every folder, so that each leg's package is named.
// Anything else in an expression is unknown here: the root, as before.
std::vector<std::string> JobScanner::step_dirs(const Step& step) const {
  std::string dir = raw_step_dir(step);
  std::string key;
  std::vector<std::pair<std::size_t, std::size_t>> holes;  // [begin, end) of each ${{ }}
  for (std::size_t at = dir.find("${{"); at != std::string::npos; at = dir.find("${{", at)) {
    std::size_t end = dir.find("}}", at);
    if (end == std::string::npos) {
      return {std::string()};
    }
    std::string inner(util::trim(std::string_view(dir).substr(at + 3, end - at - 3)));
    std::string name = inner.rfind("matrix.", 0) == 0 ? inner.substr(7) : std::string();
    if (name.empty() || (!key.empty() && name != key)) {
      return {std::string()};
    }
    key = name;
    holes.emplace_back(at, end + 2);
    at = end + 2;
  }
  if (holes.empty()) {
    return {normalize_dir(dir)};
  }
  auto values = m_job.matrix.find(key);
  if (values == m_job.matrix.end() || values->second.empty()) {
    return {std::string()};
  }
  std::vector<std::string> dirs;
  for (const std::string& value : values->second) {
    std::string expanded;
    std::size_t from = 0;
    for (const auto& [begin, end] : holes) {
      expanded += dir.substr(from, begin - from) + value;
      from = end;
    }
    expanded += dir.substr(from);
    if (expanded.find("${{") == std::string::npos &&
        std::find(dirs.begin(), dirs.end(), normalize_dir(expanded)) == dirs.end()) {
      dirs.push_back(normalize_dir(expanded));
    }
  }
  return dirs.empty() ? std::vector<std::string>{std::string()} : dirs;
}

bool JobScanner::is_powershell(const Step& step) const {
  std::string shell = step.shell;
  if (shell.empty()) {
    shell = !m_job.default_shell.empty() ? m_job.default_shell : m_ctx.workflow.default_shell;
  }
  if (shell.empty()) {
    for (const auto& label : m_job.runs_on) {
      if (label.value.rfind("windows", 0) == 0) {
        return true;
      }
    }
    return false;
  }
  return shell == "pwsh" || shell == "powershell" || shell.rfind("pwsh ", 0) == 0;
}

void JobScanner::scan_run(const Step& step) {
  std::string script = step.run->value;
  if (is_powershell(step)) {
    // PowerShell continues lines with a backtick; the splitter knows `\`.
    for (std::size_t at = script.find("`\n"); at != std::string::npos;
         at = script.find("`\n", at)) {
      script[at] = '\\';
    }
  }
  auto dirs = step.continues_shell ? std::vector<std::string>{m_shell_dir} : step_dirs(step);
  for (const std::string& dir : dirs) {
    m_shell_dir = scan_script(script, step, &*step.run, dir, Trail{});
  }
}

void JobScanner::scan_reusable_call() {
  PublishHit hit;
  hit.step = m_job.steps.size();
  hit.where = m_ctx.evidence(*m_job.uses);
  hit.tool = "reusable workflow " + m_job.uses->value;
  hit.client = "reusable";
  hit.reusable = true;
  hit.callee = m_job.uses->value;
  m_facts.publishes.push_back(std::move(hit));
}

void JobScanner::add_publish(PublishHit hit) {
  default_registry(hit);
  // A module read again with other option flags (see scan_javascript)
  // finds its publishes again.
  auto same_hop = [](const ResolveHop& a, const ResolveHop& b) {
    return a.path == b.path && a.line == b.line && a.what == b.what;
  };
  for (const auto& known : m_facts.publishes) {
    if (known.step == hit.step && known.tool == hit.tool && !hit.via.empty() &&
        std::equal(known.via.begin(), known.via.end(), hit.via.begin(), hit.via.end(), same_hop)) {
      return;
    }
  }
  m_facts.publishes.push_back(std::move(hit));
}

std::string JobScanner::first_line(std::string_view text) {
  auto line = util::trim(text.substr(0, text.find('\n')));
  std::string out(line.substr(0, std::min<std::size_t>(line.size(), 160)));
  for (auto& c : out) {
    if (c == shell::k_expression_space) {
      c = ' ';
    }
  }
  return out;
}

int JobScanner::source_line(const Source& source, const Scalar* scalar, const Trail& trail,
                            std::size_t offset) const {
  if (source.text) {
    return line_at(*source.text, offset);
  }
  if (!source.file.empty()) {
    return source.line;
  }
  if (trail.outer) {
    return trail.outer->at.line;
  }
  return scalar ? m_ctx.evidence(*scalar, offset, 1).at.line : 0;
}

bool JobScanner::can_go_deeper(const Step& step, const Evidence& at, const Trail& trail,
                               const std::string& key, const std::string& what) {
  if (std::find(trail.chain.begin(), trail.chain.end(), key) != trail.chain.end()) {
    return false;  // a cycle: what it runs is already being read
  }
  if (trail.via.size() >= k_max_depth || ++m_expansions > k_max_expansions) {
    note_unresolved(step, at,
                    what + ": the chain of scripts is deeper than " + std::to_string(k_max_depth) +
                        " hops (or too long); not followed");
    return false;
  }
  return true;
}

void JobScanner::note_unresolved(const Step& step, const Evidence& at, std::string reason) {
  for (const auto& u : m_facts.unresolved) {
    if (u.step == step.index && u.reason == reason) {
      return;
    }
  }
  m_facts.unresolved.push_back({step.index, at, std::move(reason)});
}

Trail JobScanner::deeper(const Trail& trail, const Evidence& at, ResolveHop hop, std::string key) {
  Trail next = trail;
  if (!next.outer) {
    next.outer = at;
  }
  if (next.label.empty()) {
    next.label = " (via " + hop.what + ")";
  }
  next.via.push_back(std::move(hop));
  next.chain.push_back(std::move(key));
  return next;
}

}  // namespace nts::workflow::publish_scan

namespace nts::workflow {

std::pair<std::string, std::string> split_uses(const std::string& uses) {
  auto at = uses.rfind('@');
  if (at == std::string::npos) {
    return {uses, ""};
  }
  return {uses.substr(0, at), uses.substr(at + 1)};
}

JobFacts scan_job(const FileContext& ctx, const Job& job) {
  return publish_scan::JobScanner(ctx, job).run();
}

}  // namespace nts::workflow
