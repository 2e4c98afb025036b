#include "workflow/analyze.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "core/caching_repo_view.hpp"
#include "util/text.hpp"
#include "workflow/circleci.hpp"
#include "workflow/findings.hpp"
#include "workflow/gitlab_ci.hpp"
#include "workflow/job_analysis.hpp"
#include "workflow/publish.hpp"
#include "workflow/resolve.hpp"
#include "workflow/tokens.hpp"
#include "workflow/workflow_set.hpp"

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

}  // namespace

void add_token(JobAnalysis& a, const core::TokenSource& token, const Evidence& at) {
  for (const auto& existing : a.tokens) {
    if (existing.name == token.name && existing.line == token.line) {
      return;
    }
  }
  a.tokens.push_back(token);
  a.token_evidence.push_back(at);
}

namespace {

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
    } else if (auto pkg = read_package_json(ctx.repo, hit.directory);
               pkg && !pkg->name.empty() && !pkg->is_private) {
      names.push_back(pkg->name);
      dirs.push_back(hit.directory);
    }
  }
  // npm refuses to publish a private package (EPRIVATE), so one is never a
  // trusted publisher's package, even as the fallback when the publish runs
  // in a folder the checkout does not hold (a build output).
  if (names.empty()) {
    if (auto root = read_package_json(ctx.repo, "");
        root && !root->name.empty() && !root->is_private) {
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
    // A publishing proxy in front of npmjs lands the package on npm.
    const ProxyRegistry* proxy = ctx.k.proxy(hit.registry);
    bool npm_registry = (is_npmjs(ctx.k, hit.registry) || proxy) && hit.client != "jsr";
    (npm_registry ? a.npm_publishes : a.other_publishes).push_back(hit);
    if (npm_registry && proxy && !a.proxy) {
      a.proxy = proxy;
    }
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
        std::size_t byte =
            util::byte_of_code_point(line, static_cast<std::size_t>(std::max(token.column - 1, 0)));
        at.text = std::string(line.substr(byte));
      }
      add_token(a, token, at);
    }
    // GitLab and CircleCI keep variables outside the file: a token variable
    // the job expands but never sets is the evidence.
    if (const auto* provider = ctx.k.ci_provider(core::to_string(ctx.workflow.provider))) {
      const std::string& origin = provider->invisible_variable;
      for (const auto& use : token_variable_uses(ctx.k, job, hit.step)) {
        Evidence at = ctx.evidence(use.line, use.offset);
        add_token(a, {at.at.line, at.at.column, use.name, origin}, at);
      }
    }
    auto verdict = judge_client(ctx, a.facts, hit);
    bool uses_npm_cli = verdict.status == ClientVerdict::Status::needs_npm;
    if (uses_npm_cli && !a.npm) {
      a.npm = npm_for(ctx, job, a.facts, hit);
    }
    a.clients.push_back(std::move(verdict));
  }
  // A registry write OIDC does not cover gets the same tokens a publish in
  // its place would (the npm CLI reads the same env and .npmrc).
  for (const auto& command : a.facts.token_commands) {
    PublishHit in_place;
    in_place.step = command.step;
    in_place.where = command.where;
    in_place.tool = command.tool;
    in_place.client = "npm";
    auto tokens = token_sources(ctx, job, a.facts, in_place);
    if (!tokens.empty()) {
      a.token_commands.push_back({command, std::move(tokens)});
    }
  }
  note_publish_hints(a, ctx);
  if (!a.npm_publishes.empty()) {
    for (const auto& precheck : a.facts.prechecks) {
      a.prechecks.push_back(precheck);
    }
    resolve_packages(a, ctx);
  }
  return a;
}

void fill_report(JobAnalysis& a, const std::string& path) {
  auto& r = a.report;
  // Unknown, never a silent "no": the chain left what the scanner reads and
  // the job looks like an npm release; without a hint it does not publish.
  bool unknown = a.npm_publishes.empty() && !a.unresolved.empty() && !a.publish_hints.empty();
  r.publishes_npm = !a.npm_publishes.empty() ? core::Publishes::yes
                    : unknown                ? core::Publishes::unknown
                                             : core::Publishes::no;
  auto chain = [](const PublishHit& hit) {
    std::vector<core::ChainHop> via;
    for (const auto& hop : hit.via) {
      via.push_back({hop.path, hop.line, hop.what});
    }
    return via;
  };
  for (const auto& hit : a.npm_publishes) {
    r.publish_steps.push_back({hit.where.at.line, hit.where.at.column, hit.tool, chain(hit)});
  }
  for (const auto& hit : a.other_publishes) {
    r.publish_steps.push_back({hit.where.at.line, hit.where.at.column,
                               hit.tool + " (" + registry_host(hit.registry) + ")", chain(hit)});
  }
  auto publishes_at = [&a](std::size_t step) {
    return std::any_of(a.npm_publishes.begin(), a.npm_publishes.end(),
                       [step](const PublishHit& hit) { return hit.step == step; });
  };
  for (const auto& hop : a.unresolved) {
    if (unknown || (hop.listed_without_hint && !publishes_at(hop.step))) {
      r.unresolved.push_back({path, hop.where.at.line, hop.reason});
    }
  }
  if (unknown) {
    r.publish_hints = a.publish_hints;
  }
  r.called_from = a.call_chains;
  std::sort(r.publish_steps.begin(), r.publish_steps.end(), [](const auto& x, const auto& y) {
    return std::tie(x.line, x.column) < std::tie(y.line, y.column);
  });
  // A step run in several folders (one per matrix value) is one step.
  r.publish_steps.erase(std::unique(r.publish_steps.begin(), r.publish_steps.end(),
                                    [](const auto& x, const auto& y) {
                                      return x.line == y.line && x.column == y.column &&
                                             x.tool == y.tool;
                                    }),
                        r.publish_steps.end());
  r.token_sources = a.tokens;
  for (const auto& command : a.token_commands) {
    r.token_commands.push_back(
        {command.hit.where.at.line, command.hit.where.at.column, command.hit.tool, command.tokens});
  }
  r.packages = a.packages;
}

