// Reusable workflows (`jobs.<id>.uses`): a caller runs the callee's jobs with
// the secrets and inputs it passes, and npm's trusted publisher is the
// top-level caller's workflow file.

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "util/text.hpp"
#include "workflow/tokens.hpp"
#include "workflow/workflow_set.hpp"

namespace nts::workflow {
namespace {

// Calls nested deeper than GitHub allows (4 levels) are cut here; so are cycles.
constexpr int k_max_depth = 8;
constexpr std::size_t k_max_chains = 16;

const std::string k_workflows_dir = ".github/workflows/";

std::string describe(const ParsedFile& file, const JobAnalysis& job) {
  return file.workflow.file_name + " (job " + job.job->id + ")";
}

// `${{ inputs.name }}` as the whole value: the input's name, else "".
std::string input_reference(const std::string& value) {
  std::string_view v = util::trim(value);
  if (v.rfind("${{", 0) != 0 || v.size() < 5 || v.substr(v.size() - 2) != "}}") {
    return {};
  }
  std::string_view inner = util::trim(v.substr(3, v.size() - 5));
  if (inner.rfind("inputs.", 0) != 0) {
    return {};
  }
  std::string name(inner.substr(7));
  bool plain = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_';
  });
  return plain ? name : std::string();
}

void substitute(Scalar& scalar, const std::map<std::string, std::string>& inputs) {
  auto name = input_reference(scalar.value);
  if (name.empty()) {
    return;
  }
  if (auto it = inputs.find(name); it != inputs.end()) {
    scalar.value = it->second;
  }
}

class Linker {
 public:
  Linker(WorkflowSet& files, const RepoSlug& self) : m_files(files), m_self(self) {
    for (auto& file : m_files) {
      m_by_path[file->workflow.path] = file.get();
    }
  }

  void run() {
    for (auto& file : m_files) {
      for (auto& job : file->jobs) {
        if (job.job->uses) {
          resolve(*file, job, 0);
        }
      }
    }
    for (auto& file : m_files) {
      record_chains(*file);
    }
    cap_id_tokens();
  }

 private:
  enum class State { fresh, visiting, done };

  const PublishHit* reusable_hit(const JobAnalysis& caller) const {
    for (const auto& hit : caller.facts.publishes) {
      if (hit.reusable) {
        return &hit;
      }
    }
    return nullptr;
  }

  void unresolved(JobAnalysis& caller, const ParsedFile& file, std::string reason) {
    UnresolvedHop hop;
    hop.step = caller.job->steps.size();
    hop.where = file.ctx->evidence(*caller.job->uses);
    hop.reason = std::move(reason);
    caller.unresolved.push_back(std::move(hop));
  }

  // What a caller hands over that looks like an npm token, by name (the
  // callee cannot be read, so its use of the secrets is unknown).
  void tokens_by_name(JobAnalysis& caller, const ParsedFile& file, const PublishHit& hit) {
    const auto& ctx = *file.ctx;
    for (const auto& token : token_sources(ctx, *caller.job, caller.facts, hit)) {
      Evidence at;
      at.at = ctx.source.position(ctx.source.offset_at(token.line, token.column));
      at.text = token.name;
      add_token(caller, token, at);
    }
  }

