#include "workflow/gitlab_ci.hpp"

#include <re2/re2.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include "util/glob.hpp"
#include "workflow/readiness.hpp"
#include "workflow/yaml_merge.hpp"
#include "yaml/limits.hpp"
#include "yaml/mark.hpp"

namespace nts::workflow {
namespace {

using yaml::line_of;
using yaml::mark_of;

// A value of the merged configuration and the file (index) it was written in.
struct Def {
  YAML::Node node;
  std::size_t doc = 0;
  YAML::Node key;  // the key it was written under, when it has one
};
using Entries = std::map<std::string, Def>;

// A merged job: top-level keys, with `variables:` and `id_tokens:` merged
// entry by entry (GitLab merges hashes deeply; these are the ones read here).
struct MergedJob {
  Entries keys;
  Entries variables;
  Entries id_tokens;
};

// `image: node:${NODE_VERSION}`: GitLab expands the job's and the global
// `variables:` in the image name (one level; CI/CD settings variables and
// predefined ones stay as written, the analysis cannot know them).
std::string expand_variables(const std::string& text, const Entries& variables) {
  std::string out;
  static const RE2 whole(R"((\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?))");
  re2::StringPiece input(text);
  const char* copied = text.data();
  std::string name;
  re2::StringPiece match;
  while (RE2::FindAndConsume(&input, whole, &match, &name)) {
    out.append(copied, match.data());
    copied = match.data() + match.size();
    auto it = variables.find(name);
    YAML::Node value;
    if (it != variables.end()) {
      value = it->second.node.IsMap() ? it->second.node["value"] : it->second.node;
    }
    bool braced_ok = match.size() < 2 || match[1] != '{' || match[match.size() - 1] == '}';
    if (value && value.IsScalar() && braced_ok) {
      out += value.Scalar();
    } else {
      out.append(match.data(), match.size());
    }
  }
  out.append(copied, text.data() + text.size());
  return out;
}

struct Doc {
  std::string path;
  std::string text;
  YAML::Node root;
};

bool contains(const std::vector<std::string>& list, const std::string& word) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

// Map entries with YAML merge keys (`<<: *anchor`, `<<: [*a, *b]`) applied
// first, so that keys written next to them win.
void map_entries(const YAML::Node& map, std::size_t doc, Entries& out) {
  for_each_merged(map, [&](const YAML::Node& key, const YAML::Node& value) {
    out[key.Scalar()] = {value, doc, key};
  });
}

std::string glob_to_regex(const std::string& glob) {
  std::string out;
  for (std::size_t i = 0; i < glob.size(); ++i) {
    char c = glob[i];
    if (c == '*' && i + 1 < glob.size() && glob[i + 1] == '*') {
      out += ".*";
      ++i;
      if (i + 1 < glob.size() && glob[i + 1] == '/') {
        ++i;
        out += "/?";
      }
    } else if (c == '*') {
      out += "[^/]*";
    } else if (c == '?') {
      out += "[^/]";
    } else {
      out += RE2::QuoteMeta(std::string(1, c));
    }
  }
  return out;
}

class PipelineReader {
 public:
  PipelineReader(const core::RepoView& repo, const Knowledge& k,
                 std::vector<core::ScanIssue>& issues)
      : m_repo(repo), m_k(k), m_issues(issues) {}

  std::vector<GitlabFile> read(const std::string& entry) {
    std::vector<std::string> stack;
    load(entry, stack, entry, 0);
    std::vector<GitlabFile> out;
    if (m_docs.empty()) {
      return out;
    }
    for (const auto& doc : m_docs) {
      GitlabFile file;
      file.text = doc->text;
      file.workflow.provider = Provider::gitlab;
      file.workflow.path = doc->path;
      auto slash = doc->path.rfind('/');
      file.workflow.file_name =
          slash == std::string::npos ? doc->path : doc->path.substr(slash + 1);
      file.workflow.entry_path = entry;
      out.push_back(std::move(file));
    }
    for (const auto& [name, def] : m_table) {
      if (name.empty() || name[0] == '.' || contains(m_k.gitlab.keywords, name) ||
          !def.node.IsMap()) {
        continue;
      }
      out[def.doc].workflow.jobs.push_back(job(name, def));
    }
    for (auto& file : out) {
      auto& jobs = file.workflow.jobs;
      std::sort(jobs.begin(), jobs.end(), [](const Job& x, const Job& y) {
        return std::tie(x.mark.line, x.mark.column) < std::tie(y.mark.line, y.mark.column);
      });
    }
    return out;
  }

