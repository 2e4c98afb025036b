#include "util/text.hpp"
#include "workflow/publish.hpp"
#include "workflow/readiness.hpp"
#include "workflow/version.hpp"

namespace nts::workflow {
namespace {

std::optional<Version> pinned(const std::string& spec) {
  auto r = parse_requirement(spec);
  return r.latest ? std::nullopt : r.minimum;
}

// "pnpm@10.12.1+sha…" for the named manager.
std::optional<Version> package_manager_version(const PackageJson* pkg, const std::string& manager) {
  if (!pkg || pkg->package_manager.rfind(manager + "@", 0) != 0) {
    return std::nullopt;
  }
  return parse_version(pkg->package_manager.substr(manager.size() + 1));
}

// The package manager `changeset publish` / `nx release` end up running.
// Corepack runs the packageManager of the nearest package.json that names one
// (the package's own, else the repository root's).
const PackageJson* package_manager_manifest(const std::vector<const PackageJson*>& manifests) {
  for (const PackageJson* p : manifests) {
    if (p && !p->package_manager.empty()) {
      return p;
    }
  }
  return nullptr;
}

std::string package_manager(const FileContext& ctx, const PackageJson* pkg) {
  if (pkg && !pkg->package_manager.empty()) {
    if (pkg->package_manager.rfind("pnpm@", 0) == 0) {
      return "pnpm";
    }
    if (pkg->package_manager.rfind("yarn@", 0) == 0) {
      auto v = package_manager_version(pkg, "yarn");
      return v && v->major() >= 2 ? "yarn-berry" : "npm";
    }
    if (pkg->package_manager.rfind("bun@", 0) == 0) {
      return "npm";  // changesets and nx publish with npm under bun
    }
  }
  if (ctx.repo.size("pnpm-lock.yaml")) {  // only whether it exists: never read a lockfile
    return "pnpm";
  }
  if (ctx.repo.size("yarn.lock") && ctx.repo.size(".yarnrc.yml")) {
    return "yarn-berry";
  }
  return "npm";
}

bool release_it_skips_checks(const FileContext& ctx, const PackageJson* pkg) {
  if (pkg && pkg->release_it_skip_checks) {
    return true;
  }
  for (const char* file :
       {".release-it.json", ".release-it.yaml", ".release-it.yml", ".release-it.toml"}) {
    if (auto text = ctx.repo.read(file)) {
      // A textual check: the key and `true` in the npm section are what matter.
      auto at = text->find("skipChecks");
      if (at != std::string::npos && text->find("true", at) != std::string::npos &&
          text->find("true", at) < at + 20) {
        return true;
      }
    }
  }
  return false;
}

// A floating action tag (v4) follows its newest release; a full tag or a
// commit hash is what it says.
ClientVerdict judge_action_ref(const ClientInfo* info, const std::string& ref,
                               const std::string& oidc_from, const std::string& name) {
  ClientVerdict v;
  v.client = info ? info->id : "action";
  auto from = parse_version(oidc_from);
  auto version = parse_version(ref);
  if (!from || !version) {
    v.status = ClientVerdict::Status::unverified;
    v.reason = name + "@" + ref +
               " cannot be matched to a release; trusted publishing needs >= " + oidc_from;
    return v;
  }
  bool floating = version->parts.size() == 1;
  bool ok = version->major() > from->major() || (floating && version->major() == from->major()) ||
            *version >= *from;
  if (ok) {
    v.status = ClientVerdict::Status::capable;
    return v;
  }
  v.status = ClientVerdict::Status::blocked;
  v.reason = name + "@" + ref + " requires a token (token-free publishing from " + oidc_from + ")";
  v.fix = "upgrade " + name + " to >= " + oidc_from + " and drop its token input";
  return v;
}

// `uses: owner/repo@<sha> # v1.7.0`: the release a commit pin's comment
// names (Dependabot and Renovate keep it in step with the hash).
std::string commented_release(const FileContext& ctx, const PublishHit& hit) {
  auto line = ctx.source.line_text(hit.where.at.line);
  auto at = line.find(hit.action + "@" + hit.action_ref);
  auto hash = at == std::string_view::npos ? at : line.find('#', at);
  if (hash == std::string_view::npos) {
    return {};
  }
  auto rest = util::trim(line.substr(hash + 1));
  std::string word(rest.substr(0, rest.find_first_of(" \t")));
  return parse_version(word) ? word : std::string();
}

// The release tool's version where the command or the action input pins it
// (`npx semantic-release@24`, `semantic_version: 19`): that is what runs,
// whatever package.json lists. nullopt when no pin names this client.
std::optional<ClientVerdict> judge_pin(const FileContext& ctx, const ClientInfo& info,
                                       const PublishHit& hit, ClientVerdict v) {
  if (hit.tool_pin.empty()) {
    return std::nullopt;
  }
  bool host = hit.tool_pin_name == info.host_dependency && !info.host_from.empty();
  bool own = std::find(info.version_from.begin(), info.version_from.end(),
                       "dependency:" + hit.tool_pin_name) != info.version_from.end();
  if (!host && !own) {
    return std::nullopt;
  }
  const std::string& needed = host ? info.host_from : info.oidc_from;
  auto requirement = parse_requirement(hit.tool_pin);
  auto from = parse_version(needed);
  if (!from) {
    return std::nullopt;
  }
  // A floating pin (`latest`, `>=24`) runs the newest release; `24` runs the newest 24.x.
  if (requirement.latest || (requirement.minimum && *requirement.minimum >= *from)) {
    v.status = ClientVerdict::Status::capable;
    return v;
  }
  if (!requirement.minimum) {
    v.status = ClientVerdict::Status::unverified;
    v.reason = hit.tool_pin_source + " cannot be matched to a release of " + hit.tool_pin_name +
               " (trusted publishing needs >= " + needed + ")";
    return v;
  }
  v.status = ClientVerdict::Status::blocked;
  v.reason = hit.tool_pin_name + " " + requirement.minimum->str() + " (" + hit.tool_pin_source +
             ") cannot use trusted publishing (needs " + hit.tool_pin_name + " >= " + needed + ")";
  // Written in the workflow itself (not in a script the step runs): fix can raise it.
  if (hit.via.empty()) {
    ToolUpgrade up;
    bool input = hit.tool_pin_source != hit.tool_pin_name + "@" + hit.tool_pin;
    up.kind = input ? ToolUpgrade::Kind::action_input : ToolUpgrade::Kind::command_pin;
    up.path = ctx.workflow.path;
    up.line = hit.where.at.line;
    up.step = hit.step;
    up.name =
        input ? hit.tool_pin_source.substr(0, hit.tool_pin_source.find(':')) : hit.tool_pin_name;
    up.written = hit.tool_pin;
    up.minimum = needed;
    up.blocker = v.reason;
    v.upgrade = std::move(up);
  }
  return v;
}

ToolUpgrade dependency_upgrade(const PackageJson& pkg, const std::string& name,
                               const std::string& minimum, const std::string& blocker) {
  ToolUpgrade up;
  up.kind = ToolUpgrade::Kind::dependency;
  up.path = pkg.path;
  up.name = name;
  up.written = pkg.dependency(name).value_or("");
  up.minimum = minimum;
  up.blocker = blocker;
  return up;
}

}  // namespace

ClientVerdict judge_client(const FileContext& ctx, const JobFacts& facts, const PublishHit& hit) {
  auto pkg_at = read_package_json(ctx.repo, hit.directory);
  auto root = read_package_json(ctx.repo, "");
  const PackageJson* pkg = pkg_at ? &*pkg_at : (root ? &*root : nullptr);
  const PackageJson* root_pkg = root ? &*root : nullptr;
  const std::vector<const PackageJson*> manifests = {pkg, root_pkg};
  std::string client = hit.client;
  if (client == "changesets" || client == "nx") {
    client = package_manager(ctx, root ? &*root : pkg);
  }
  const ClientInfo* info = ctx.k.client(client);
  ClientVerdict v;
  v.client = client;
  v.status = ClientVerdict::Status::needs_npm;
  if (info) {
    v.fix = info->fix;
    v.precheck = info->precheck;
  }
  if (client == "release-it" && release_it_skips_checks(ctx, pkg)) {
    v.precheck.clear();
  }
  if (!hit.action_ref.empty()) {
    const ActionPattern* action = ctx.k.action(hit.action);
    if (action && !action->oidc_from.empty()) {
      std::string ref = hit.action_ref;
      if (!parse_version(ref)) {
        if (auto commented = commented_release(ctx, hit); !commented.empty()) {
          ref = commented;
        }
      }
      auto verdict = judge_action_ref(info, ref, action->oidc_from, action->tool);
      if (verdict.status == ClientVerdict::Status::blocked) {
        ToolUpgrade up;
        up.kind = ToolUpgrade::Kind::action_ref;
        up.path = ctx.workflow.path;
        up.line = hit.where.at.line;
        up.step = hit.step;
        up.name = hit.action;
        up.written = hit.action_ref;
        up.minimum = action->oidc_from;
        up.blocker = verdict.reason;
        verdict.upgrade = std::move(up);
      }
      // A release that can go token-free still publishes through its client.
      if (verdict.status != ClientVerdict::Status::capable || !info) {
        return verdict;
      }
    }
  }
  if (info) {
    if (auto pinned_verdict = judge_pin(ctx, *info, hit, v)) {
      return *pinned_verdict;
    }
  }
  if (!info || info->oidc == "delegates") {
    if (client == "pnpm" && info) {
      std::optional<Version> version =
          package_manager_version(package_manager_manifest(manifests), "pnpm");
      if (!version && !facts.pnpm_version.empty()) {
        version = pinned(facts.pnpm_version);
      }
      if (version && *version >= *parse_version(info->native_from)) {
        v.status = ClientVerdict::Status::capable;
      } else {
        v.reason = version ? "pnpm " + version->str() + " delegates to the npm CLI"
                           : "pnpm (version not pinned) delegates to the npm CLI before 11.0";
      }
    }
    return v;
  }
  if (info->oidc == "never") {
    v.status = ClientVerdict::Status::blocked;
    v.reason = info->name + " cannot use trusted publishing";
    return v;
  }
  // native: does OIDC itself from a version on.
  if (info->oidc_from.empty()) {
    v.status = ClientVerdict::Status::capable;
    return v;
  }
  auto from = *parse_version(info->oidc_from);
  std::optional<Version> version;
  std::string what;
  const PackageJson* from_manifest = nullptr;
  for (const auto& source : info->version_from) {
    if (source == "packageManager") {
      version = package_manager_version(package_manager_manifest(manifests),
                                        client == "yarn-berry" ? "yarn" : client);
      what = "packageManager";
    } else if (source.rfind("dependency:", 0) == 0) {
      auto dep = source.substr(11);
      for (const PackageJson* p : manifests) {
        if (p && p->dependency(dep)) {
          version = pinned(*p->dependency(dep));
          what = dep;
          from_manifest = p;
          break;
        }
      }
    }
    if (version) {
      break;
    }
  }
  if (!version && !info->host_dependency.empty()) {
    for (const PackageJson* p : manifests) {
      if (p && p->dependency(info->host_dependency)) {
        if (auto host = pinned(*p->dependency(info->host_dependency))) {
          what = info->host_dependency;
          if (*host >= *parse_version(info->host_from)) {
            v.status = ClientVerdict::Status::capable;
            return v;
          }
          v.status = ClientVerdict::Status::blocked;
          v.reason = what + " " + host->str() + " cannot use trusted publishing (needs " +
                     info->host_from + ")";
          v.upgrade = dependency_upgrade(*p, what, info->host_from, v.reason);
          return v;
        }
      }
    }
  }
  if (!version) {
    v.status = ClientVerdict::Status::unverified;
    v.reason = info->name + " version not pinned in package.json (trusted publishing needs >= " +
               info->oidc_from + ")";
    return v;
  }
  if (*version >= from) {
    v.status = ClientVerdict::Status::capable;
    return v;
  }
  v.status = ClientVerdict::Status::blocked;
  // A dependency (a plugin such as @semantic-release/npm) is named with its own
  // version; packageManager pins the client itself.
  bool own_version = what == "packageManager";
  v.reason = (own_version ? info->name + " " + version->str() + " (packageManager)"
                          : what + " " + version->str() + " (" + info->name + ")") +
             " cannot use trusted publishing (needs " +
             (own_version ? info->oidc_from : what + " >= " + info->oidc_from) + ")";
  if (!own_version && from_manifest) {
    v.upgrade = dependency_upgrade(*from_manifest, what, info->oidc_from, v.reason);
  }
  return v;
}

}  // namespace nts::workflow