  // The caller holds the token the callee makes of the secrets it is passed:
  // a callee credential fed from `secrets.S` is the caller's secret passed as
  // S (or every secret, with `secrets: inherit`); one the callee takes from
  // elsewhere is carried over as it is.
  void map_tokens(JobAnalysis& caller, const ParsedFile& file, const JobAnalysis& publishing,
                  const ParsedFile& callee) {
    const auto& ctx = *file.ctx;
    const Job& job = *caller.job;
    for (const auto& token : publishing.tokens) {
      if (token.from.rfind("secrets.", 0) != 0) {
        core::TokenSource carried = token;
        carried.name = token.name + " (in " + callee.workflow.file_name + ")";
        carried.line = 0;
        carried.column = 0;
        Evidence at;
        at.text = carried.name;
        add_token(caller, carried, at);
        continue;
      }
      std::string secret = token.from.substr(8);
      bool passed = false;
      for (const auto& entry : job.secrets) {
        if (entry.name.value != secret) {
          continue;
        }
        passed = true;
        std::string from = value_origin(entry.value.value);
        if (util::trim(entry.value.value).empty() || from == "secrets.GITHUB_TOKEN" ||
            from == "github.token") {
          continue;  // an empty or GitHub-only value is no npm credential
        }
        Evidence at = ctx.evidence(entry.name);
        core::TokenSource source;
        source.line = at.at.line;
        source.column = at.at.column;
        source.name = "secrets." + secret;
        source.from = from;
        at.text = source.name;  // the fingerprint's evidence, as for a secret passed by name
        add_token(caller, source, at);
      }
      if (!passed && job.secrets_inherit) {
        Evidence at = ctx.at_mark(job.secrets_mark, "inherit");
        core::TokenSource source;
        source.line = at.at.line;
        source.column = at.at.column;
        source.name = "secrets: inherit";
        source.from = token.from;
        add_token(caller, source, at);
      }
    }
  }

  void resolve(ParsedFile& file, JobAnalysis& caller, int depth) {
    State& state = m_state[&caller];
    if (state == State::done) {
      return;
    }
    const PublishHit* found_hit = reusable_hit(caller);
    if (state == State::visiting || depth > k_max_depth || !found_hit) {
      if (state == State::visiting || depth > k_max_depth) {
        unresolved(caller, file,
                   "calls " + caller.job->uses->value +
                       ", which leads back to itself or nests too deep to follow");
      }
      state = State::done;
      return;
    }
    state = State::visiting;
    PublishHit hit = *found_hit;
    caller.callee = caller.job->uses->value;
    auto callee_path = local_callee_path(caller.callee, m_self);
    auto found = callee_path.empty() ? m_by_path.end() : m_by_path.find(callee_path);
    if (found == m_by_path.end()) {
      unresolved(
          caller, file,
          callee_path.empty()
              ? "calls " + caller.callee +
                    ", a reusable workflow in another repository that the scanner cannot read"
              : "calls " + callee_path + ", which is not in the checkout or does not parse");
      tokens_by_name(caller, file, hit);
      state = State::done;
      return;
    }
    ParsedFile& callee = *found->second;
    m_callers[&callee].push_back({&file, &caller});
    const JobAnalysis* publishing = nullptr;
    for (auto& callee_job : callee.jobs) {
      if (callee_job.job->uses) {
        resolve(callee, callee_job, depth + 1);
      }
      if (!callee_job.npm_publishes.empty() && !publishing) {
        publishing = &callee_job;
      }
    }
    if (publishing) {
      map_tokens(caller, file, *publishing, callee);
      const PublishHit& inner = publishing->npm_publishes.front();
      hit.via.push_back({callee.workflow.path, inner.where.at.line,
                         "job " + publishing->job->id + ": " + inner.tool});
      hit.via.insert(hit.via.end(), inner.via.begin(), inner.via.end());
      caller.npm_publishes.push_back(std::move(hit));
      caller.callee_job = publishing->callee_job ? publishing->callee_job : publishing;
      caller.packages = publishing->packages;
      caller.package_dirs = publishing->package_dirs;
    } else {
      // Where the callee's evidence ran out, the caller's does too.
      for (const auto& callee_job : callee.jobs) {
        for (auto hop : callee_job.unresolved) {
          hop.reason = "in " + callee.workflow.file_name + " job '" + callee_job.job->id +
                       "': " + hop.reason;
          hop.step = caller.job->steps.size();
          hop.where = file.ctx->evidence(*caller.job->uses);
          bool listed =
              std::any_of(caller.unresolved.begin(), caller.unresolved.end(),
                          [&hop](const UnresolvedHop& h) { return h.reason == hop.reason; });
          if (!listed) {
            caller.unresolved.push_back(std::move(hop));
          }
        }
        for (const auto& hint : callee_job.publish_hints) {
          if (std::find(caller.publish_hints.begin(), caller.publish_hints.end(), hint) ==
              caller.publish_hints.end()) {
            caller.publish_hints.push_back(hint);
          }
        }
      }
    }
    state = State::done;
  }

