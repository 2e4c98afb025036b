#include "workflow/analyze.hpp"

#include <algorithm>
#include <map>
#include <memory>

#include "workflow/findings.hpp"
#include "workflow/job_analysis.hpp"
#include "workflow/publish.hpp"
#include "workflow/tokens.hpp"

namespace nts::workflow {
namespace {

// GitHub only runs files directly in .github/workflows.
bool is_workflow_path(const std::string& path) {
  const std::string dir = ".github/workflows/";
  if (path.rfind(dir, 0) != 0 || path.find('/', dir.size()) != std::string::npos) {
    return false;
  }
  auto ends = [&](const std::string& suffix) {
    return path.size() > dir.size() + suffix.size() &&
           path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  return ends(".yml") || ends(".yaml");
}

struct ParsedFile {
  Workflow workflow;
  std::unique_ptr<SourceText> source;
  std::unique_ptr<FileContext> ctx;
  std::vector<JobAnalysis> jobs;
};

void add_token(JobAnalysis& a, const core::TokenSource& token, const Evidence& at) {
  for (const auto& existing : a.tokens) {
    if (existing.name == token.name && existing.line == token.line) {
      return;
    }
  }
  a.tokens.push_back(token);
  a.token_evidence.push_back(at);
}

std::vector<std::string> all_packages(const core::RepoView& repo, std::vector<std::string>* dirs) {
  std::vector<std::string> names;
  for (const auto& path : repo.paths()) {
    bool manifest = path == "package.json" ||
                    (path.size() > 13 && path.compare(path.size() - 13, 13, "/package.json") == 0);
    if (!manifest || path.find("node_modules/") != std::string::npos) {
      continue;
    }
    auto dir = path == "package.json" ? std::string() : path.substr(0, path.size() - 13);
    auto pkg = read_package_json(repo, dir);
    if (pkg && !pkg->name.empty() && !pkg->is_private && !(dir.empty() && pkg->has_workspaces)) {
      names.push_back(pkg->name);
      dirs->push_back(dir);
    }
  }
  return names;
}

// Which packages the job publishes and whether their repository.url matches.
void resolve_packages(JobAnalysis& a, const FileContext& ctx) {
  std::vector<std::string> names, dirs;
  for (const auto& hit : a.npm_publishes) {
    bool many =
        hit.workspaces || hit.client == "changesets" || hit.client == "lerna" || hit.client == "nx";
    if (many) {
      auto found = all_packages(ctx.repo, &dirs);
      names.insert(names.end(), found.begin(), found.end());
    } else if (auto pkg = read_package_json(ctx.repo, hit.directory); pkg && !pkg->name.empty()) {
      names.push_back(pkg->name);
      dirs.push_back(hit.directory);
    }
  }
  if (names.empty()) {
    if (auto root = read_package_json(ctx.repo, ""); root && !root->name.empty()) {
      names.push_back(root->name);
      dirs.push_back("");
    }
  }
  std::vector<std::pair<std::string, std::string>> pairs;
  for (std::size_t i = 0; i < names.size(); ++i) {
    pairs.emplace_back(names[i], dirs[i]);
  }
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end(),
                          [](const auto& x, const auto& y) { return x.first == y.first; }),
              pairs.end());
  for (const auto& [name, dir] : pairs) {
    a.packages.push_back(name);
    a.package_dirs.push_back(dir);
  }
  // repository.url must match the repository exactly (npm/cli#8730).
  RepoSlug remote = parse_github_slug(ctx.repo.remote_url().value_or(""));
  for (std::size_t i = 0; i < a.packages.size(); ++i) {
    auto pkg = read_package_json(ctx.repo, a.package_dirs[i]);
    if (!pkg) {
      continue;
    }
    if (pkg->repository_url.empty()) {
      a.repository_problems.push_back(pkg->path + " has no repository.url");
      continue;
    }
    RepoSlug declared = parse_github_slug(pkg->repository_url);
    if (!remote.empty() && !declared.empty() &&
        (declared.owner != remote.owner || declared.name != remote.name)) {
      a.repository_problems.push_back(pkg->path + " repository.url points to " + declared.owner +
                                      "/" + declared.name + ", not " + remote.owner + "/" +
                                      remote.name);
    }
  }
}

// The steps-based part of a job's analysis (no knowledge of other files).
JobAnalysis analyse_job(const FileContext& ctx, const Job& job) {
  JobAnalysis a;
  a.job = &job;
  a.report.id = job.id;
  a.report.line = ctx.at_mark(job.mark, job.id).at.line;
  a.facts = scan_job(ctx, job);
  a.id_token = job_id_token(ctx, job);
  a.runner = classify_runner(ctx, job);
  a.in_workflow_call = ctx.workflow.has_trigger("workflow_call");
  a.pull_request_target = ctx.workflow.has_trigger("pull_request_target");
  for (const auto& trigger : ctx.workflow.triggers) {
    if (trigger.value == "pull_request_target") {
      a.trigger_at = ctx.evidence(trigger);
    }
  }
  for (const auto& hit : a.facts.publishes) {
    if (hit.reusable) {
      continue;  // decided once every file is parsed
    }
    bool npm_registry = is_npmjs(hit.registry) && hit.client != "jsr";
    (npm_registry ? a.npm_publishes : a.other_publishes).push_back(hit);
  }
  for (const auto& hit : a.npm_publishes) {
    for (const auto& token : token_sources(ctx, job, a.facts, hit)) {
      Evidence at;
      at.at.line = token.line;
      at.at.column = token.column;
      at.text = token.name;
      if (token.line > 0) {
        // The evidence is the rest of the line from the token's column.
        auto line = ctx.source.line_text(token.line);
        std::size_t byte = 0;
        for (int cp = 1; cp < token.column && byte < line.size(); ++cp) {
          ++byte;
          while (byte < line.size() && (static_cast<unsigned char>(line[byte]) & 0xC0) == 0x80) {
            ++byte;
          }
        }
        at.text = std::string(line.substr(byte));
      }
      add_token(a, token, at);
    }
    auto verdict = judge_client(ctx, a.facts, hit);
    bool uses_npm_cli = verdict.status == ClientVerdict::Status::needs_npm;
    if (uses_npm_cli && !a.npm) {
      a.npm = npm_for(ctx, job, a.facts, hit);
    }
    a.clients.push_back(std::move(verdict));
  }
  if (!a.npm_publishes.empty()) {
    for (const auto& precheck : a.facts.prechecks) {
      a.prechecks.push_back(precheck);
    }
    resolve_packages(a, ctx);
  }
  return a;
}

void fill_report(JobAnalysis& a) {
  auto& r = a.report;
  r.publishes_npm = !a.npm_publishes.empty();
  for (const auto& hit : a.npm_publishes) {
    r.publish_steps.push_back({hit.where.at.line, hit.where.at.column, hit.tool});
  }
  for (const auto& hit : a.other_publishes) {
    r.publish_steps.push_back({hit.where.at.line, hit.where.at.column,
                               hit.tool + " (" + registry_host(hit.registry) + ")"});
  }
  std::sort(r.publish_steps.begin(), r.publish_steps.end(), [](const auto& x, const auto& y) {
    return std::tie(x.line, x.column) < std::tie(y.line, y.column);
  });
  r.token_sources = a.tokens;
  r.packages = a.packages;
}

std::string local_callee_path(const std::string& uses) {
  if (uses.rfind("./", 0) != 0) {
    return {};
  }
  auto path = uses.substr(2);
  auto at = path.find('@');
  return at == std::string::npos ? path : path.substr(0, at);
}

}  // namespace