 private:
  void note(core::ScanIssue::Kind kind, std::size_t doc, int line, std::string message) {
    m_issues.push_back({kind, m_docs[doc]->path, line, std::move(message)});
  }

  // Loads `path` and, depth first, what it includes; the includes' keys are
  // merged before the including file's own, which win.
  void load(const std::string& path, std::vector<std::string>& stack, const std::string& from,
            int from_line) {
    if (std::find(stack.begin(), stack.end(), path) != stack.end()) {
      m_issues.push_back({core::ScanIssue::Kind::note, from, from_line,
                          "include cycle: '" + path + "' is already being included; skipped"});
      return;
    }
    if (m_loaded.count(path)) {
      return;  // GitLab reads a file included twice once
    }
    if (m_docs.size() >= m_k.gitlab.max_includes + 1) {
      if (!m_capped) {
        m_capped = true;
        m_issues.push_back({core::ScanIssue::Kind::error, from, from_line,
                            "more than " + std::to_string(m_k.gitlab.max_includes) +
                                " included files (GitLab's limit); the rest are not read"});
      }
      return;
    }
    auto text = m_repo.read(path);
    if (!text) {
      m_issues.push_back({core::ScanIssue::Kind::error, from, from_line,
                          "included file '" + path + "' is not in the repository"});
      return;
    }
    if (text->size() > m_k.gitlab.max_file_bytes) {
      m_issues.push_back({core::ScanIssue::Kind::error, path, 0,
                          "CI file is larger than " + std::to_string(m_k.gitlab.max_file_bytes) +
                              " bytes; not analysed"});
      return;
    }
    if (auto limited = yaml::check_limits(path, *text); !limited) {
      int line = limited.error().location ? limited.error().location->line : 0;
      m_issues.push_back({core::ScanIssue::Kind::error, path, line, limited.error().message});
      return;
    }
    YAML::Node root;
    try {
      root = YAML::Load(*text);
    } catch (const YAML::Exception& e) {
      m_issues.push_back({core::ScanIssue::Kind::error, path, yaml::line_number(mark_of(e.mark)),
                          "invalid YAML: " + e.msg});
      return;
    }
    if (!root.IsMap()) {
      m_issues.push_back({core::ScanIssue::Kind::error, path, 1,
                          "not a GitLab CI file: the document is not a mapping"});
      return;
    }
    m_loaded.insert(path);
    auto doc = std::make_unique<Doc>();
    doc->path = path;
    doc->text = std::move(*text);
    doc->root = root;
    std::size_t index = m_docs.size();
    m_docs.push_back(std::move(doc));
    stack.push_back(path);
    if (auto include = root["include"]) {
      if (include.IsSequence()) {
        for (const auto& item : include) {
          include_one(item, index, stack);
        }
      } else {
        include_one(include, index, stack);
      }
    }
    stack.pop_back();
    Entries own;
    map_entries(root, index, own);
    for (auto& [key, def] : own) {
      if (key == "default") {
        map_entries(def.node, index, m_defaults);
      } else if (key == "variables") {
        map_entries(def.node, index, m_global_variables);
      } else if (key == "image" || key == "before_script" || key == "after_script") {
        m_legacy_globals[key] = def;  // the pre-`default:` form
        m_table[key] = def;
      } else {
        m_table[key] = def;
      }
    }
  }