  // Every chain of local callers that reaches `file`, top-level caller first.
  std::vector<std::vector<std::pair<ParsedFile*, JobAnalysis*>>> chains(
      ParsedFile* file, std::set<ParsedFile*>& on_path) {
    std::vector<std::vector<std::pair<ParsedFile*, JobAnalysis*>>> out;
    auto it = m_callers.find(file);
    if (it == m_callers.end()) {
      return out;
    }
    on_path.insert(file);
    std::set<std::pair<ParsedFile*, JobAnalysis*>> seen;
    for (const auto& call : it->second) {
      if (!seen.insert(call).second || on_path.count(call.first) || out.size() >= k_max_chains) {
        continue;
      }
      auto above = chains(call.first, on_path);
      if (above.empty()) {
        above.push_back({});
      }
      for (auto& chain : above) {
        chain.push_back(call);
        if (out.size() < k_max_chains) {
          out.push_back(std::move(chain));
        }
      }
    }
    on_path.erase(file);
    return out;
  }

  void record_chains(ParsedFile& file) {
    std::set<ParsedFile*> on_path;
    auto all = chains(&file, on_path);
    if (all.empty()) {
      return;
    }
    for (auto& callee : file.jobs) {
      for (const auto& chain : all) {
        std::vector<std::string> names;
        for (const auto& [caller_file, caller_job] : chain) {
          names.push_back(describe(*caller_file, *caller_job));
        }
        callee.call_chains.push_back(names);
        const std::string& top = chain.front().first->workflow.file_name;
        if (std::find(callee.caller_files.begin(), callee.caller_files.end(), top) ==
            callee.caller_files.end()) {
          callee.caller_files.push_back(top);
        }
      }
    }
    m_depth[&file] = 0;
    for (const auto& chain : all) {
      m_depth[&file] = std::max(m_depth[&file], static_cast<int>(chain.size()));
    }
    m_chains[&file] = std::move(all);
  }

  // A called workflow's token is capped by its callers': without its own
  // permissions it inherits them, with them it can only narrow them. Files
  // nearer the top go first, so a nested callee sees its caller's final value.
  void cap_id_tokens() {
    std::vector<ParsedFile*> order;
    for (auto& file : m_files) {
      if (m_depth.count(file.get())) {
        order.push_back(file.get());
      }
    }
    std::stable_sort(order.begin(), order.end(),
                     [&](ParsedFile* x, ParsedFile* y) { return m_depth[x] < m_depth[y]; });
    for (ParsedFile* file : order) {
      std::set<std::pair<ParsedFile*, JobAnalysis*>> immediate(m_callers[file].begin(),
                                                               m_callers[file].end());
      for (auto& callee : file->jobs) {
        if (!callee.in_workflow_call) {
          continue;
        }
        for (const auto& [caller_file, caller_job] : immediate) {
          if (caller_job->id_token.write) {
            callee.callers_with_id_token.push_back(caller_file->workflow.file_name);
          } else {
            callee.callers_without_id_token.push_back(describe(*caller_file, *caller_job));
          }
        }
        bool own = callee.job->permissions.present || file->workflow.permissions.present;
        if (callee.callers_with_id_token.empty()) {
          callee.id_token.write = false;
          callee.id_token.why =
              "caller " + callee.callers_without_id_token.front() + " does not grant it";
        } else if (!own) {
          callee.id_token.write = true;
          callee.id_token.why = "inherited from the calling job";
        }
        // npm accepts one workflow per package: prefer a top-level caller
        // whose whole chain grants id-token.
        for (const auto& chain : m_chains[file]) {
          bool grants = std::all_of(chain.begin(), chain.end(),
                                    [](const auto& call) { return call.second->id_token.write; });
          if (grants) {
            auto& names = callee.caller_files;
            auto preferred =
                std::find(names.begin(), names.end(), chain.front().first->workflow.file_name);
            if (preferred != names.end()) {
              std::rotate(names.begin(), preferred, preferred + 1);
            }
            break;
          }
        }
      }
    }
  }