bool analysis_reads(std::string_view path) {
  if (path.rfind(".github/workflows/", 0) == 0) {
    return true;
  }
  auto slash = path.rfind('/');
  std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  // Node version files a workflow names with node-version-file may be
  // anywhere and called anything; these are the names in common use.
  for (std::string_view read :
       {"package.json", ".npmrc", ".yarnrc.yml", ".yarnrc", "yarn.lock", "pnpm-lock.yaml",
        "action.yml", "action.yaml", ".nvmrc", ".node-version", ".tool-versions",
        ".release-it.json", ".release-it.yaml", ".release-it.yml", ".release-it.toml"}) {
    if (name == read) {
      return true;
    }
  }
  return false;
}

Analysis analyze_repository(const core::RepoView& repo, const rules::RuleSet& rules) {
  Analysis out;
  std::string error;
  const Knowledge* k = knowledge(&error);
  if (!k) {
    out.issues.push_back({core::ScanIssue::Kind::error, "rules/workflow", 0, error});
    return out;
  }
  std::vector<std::unique_ptr<ParsedFile>> files;
  for (const auto& path : repo.paths()) {
    if (!is_workflow_path(path)) {
      continue;
    }
    std::optional<std::uint64_t> size;
    auto text = core::read_at_most(repo, path, k_max_yaml_bytes, &size);
    if (!text && size && *size > k_max_yaml_bytes) {
      out.issues.push_back({core::ScanIssue::Kind::note, path, 0,
                            "workflow not analysed: " + std::to_string(*size) +
                                " bytes is over the limit of " + std::to_string(k_max_yaml_bytes) +
                                " bytes for a workflow file"});
      continue;
    }
    if (!text) {
      out.issues.push_back({core::ScanIssue::Kind::error, path, 0, "cannot read workflow file"});
      continue;
    }
    auto parsed = parse_workflow(path, *text);
    if (!parsed) {
      int line = parsed.error().location ? parsed.error().location->line : 0;
      out.issues.push_back({core::ScanIssue::Kind::error, path, line, parsed.error().message});
      continue;
    }
    auto file = std::make_unique<ParsedFile>();
    file->workflow = std::move(*parsed);
    file->source = std::make_unique<SourceText>(std::move(*text));
    file->ctx = std::make_unique<FileContext>(FileContext{file->workflow, *file->source, repo, *k});
    files.push_back(std::move(file));
  }
  std::sort(files.begin(), files.end(),
            [](const auto& x, const auto& y) { return x->workflow.path < y->workflow.path; });

  try {
    std::map<std::string, ParsedFile*> by_path;
    for (auto& file : files) {
      by_path[file->workflow.path] = file.get();
    }
    // Inputs every local caller passes the same way replace the declared
    // defaults of a reusable workflow (`node-version: ${{ inputs.node }}`).
    std::map<ParsedFile*, std::map<std::string, std::vector<std::string>>> passed_inputs;
    std::map<ParsedFile*, int> caller_count;
    for (auto& file : files) {
      for (const auto& job : file->workflow.jobs) {
        auto found = job.uses ? by_path.find(local_callee_path(job.uses->value)) : by_path.end();
        if (found == by_path.end()) {
          continue;
        }
        ++caller_count[found->second];
        for (const auto& [name, value] : job.with) {
          passed_inputs[found->second][name].push_back(value.value);
        }
      }
    }
    for (auto& [callee, inputs] : passed_inputs) {
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
      for (const auto& job : file->workflow.jobs) {
        file->jobs.push_back(analyse_job(*file->ctx, job));
      }
    }
    // Reusable workflows: link local callers and callees.
    for (auto& file : files) {
      for (auto& caller : file->jobs) {
        if (!caller.job->uses) {
          continue;
        }
        const auto& ctx = *file->ctx;
        auto callee_path = local_callee_path(caller.job->uses->value);
        auto found = by_path.find(callee_path);
        PublishHit hit;
        for (const auto& h : caller.facts.publishes) {
          if (h.reusable) {
            hit = h;
          }
        }
        caller.callee = caller.job->uses->value;
        const JobAnalysis* publishing = nullptr;
        if (found != by_path.end()) {
          for (auto& callee : found->second->jobs) {
            if (!callee.npm_publishes.empty() && !publishing) {
              publishing = &callee;
            }
            if (std::find(callee.caller_files.begin(), callee.caller_files.end(),
                          file->workflow.file_name) == callee.caller_files.end()) {
              callee.caller_files.push_back(file->workflow.file_name);
            }
            if (caller.id_token.write) {
              callee.callers_with_id_token.push_back(file->workflow.file_name);
            } else {
              callee.callers_without_id_token.push_back(file->workflow.file_name + " (job " +
                                                        caller.job->id + ")");
            }
          }
        }
        // Secrets handed over: named npm secrets, or all of them with inherit.
        std::vector<core::TokenSource> passed = token_sources(ctx, *caller.job, caller.facts, hit);
        if (caller.job->secrets_inherit && publishing && !publishing->tokens.empty()) {
          core::TokenSource inherit;
          Evidence at = ctx.at_mark(caller.job->secrets_mark, "inherit");
          inherit.line = at.at.line;
          inherit.column = at.at.column;
          inherit.name = "secrets: inherit";
          inherit.from = publishing->tokens.front().from;
          add_token(caller, inherit, at);
        }
        for (const auto& token : passed) {
          Evidence at;
          at.at = ctx.source.position(ctx.source.offset_of_mark(token.line - 1, token.column - 1));
          at.text = token.name;
          add_token(caller, token, at);
        }
        bool remote_publisher = found == by_path.end() && !passed.empty();
        if (publishing || remote_publisher) {
          caller.npm_publishes.push_back(hit);
          caller.callee_job = publishing;
          if (publishing) {
            caller.packages = publishing->packages;
          }
        }
      }
    }
    // A called workflow's token is capped by its callers': without its own
    // permissions it inherits them, with them it can only narrow them.
    for (auto& file : files) {
      for (auto& callee : file->jobs) {
        if (!callee.in_workflow_call || callee.caller_files.empty()) {
          continue;
        }
        // npm accepts one workflow per package: the caller that grants
        // id-token is the one to register, the others are reported.
        bool own = callee.job->permissions.present || file->workflow.permissions.present;
        bool any_grants = !callee.callers_with_id_token.empty();
        if (!any_grants) {
          callee.id_token.write = false;
          callee.id_token.why =
              "caller " + callee.callers_without_id_token.front() + " does not grant it";
        } else if (!own) {
          callee.id_token.write = true;
          callee.id_token.why = "inherited from the calling job";
        }
        if (any_grants) {
          auto& files_list = callee.caller_files;
          auto preferred =
              std::find(files_list.begin(), files_list.end(), callee.callers_with_id_token.front());
          std::rotate(files_list.begin(), preferred, preferred + 1);
        }
      }
    }
    for (auto& file : files) {
      core::WorkflowReport report;
      report.path = file->workflow.path;
      for (auto& a : file->jobs) {
        // A callee's effective id-token is capped by its callers'.
        fill_report(a);
        conclude(a, *file->ctx);
        auto findings = job_findings(a, *file->ctx, rules);
        out.findings.insert(out.findings.end(), findings.begin(), findings.end());
        report.jobs.push_back(a.report);
      }
      out.workflows.push_back(std::move(report));
    }
  } catch (const std::exception& e) {
    // Analysis code does not throw by design; if it ever does, say so instead of crashing.
    out.issues.push_back({core::ScanIssue::Kind::error, ".github/workflows", 0,
                          std::string("workflow analysis failed: ") + e.what()});
  }
  std::sort(out.findings.begin(), out.findings.end(), [](const auto& x, const auto& y) {
    return std::tie(x.location.path, x.location.line, x.location.column, x.rule_id) <
           std::tie(y.location.path, y.location.line, y.location.column, y.rule_id);
  });
  return out;
}

}  // namespace nts::workflow
