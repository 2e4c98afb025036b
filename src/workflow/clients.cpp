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
      return judge_action_ref(info, hit.action_ref, action->oidc_from, action->tool);
    }
  }
  if (!info || info->oidc == "delegates") {
    if (client == "pnpm" && info) {
      std::optional<Version> version = package_manager_version(pkg, "pnpm");
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
  for (const auto& source : info->version_from) {
    if (source == "packageManager") {
      version = package_manager_version(pkg, client == "yarn-berry" ? "yarn" : client);
      what = "packageManager";
    } else if (source.rfind("dependency:", 0) == 0) {
      auto dep = source.substr(11);
      for (const PackageJson* p : manifests) {
        if (p && p->dependency(dep)) {
          version = pinned(*p->dependency(dep));
          what = dep;
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
  return v;
}

}  // namespace nts::workflow