  WorkflowSet& m_files;
  const RepoSlug& m_self;
  std::map<std::string, ParsedFile*> m_by_path;
  std::map<const JobAnalysis*, State> m_state;
  std::map<ParsedFile*, std::vector<std::pair<ParsedFile*, JobAnalysis*>>> m_callers;
  std::map<ParsedFile*, std::vector<std::vector<std::pair<ParsedFile*, JobAnalysis*>>>> m_chains;
  std::map<ParsedFile*, int> m_depth;
};

}  // namespace

std::string local_callee_path(const std::string& uses, const RepoSlug& self) {
  std::string path = uses;
  auto at = path.find('@');
  if (at != std::string::npos) {
    path.resize(at);
  }
  if (path.rfind("./", 0) == 0) {
    return path.substr(2);
  }
  // owner/repo/.github/workflows/x.yml@ref naming this repository.
  auto first = path.find('/');
  auto second = first == std::string::npos ? first : path.find('/', first + 1);
  if (self.empty() || second == std::string::npos) {
    return {};
  }
  bool same = util::equals_icase(path.substr(0, first), self.owner) &&
              util::equals_icase(path.substr(first + 1, second - first - 1), self.name);
  std::string rest = path.substr(second + 1);
  return same && rest.rfind(k_workflows_dir, 0) == 0 ? rest : std::string();
}

void apply_call_inputs(WorkflowSet& files, const RepoSlug& self) {
  std::map<std::string, ParsedFile*> by_path;
  for (auto& file : files) {
    by_path[file->workflow.path] = file.get();
  }
  // Inputs every local caller passes the same way replace the declared defaults.
  std::map<ParsedFile*, std::map<std::string, std::vector<std::string>>> passed;
  std::map<ParsedFile*, int> caller_count;
  for (auto& file : files) {
    for (const auto& job : file->workflow.jobs) {
      auto found =
          job.uses ? by_path.find(local_callee_path(job.uses->value, self)) : by_path.end();
      if (found == by_path.end()) {
        continue;
      }
      ++caller_count[found->second];
      for (const auto& [name, value] : job.with) {
        passed[found->second][name].push_back(value.value);
      }
    }
  }
  for (auto& [callee, inputs] : passed) {
    for (auto& [name, values] : inputs) {
      bool agree =
          static_cast<int>(values.size()) == caller_count[callee] &&
          std::all_of(values.begin(), values.end(),
                      // (named: clang 14 cannot capture a structured binding)
                      [&list = values](const std::string& v) { return v == list.front(); });
      if (agree && values.front().find("${{") == std::string::npos) {
        callee->workflow.call_input_defaults[name] = values.front();
      }
    }
  }
  for (auto& file : files) {
    const auto& inputs = file->workflow.call_input_defaults;
    if (inputs.empty() || !file->workflow.has_trigger("workflow_call")) {
      continue;
    }
    for (auto& job : file->workflow.jobs) {
      if (job.environment) {
        substitute(*job.environment, inputs);
      }
      for (auto& label : job.runs_on) {
        substitute(label, inputs);
      }
      for (auto& [name, value] : job.with) {
        substitute(value, inputs);
      }
      for (auto& step : job.steps) {
        for (auto& [name, value] : step.with) {
          substitute(value, inputs);
        }
        if (step.working_directory) {
          substitute(*step.working_directory, inputs);
        }
      }
    }
  }
}

void link_reusable_workflows(WorkflowSet& files, const RepoSlug& self) {
  Linker(files, self).run();
}

}  // namespace nts::workflow