bool mentions_word(const std::string& text, const std::string& word) {
  auto is_word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  for (auto at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) {
    bool starts = at == 0 || !is_word(text[at - 1]);
    bool ends = at + word.size() >= text.size() || !is_word(text[at + word.size()]);
    if (starts && ends) {
      return true;
    }
  }
  return false;
}

// Where a setup-node step can go in a job that publishes with npm on the
// runner's preinstalled Node; -1 unless the analysis is sure nothing else
// in the job picks Node: no setup-node, no container, a GitHub-hosted
// runner, no Node version manager in a run: line, and before the publish
// only actions known to leave Node alone. The step goes after the leading
// ones of those actions (checkout), before the first step that may run Node.
int setup_node_position(const JobAnalysis& a, const Knowledge& k) {
  if (!a.npm || a.npm->status != NpmInfo::Status::unknown || !a.facts.setup_nodes.empty() ||
      a.job->container_image || a.runner.kind != RunnerInfo::Kind::github_hosted ||
      a.facts.uses_bun || a.npm_publishes.empty() || a.in_workflow_call) {
    return -1;
  }
  auto publish = a.npm_publishes.front().step;
  int position = -1;
  for (const auto& step : a.job->steps) {
    if (step.run) {
      for (const auto& manager : k.node_managers) {
        if (mentions_word(step.run->value, manager)) {
          return -1;
        }
      }
    }
    if (step.index > publish) {
      continue;
    }
    bool neutral = false;
    if (step.uses) {
      auto name = util::to_lower(step.uses->value.substr(0, step.uses->value.find('@')));
      neutral = std::find(k.node_neutral_actions.begin(), k.node_neutral_actions.end(), name) !=
                k.node_neutral_actions.end();
      if (!neutral && step.index != publish) {
        return -1;  // an action that may set Node up itself
      }
    }
    if (!neutral && position < 0) {
      position = static_cast<int>(step.index);
    }
  }
  return position;
}

JobMechanics mechanics_of(const JobAnalysis& a, const ParsedFile& file, const Knowledge& k) {
  JobMechanics m;
  m.default_token_scopes = k.default_token_scopes;
  for (const auto& tool : k.tool_scopes) {
    m.tool_scopes.emplace_back(tool.marker, tool.scopes);
  }
  m.token_markers = k.token_markers;
  m.setup_node_before = setup_node_position(a, k);
  m.setup_node_ref = k.setup_node_ref;
  bool every_client_known = !a.clients.empty();
  for (const auto& client : a.clients) {
    using S = ClientVerdict::Status;
    if (client.status == S::blocked && client.upgrade) {
      m.tool_upgrades.push_back(*client.upgrade);
    } else if (client.status != S::needs_npm && client.status != S::capable) {
      every_client_known = false;
    }
  }
  m.clients_upgradable = every_client_known && !m.tool_upgrades.empty();
  m.path = file.workflow.path;
  m.job = a.job->id;
  m.in_workflow_call = a.in_workflow_call;
  m.lts_major = k.lts_major;
  m.min_node = k.min_node;
  m.npm_upgrade_command = k.npm_upgrade_command;
  for (const auto& hit : a.facts.publishes) {
    m.reusable_call = m.reusable_call || hit.reusable;
  }
  // A resolved call's first hop is the callee's file (reusable.cpp).
  for (const auto& hit : a.npm_publishes) {
    if (hit.reusable && !hit.via.empty() && m.callee_path.empty()) {
      m.callee_path = hit.via.front().path;
    }
  }
  if (!a.npm_publishes.empty()) {
    m.publish_step = static_cast<int>(a.npm_publishes.front().step);
  }
  m.clients_supported = !a.clients.empty() &&
                        std::all_of(a.clients.begin(), a.clients.end(), [](const ClientVerdict& c) {
                          return c.status == ClientVerdict::Status::needs_npm ||
                                 c.status == ClientVerdict::Status::capable;
                        });
  if (a.npm) {
    using S = NpmInfo::Status;
    m.npm = a.npm->status == S::capable   ? JobMechanics::Npm::capable
            : a.npm->status == S::too_old ? JobMechanics::Npm::too_old
                                          : JobMechanics::Npm::unknown;
    m.npm_detail = a.npm->detail;
    m.node = a.npm->node;
    m.version_file = a.npm->version_file;
    if (a.npm->at) {
      m.node_line = a.npm->at->at.line;
      m.node_column = a.npm->at->at.column;
    }
  }
  return m;
}

}  // namespace