  void include_one(const YAML::Node& item, std::size_t doc, std::vector<std::string>& stack) {
    int line = line_of(item);
    std::string local;
    if (item.IsScalar()) {
      if (item.Scalar().find("://") != std::string::npos) {
        m_has_unresolved_includes = true;
        note(core::ScanIssue::Kind::note, doc, line,
             "remote include '" + item.Scalar() + "' is not fetched; its jobs are not analysed");
        return;
      }
      local = item.Scalar();
    } else if (item.IsMap()) {
      if (auto l = item["local"]; l && l.IsScalar()) {
        local = l.Scalar();
      } else {
        for (const char* kind : {"remote", "template", "project", "component"}) {
          if (auto v = item[kind]) {
            m_has_unresolved_includes = true;
            std::string what = v.IsScalar() ? v.Scalar() : std::string("...");
            note(core::ScanIssue::Kind::note, doc, line,
                 std::string(kind) + " include '" + what +
                     "' is not fetched; its jobs are not analysed");
            return;
          }
        }
        note(core::ScanIssue::Kind::note, doc, line, "include entry not understood; skipped");
        return;
      }
    } else {
      note(core::ScanIssue::Kind::note, doc, line, "include entry not understood; skipped");
      return;
    }
    std::string from = m_docs[doc]->path;
    if (local.find('*') != std::string::npos) {
      std::string pattern = normalize_repo_path(local);
      if (pattern.empty()) {
        note(core::ScanIssue::Kind::error, doc, line,
             "include '" + local + "' points outside the repository; not read");
        return;
      }
      RE2 re(glob_to_regex(pattern));
      std::vector<std::string> matches;
      for (const auto& path : m_repo.paths()) {
        if (re.ok() && RE2::FullMatch(path, re)) {
          matches.push_back(path);
        }
      }
      std::sort(matches.begin(), matches.end());
      for (const auto& path : matches) {
        load(path, stack, from, line);
      }
      return;
    }
    std::string path = normalize_repo_path(local);
    if (path.empty()) {
      note(core::ScanIssue::Kind::error, doc, line,
           "include '" + local + "' points outside the repository; not read");
      return;
    }
    load(path, stack, from, line);
  }

  // The node `!reference [a, b, c]` names, or an undefined node.
  YAML::Node reference(const YAML::Node& ref, std::size_t doc) {
    YAML::Node none;
    if (!ref.IsSequence() || ref.size() == 0 || !ref[0].IsScalar()) {
      note(core::ScanIssue::Kind::note, doc, line_of(ref), "!reference needs [job, key, ...]");
      return none;
    }
    std::string path = ref[0].Scalar();
    // A default-constructed node is a defined null, so track the miss apart.
    auto found = m_table.find(ref[0].Scalar());
    bool exists = found != m_table.end();
    YAML::Node node = exists ? found->second.node : none;
    for (std::size_t i = 1; exists && i < ref.size(); ++i) {
      exists = ref[i].IsScalar();
      if (!exists) {
        break;
      }
      path += "." + ref[i].Scalar();
      Entries entries;
      map_entries(node, doc, entries);
      auto next = entries.find(ref[i].Scalar());
      exists = next != entries.end();
      node = exists ? next->second.node : none;
    }
    if (!exists) {
      note(core::ScanIssue::Kind::note, doc, line_of(ref),
           "!reference to '" + path + "', which does not exist; ignored");
    }
    return node;
  }

  // Script lines: nested lists flattened, `!reference`s followed (depth capped).
  void script_lines(const YAML::Node& node, std::size_t doc, std::vector<Def>& out, int depth) {
    if (!node || depth > 10) {
      return;
    }
    if (node.Tag() == "!reference") {
      script_lines(reference(node, doc), doc_of_reference(node), out, depth + 1);
    } else if (node.IsSequence()) {
      for (const auto& item : node) {
        script_lines(item, doc, out, depth + 1);
      }
    } else if (node.IsScalar()) {
      out.push_back({node, doc, YAML::Node()});
    }
  }

  // The file a `!reference`'s target was written in.
  std::size_t doc_of_reference(const YAML::Node& ref) {
    if (ref.IsSequence() && ref.size() > 0 && ref[0].IsScalar()) {
      if (auto found = m_table.find(ref[0].Scalar()); found != m_table.end()) {
        return found->second.doc;
      }
    }
    return m_docs.size();  // unknown: never the job's own file
  }

