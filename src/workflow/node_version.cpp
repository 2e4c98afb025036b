#include "util/text.hpp"
#include "workflow/readiness.hpp"
#include "workflow/version.hpp"

namespace nts::workflow {
namespace {

// A resolved Node version: the major, and the exact release when pinned
// ("24" floats to the newest 24.x, "24.1.0" does not).
struct NodeVersion {
  int major = 0;
  std::optional<Version> exact;
};

std::optional<NodeVersion> resolve_spec(const Knowledge& k, std::string spec) {
  spec = util::to_lower(util::trim(spec));
  if (spec.empty()) {
    return std::nullopt;
  }
  if (spec == "latest" || spec == "current" || spec == "node" || spec == "*") {
    return NodeVersion{k.latest_major, std::nullopt};
  }
  if (spec.rfind("lts/", 0) == 0) {
    auto name = spec.substr(4);
    if (name == "*" || name == "-0") {
      return NodeVersion{k.lts_major, std::nullopt};
    }
    auto it = k.lts_codenames.find(name);
    if (it != k.lts_codenames.end()) {
      return NodeVersion{it->second, std::nullopt};
    }
    return std::nullopt;
  }
  if (spec == "lts" || spec == "lts-alpine" || spec.rfind("lts-", 0) == 0) {
    return NodeVersion{k.lts_major, std::nullopt};
  }
  auto requirement = parse_requirement(spec);
  if (requirement.latest) {
    return NodeVersion{k.latest_major, std::nullopt};
  }
  if (!requirement.minimum) {
    return std::nullopt;
  }
  NodeVersion v{requirement.minimum->major(), std::nullopt};
  // Only a full x.y.z without range operators pins one release.
  bool plain = spec.find_first_of("^~<>=|x*") == std::string::npos;
  if (plain && requirement.minimum->parts.size() >= 3) {
    v.exact = requirement.minimum;
  }
  return v;
}

// `${{ matrix.node }}` -> the smallest version in the matrix (every leg publishes
// unless the workflow says otherwise, so the oldest one decides).
std::optional<NodeVersion> resolve_with_matrix(
    const Knowledge& k, const Job& job, const std::string& spec, std::string* note,
    const std::map<std::string, std::string>* call_inputs) {
  auto open = spec.find("matrix.");
  if (spec.find("${{") == std::string::npos) {
    return resolve_spec(k, spec);
  }
  // `${{ inputs.node-version }}` in a reusable workflow: its declared default.
  if (auto input = spec.find("inputs."); input != std::string::npos && call_inputs) {
    std::size_t end = input + 7;
    while (end < spec.size() && (std::isalnum(static_cast<unsigned char>(spec[end])) ||
                                 spec[end] == '-' || spec[end] == '_')) {
      ++end;
    }
    auto it = call_inputs->find(spec.substr(input + 7, end - input - 7));
    if (it != call_inputs->end()) {
      *note = " (default of " + spec.substr(input, end - input) + ")";
      return resolve_spec(k, it->second);
    }
  }
  if (open == std::string::npos) {
    return std::nullopt;
  }
  std::size_t end = open + 7;
  while (end < spec.size() && (std::isalnum(static_cast<unsigned char>(spec[end])) ||
                               spec[end] == '-' || spec[end] == '_')) {
    ++end;
  }
  auto key = spec.substr(open + 7, end - open - 7);
  auto it = job.matrix.find(key);
  if (it == job.matrix.end() || it->second.empty()) {
    return std::nullopt;
  }
  std::optional<NodeVersion> lowest;
  for (const auto& value : it->second) {
    auto v = resolve_spec(k, value);
    if (!v) {
      return std::nullopt;
    }
    if (!lowest || v->major < lowest->major) {
      lowest = v;
    }
  }
  *note = " (lowest of matrix." + key + ")";
  return lowest;
}

std::string read_version_file(const FileContext& ctx, const std::string& file) {
  auto path = normalize_dir(file);
  auto text = ctx.repo.read(path);
  if (!text) {
    return {};
  }
  if (path == "package.json" ||
      (path.size() > 13 && path.compare(path.size() - 13, 13, "/package.json") == 0)) {
    auto dir = path.size() > 12 ? path.substr(0, path.size() - 13) : std::string();
    auto pkg = read_package_json(ctx.repo, dir);
    if (!pkg) {
      return {};
    }
    // setup-node's order: volta, devEngines, engines.
    if (!pkg->volta_node.empty()) {
      return pkg->volta_node;
    }
    if (!pkg->dev_engines_node.empty()) {
      return pkg->dev_engines_node;
    }
    return pkg->engines_node;
  }
  std::string_view all(*text);
  std::size_t start = 0;
  while (start < all.size()) {
    auto end = all.find('\n', start);
    auto line = util::trim(
        all.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (!line.empty() && line[0] != '#') {
      // .tool-versions: "nodejs 24.1.0"
      if (line.rfind("nodejs ", 0) == 0 || line.rfind("node ", 0) == 0) {
        return std::string(util::trim(line.substr(line.find(' '))));
      }
      if (path.find("tool-versions") == std::string::npos) {
        return std::string(line);
      }
    }
    if (end == std::string_view::npos) {
      break;
    }
    start = end + 1;
  }
  return {};
}

}  // namespace

NpmInfo npm_for(const FileContext& ctx, const Job& job, const JobFacts& facts,
                const PublishHit& hit) {
  const auto& k = ctx.k;
  // CircleCI needs a later npm than GitHub and GitLab (circleci.yaml min_npm).
  const bool circleci = ctx.workflow.provider == Provider::circleci;
  const std::string& floor = circleci ? k.circleci.min_npm : k.min_npm;
  auto min_npm = *parse_version(floor);
  auto min_node = *parse_version(k.min_node);
  NpmInfo info;

  // Which Node runs the publish.
  std::optional<NodeVersion> node;
  for (auto it = facts.setup_nodes.rbegin(); it != facts.setup_nodes.rend(); ++it) {
    if (it->step > hit.step) {
      continue;
    }
    std::string note;
    if (!it->node_version.empty()) {
      node =
          resolve_with_matrix(k, job, it->node_version, &note, &ctx.workflow.call_input_defaults);
      info.source = "actions/setup-node node-version: " + it->node_version + note;
    } else if (!it->node_version_file.empty()) {
      auto spec = read_version_file(ctx, it->node_version_file);
      info.version_file = it->node_version_file;
      node = resolve_spec(k, spec);
      info.source =
          it->node_version_file + (spec.empty() ? " (not found in the repository)" : ": " + spec);
    } else {
      info.source = "actions/setup-node without node-version";
    }
    info.at = it->node_version_at ? it->node_version_at : it->where;
    break;
  }
  if (!node && info.source.empty() && job.container_image) {
    const auto& image = job.container_image->value;
    info.source = "container " + image;
    info.at = ctx.evidence(*job.container_image);
    auto slash = image.rfind('/');
    auto bare = image.substr(slash == std::string::npos ? 0 : slash + 1);
    if (bare.rfind("node:", 0) == 0) {
      node = resolve_spec(k, bare.substr(5));
    } else if (bare == "node") {
      node = resolve_spec(k, "latest");
    }
  }
  if (node) {
    info.node = node->exact ? node->exact->str() : std::to_string(node->major);
  }

  auto node_too_old = [&]() {
    return node && (node->major < min_node.major() ||
                    (node->major == min_node.major() && node->exact && *node->exact < min_node));
  };

  // An explicit npm: `npx npm@11 publish` or `npm install -g npm@…` earlier.
  std::optional<Evidence> upgrade_at;
  bool upgraded = false;
  if (!hit.version_pin.empty()) {
    auto requirement = parse_requirement(hit.version_pin);
    upgraded = requirement.latest || (requirement.minimum && *requirement.minimum >= min_npm) ||
               (requirement.minimum && requirement.minimum->parts.size() == 1 &&
                requirement.minimum->major() > min_npm.major());
    upgrade_at = hit.where;
  }
  for (const auto& upgrade : facts.upgrades) {
    if (upgrade.step > hit.step) {
      continue;
    }
    const auto& r = upgrade.requirement;
    bool enough = r.latest ||
                  (r.minimum && (*r.minimum >= min_npm || (r.minimum->parts.size() == 1 &&
                                                           r.minimum->major() >= min_npm.major())));
    if (enough) {
      upgraded = true;
      upgrade_at = upgrade.where;
    }
  }
  if (upgraded) {
    if (node_too_old()) {
      info.status = NpmInfo::Status::too_old;
      info.detail = "Node " + info.node + " is below " + k.min_node +
                    ", which trusted publishing needs even with a newer npm";
      return info;
    }
    info.status = NpmInfo::Status::capable;
    info.detail = "npm upgraded to >= " + floor + " before publishing";
    if (!node) {
      info.detail += " (Node version not pinned)";
    }
    return info;
  }
  if (!node) {
    info.status = NpmInfo::Status::unknown;
    if (info.source.empty()) {
      info.source = "the runner's preinstalled Node";
    }
    info.detail = "Node/npm version not pinned (" + info.source + ")";
    return info;
  }
  auto capable_from = k.bundled_capable_from.find(node->major);
  bool capable = capable_from != k.bundled_capable_from.end() &&
                 (!node->exact || *node->exact >= *parse_version(capable_from->second));
  if (node->major > k.latest_major) {
    capable = true;  // newer than the table: every newer line bundles a capable npm
  }
  if (capable && circleci) {
    // The Node tables say when a bundled npm reached the GitHub floor, not
    // CircleCI's: without an explicit npm upgrade the version is not known.
    info.status = NpmInfo::Status::unknown;
    info.detail = "Node " + info.node + " bundles an npm that may be older than " + floor +
                  " (CircleCI support); no npm upgrade before publishing";
    return info;
  }
  if (capable) {
    info.status = NpmInfo::Status::capable;
    info.detail = "Node " + info.node + " bundles npm >= " + k.min_npm;
    return info;
  }
  info.status = NpmInfo::Status::too_old;
  auto bundled = k.bundled_npm_major.find(node->major);
  std::string npm =
      bundled == k.bundled_npm_major.end() ? "an npm" : "npm " + std::to_string(bundled->second);
  info.detail = npm + " (Node " + info.node + ") without an npm upgrade";
  if (node_too_old()) {
    info.detail = npm + " (Node " + info.node + ", below " + k.min_node + ")";
  }
  return info;
}

}  // namespace nts::workflow