bool analysis_reads(std::string_view path) {
  if (path.rfind(".github/workflows/", 0) == 0) {
    return true;
  }
  // GitLab CI files: .gitlab-ci.yml and whatever YAML it includes, which may
  // be anywhere in the repository.
  auto yaml = [&](std::string_view suffix) {
    return path.size() >= suffix.size() &&
           path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  if (yaml(".yml") || yaml(".yaml")) {
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
  // Scripts, task files and release configurations a command leads to.
  return resolver_reads(path);
}

bool analysis_may_read(std::string_view path) {
  if (analysis_reads(path)) {
    return true;
  }
  auto slash = path.rfind('/');
  std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  auto dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0) {
    return true;  // extensionless: an executable script as often as not
  }
  std::string ext(name.substr(dot + 1));
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  static const std::set<std::string, std::less<>> inert = {
      "png",  "jpg",  "jpeg",  "gif",      "webp", "avif", "ico", "bmp", "tif",  "tiff", "svg",
      "psd",  "woff", "woff2", "ttf",      "otf",  "eot",  "mp3", "mp4", "wav",  "ogg",  "webm",
      "mov",  "avi",  "flac",  "zip",      "gz",   "tgz",  "bz2", "xz",  "7z",   "rar",  "jar",
      "pdf",  "md",   "mdx",   "markdown", "rst",  "adoc", "txt", "css", "scss", "sass", "less",
      "snap", "map",  "wasm",  "lock",     "csv",  "tsv",  "po",  "mo"};
  return inert.find(ext) == inert.end();
}

Analysis analyze_repository(const core::RepoView& repository, const rules::RuleSet& rules,
                            const AnalysisOptions& options) {
  // Jobs ask for the same package.json, config and script files again and
  // again; each is read from the repository once.
  core::CachingRepoView cached(repository);
  const core::RepoView& repo = cached;
  Analysis out;
  std::string error;
  const Knowledge* k = knowledge(&error);
  if (!k) {
    out.issues.push_back({core::ScanIssue::Kind::error, "rules/workflow", 0, error});
    return out;
  }
  WorkflowSet files;
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
  const std::string& gitlab_entry =
      options.gitlab_ci_file.empty() ? k->gitlab.ci_file : options.gitlab_ci_file;
  if (!options.gitlab_ci_file.empty() && !repo.size(gitlab_entry)) {
    out.issues.push_back({core::ScanIssue::Kind::error, gitlab_entry, 0,
                          "the GitLab CI file that --gitlab-ci-file or the repository config's "
                          "gitlab-ci-file names is not in the repository"});
  } else if (repo.read(gitlab_entry)) {
    for (auto& gitlab : read_gitlab_pipeline(repo, gitlab_entry, *k, out.issues)) {
      auto file = std::make_unique<ParsedFile>();
      file->workflow = std::move(gitlab.workflow);
      file->source = std::make_unique<SourceText>(std::move(gitlab.text));
      file->ctx =
          std::make_unique<FileContext>(FileContext{file->workflow, *file->source, repo, *k});
      files.push_back(std::move(file));
    }
  }
  const std::string circleci_path =
      options.circleci_config.empty() ? k->circleci.config_file : options.circleci_config;
  if (!options.circleci_config.empty() || repo.size(circleci_path)) {
    if (auto circleci = read_circleci_config(repo, circleci_path, *k, out.issues)) {
      auto file = std::make_unique<ParsedFile>();
      file->workflow = std::move(circleci->workflow);
      file->source = std::make_unique<SourceText>(std::move(circleci->text));
      file->ctx =
          std::make_unique<FileContext>(FileContext{file->workflow, *file->source, repo, *k});
      files.push_back(std::move(file));
    }
  }
  std::sort(files.begin(), files.end(),
            [](const auto& x, const auto& y) { return x->workflow.path < y->workflow.path; });

  try {
    RepoSlug self = repository_slug(repo);
    apply_call_inputs(files, self);
    for (auto& file : files) {
      for (const auto& job : file->workflow.jobs) {
        file->jobs.push_back(analyse_job(*file->ctx, job));
      }
    }
    link_reusable_workflows(files, self);
    for (auto& file : files) {
      core::WorkflowReport report;
      report.path = file->workflow.path;
      report.provider = file->workflow.provider;
      for (auto& a : file->jobs) {
        // A callee's effective id-token is capped by its callers'.
        fill_report(a, file->workflow.path);
        conclude(a, *file->ctx);
        auto findings = job_findings(a, *file->ctx, rules);
        out.findings.insert(out.findings.end(), findings.begin(), findings.end());
        if (a.report.publishes()) {
          out.mechanics.push_back(mechanics_of(a, *file, *k));
        }
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