  void merge(MergedJob& into, const Def& def, std::size_t doc) {
    Entries own;
    map_entries(def.node, doc, own);
    for (auto& [key, value] : own) {
      if (value.node.Tag() == "!reference") {
        auto target = reference(value.node, doc);
        if (!target || target.IsNull()) {
          continue;
        }
        value = {target, doc_of_reference(value.node), value.key};
      }
      if (key == "variables") {
        map_entries(value.node, value.doc, into.variables);
      } else if (key == "id_tokens") {
        map_entries(value.node, value.doc, into.id_tokens);
      } else {
        into.keys[key] = value;
      }
    }
  }

  void extend(MergedJob& into, const std::string& name, const Def& def,
              std::vector<std::string>& chain) {
    if (auto extends = def.node["extends"]) {
      std::vector<YAML::Node> parents;
      if (extends.IsSequence()) {
        for (const auto& p : extends) {
          parents.push_back(p);
        }
      } else {
        parents.push_back(extends);
      }
      for (const auto& parent : parents) {
        if (!parent.IsScalar()) {
          continue;
        }
        const std::string& pname = parent.Scalar();
        auto found = m_table.find(pname);
        if (found == m_table.end()) {
          note(core::ScanIssue::Kind::note, def.doc, line_of(parent),
               "'" + name + "' extends '" + pname + "', which is not defined here" +
                   (m_has_unresolved_includes ? " (it may come from an include not fetched)" : ""));
          continue;
        }
        if (std::find(chain.begin(), chain.end(), pname) != chain.end() ||
            static_cast<int>(chain.size()) >= m_k.gitlab.max_extends_depth) {
          note(core::ScanIssue::Kind::note, def.doc, line_of(parent),
               "'" + name + "' extends '" + pname + "': cycle or more than " +
                   std::to_string(m_k.gitlab.max_extends_depth) + " levels; not followed");
          continue;
        }
        chain.push_back(pname);
        extend(into, pname, found->second, chain);
        chain.pop_back();
      }
    }
    merge(into, def, def.doc);
  }

  // A job's value as a located scalar: values from another file are located
  // at the job's key.
  static Scalar located(const YAML::Node& node, std::size_t doc, const Job& j, std::size_t home) {
    Scalar s{node.IsScalar() ? node.Scalar() : std::string(), j.mark};
    if (doc == home) {
      s.mark = mark_of(node);
    }
    return s;
  }

  Job job(const std::string& name, const Def& def) {
    Job j;
    j.id = name;
    j.mark = mark_of(def.node);
    if (def.key) {
      j.mark = mark_of(def.key);
    }
    MergedJob m;
    for (const auto& [key, value] : m_defaults) {
      if (contains(m_k.gitlab.default_keys, key)) {
        m.keys[key] = value;
      }
    }
    for (const auto& [key, value] : m_legacy_globals) {
      m.keys.emplace(key, value);
    }
    m.variables = m_global_variables;
    std::vector<std::string> chain{name};
    extend(m, name, def, chain);
    std::size_t home = def.doc;

    std::size_t index = 0;
    for (const char* key : {"before_script", "script", "after_script"}) {
      auto found = m.keys.find(key);
      if (found == m.keys.end()) {
        continue;
      }
      std::vector<Def> lines;
      script_lines(found->second.node, found->second.doc, lines, 0);
      for (const auto& line : lines) {
        Step s;
        s.continues_shell = !j.steps.empty() && (std::string_view(key) != "after_script" ||
                                                 j.steps.back().name == "after_script");
        s.index = index++;
        s.name = key;
        s.run = located(line.node, line.doc, j, home);
        s.mark = s.run->mark;
        j.steps.push_back(std::move(s));
      }
    }
    for (const auto& [var, value] : m.variables) {
      YAML::Node v = value.node.IsMap() ? value.node["value"] : value.node;
      if (!v || !v.IsScalar()) {
        continue;
      }
      Scalar key{var, j.mark};
      if (value.doc == home && value.key) {
        key.mark = mark_of(value.key);
      }
      j.env.push_back({key, located(v, value.doc, j, home)});
    }
    if (auto image = m.keys.find("image"); image != m.keys.end()) {
      const auto& node = image->second.node;
      YAML::Node name_node = node.IsMap() ? node["name"] : node;
      if (name_node && name_node.IsScalar()) {
        j.container_image = located(name_node, image->second.doc, j, home);
        j.container_image->value = expand_variables(j.container_image->value, m.variables);
      }
    }
    if (auto tags = m.keys.find("tags"); tags != m.keys.end() && tags->second.node.IsSequence()) {
      j.has_runs_on = true;
      j.runs_on_mark = located(tags->second.node, tags->second.doc, j, home).mark;
      std::vector<Def> labels;
      script_lines(tags->second.node, tags->second.doc, labels, 0);
      for (const auto& label : labels) {
        j.runs_on.push_back(located(label.node, label.doc, j, home));
      }
    }
    if (auto env = m.keys.find("environment"); env != m.keys.end()) {
      const auto& node = env->second.node;
      YAML::Node name_node = node.IsMap() ? node["name"] : node;
      if (name_node && name_node.IsScalar()) {
        j.environment = located(name_node, env->second.doc, j, home);
      }
    }
    // id_tokens: the npm audience under the variable name npm reads is what
    // `id-token: write` is to GitHub.
    if (!m.id_tokens.empty()) {
      j.permissions.present = true;
      j.permissions.mark = j.mark;
      std::vector<std::string> seen;
      for (const auto& [var, value] : m.id_tokens) {
        std::vector<Def> audiences;
        script_lines(value.node["aud"], value.doc, audiences, 0);
        for (const auto& aud : audiences) {
          seen.push_back(var + " (aud " + aud.node.Scalar() + ")");
          if (var == m_k.gitlab.id_token_variable && aud.node.Scalar() == m_k.gitlab.audience) {
            j.permissions.id_token = located(aud.node, aud.doc, j, home);
            j.permissions.id_token->value = "write";
          }
        }
      }
      std::string list;
      for (const auto& s : seen) {
        list += (list.empty() ? "" : ", ") + s;
      }
      j.permissions.shorthand = "id_tokens: " + (list.empty() ? std::string("{}") : list);
    }
    for (const char* key : {"rules", "only", "except"}) {
      if (auto found = m.keys.find(key); found != m.keys.end()) {
        YAML::Emitter emitter;
        emitter << YAML::Flow << found->second.node;
        Scalar condition{std::string(key) + ": " + emitter.c_str(), j.mark};
        if (found->second.doc == home) {
          condition.mark = mark_of(found->second.node);
        }
        j.conditions.push_back(std::move(condition));
      }
    }
    return j;
  }

  const core::RepoView& m_repo;
  const Knowledge& m_k;
  std::vector<core::ScanIssue>& m_issues;
  std::vector<std::unique_ptr<Doc>> m_docs;
  std::set<std::string> m_loaded;
  bool m_capped = false;
  bool m_has_unresolved_includes = false;
  Entries m_table;  // every top-level key of every file, later files winning
  Entries m_defaults;
  Entries m_legacy_globals;
  Entries m_global_variables;
};

}  // namespace

std::string normalize_repo_path(std::string_view path) {
  return util::normalize_relative_path(path).value_or("");
}

RepoSlug gitlab_project(const core::RepoView& repo) {
  // https://gitlab.com/group/sub/project(.git), git@gitlab.com:group/project.git,
  // ssh://git@gitlab.com/group/project.git
  static const RE2 url(R"(^(?:[a-z+]+://)?(?:[^@/]+@)?gitlab\.com[:/]([^?#]+?)(?:\.git)?/?$)");
  std::string path;
  if (!RE2::FullMatch(repo.remote_url().value_or(""), url, &path)) {
    return {};
  }
  auto slash = path.rfind('/');
  if (slash == std::string::npos || slash == 0) {
    return {};
  }
  return {path.substr(0, slash), path.substr(slash + 1)};
}

std::vector<GitlabFile> read_gitlab_pipeline(const core::RepoView& repo, const std::string& entry,
                                             const Knowledge& k,
                                             std::vector<core::ScanIssue>& issues) {
  try {
    PipelineReader reader(repo, k, issues);
    return reader.read(entry);
  } catch (const std::exception& e) {
    issues.push_back(
        {core::ScanIssue::Kind::error, entry, 0, std::string("cannot read pipeline: ") + e.what()});
    return {};
  }
}

}  // namespace nts::workflow
