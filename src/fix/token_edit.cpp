#include <algorithm>

#include "fix/job_editor.hpp"

namespace nts::fix {
namespace {

bool is_word(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

// Whether `text` reads the variable `name` ($NAME, ${NAME}, env.NAME,
// $env:NAME, %NAME%) outside the byte ranges being removed.
bool reads_variable(std::string_view text, const std::string& name,
                    const std::vector<std::pair<std::size_t, std::size_t>>& removed,
                    std::size_t base) {
  for (std::size_t at = text.find(name); at != std::string_view::npos;
       at = text.find(name, at + 1)) {
    std::size_t end = at + name.size();
    if (end < text.size() && is_word(text[end])) {
      continue;
    }
    auto before = text.substr(0, at);
    bool read = (before.size() >= 1 && (before.back() == '$' || before.back() == '%')) ||
                (before.size() >= 2 && before.substr(before.size() - 2) == "${") ||
                (before.size() >= 4 && (before.substr(before.size() - 4) == "env." ||
                                        before.substr(before.size() - 4) == "env:"));
    if (!read) {
      continue;
    }
    std::size_t offset = base + at;
    bool gone = std::any_of(removed.begin(), removed.end(),
                            [&](const auto& r) { return offset >= r.first && offset < r.second; });
    if (!gone) {
      return true;
    }
  }
  return false;
}

// The env mappings a token binding can sit in, with where they are.
struct EnvMap {
  Layout::Entry env;  // the `env:` key and its mapping
  bool workflow_level = false;
};

std::vector<EnvMap> env_maps(const JobEditor& e) {
  std::vector<EnvMap> maps;
  if (auto top = Layout::entry(e.layout.root(), "env")) {
    maps.push_back({*top, true});
  }
  if (auto env = Layout::entry(e.job.value, "env")) {
    maps.push_back({*env, false});
  }
  if (auto container = Layout::entry(e.job.value, "container")) {
    if (auto env = Layout::entry(container->value, "env")) {
      maps.push_back({*env, false});
    }
  }
  if (auto steps = Layout::entry(e.job.value, "steps"); steps && steps->value.IsSequence()) {
    for (const auto& step : steps->value) {
      if (auto env = Layout::entry(step, "env")) {
        maps.push_back({*env, false});
      }
    }
  }
  return maps;
}

bool remove_env_binding(JobEditor& e, const core::TokenSource& token) {
  for (const auto& map : env_maps(e)) {
    auto entry = Layout::entry(map.env.value, token.name);
    if (!entry || static_cast<int>(e.layout.line(entry->key)) + 1 != token.line) {
      continue;
    }
    if (map.workflow_level) {
      // Workflow-level env feeds every job: only when every other job that
      // could hand it to a package manager is being fixed too.
      for (const auto& job : e.workflow.jobs) {
        if (job.id == e.report.id || e.fixing_jobs.count(job.id)) {
          continue;
        }
        auto other = Layout::entry(Layout::entry(e.layout.root(), "jobs")->value, job.id);
        if (!other) {
          continue;
        }
        auto first = e.layout.line(other->key);
        auto last = e.layout.block_last_line(first, e.layout.column(other->key));
        auto text = std::string_view(e.layout.text())
                        .substr(e.layout.line_start(first),
                                e.layout.line_end(last) - e.layout.line_start(first));
        for (const char* tool : {"npm", "npx", "yarn", "pnpm", "bun", "setup-node"}) {
          if (text.find(tool) != std::string_view::npos) {
            e.refuse("the workflow-level " + token.name + " also reaches job '" + job.id +
                     "', which runs " + tool);
            return true;
          }
        }
      }
      e.notes.push_back("The workflow-level " + token.name + " binding is removed for every job.");
    }
    e.remove_entry(map.env, *entry,
                   token.name + " fed npm the long-lived token (" + token.from +
                       "); with trusted publishing npm needs none, and a token left here is used "
                       "whenever OIDC fails");
    return true;
  }
  return false;
}

// A run: command that writes the token to .npmrc (or logs in) on a line of
// its own in a block script; the whole step when it is all the step does.
bool remove_npmrc_write(JobEditor& e, const core::TokenSource& token) {
  auto steps = Layout::entry(e.job.value, "steps");
  if (!steps || !steps->value.IsSequence()) {
    return false;
  }
  const auto& lines = e.layout.lines();
  std::size_t target = static_cast<std::size_t>(token.line - 1);
  for (const auto& step : steps->value) {
    auto run = Layout::entry(step, "run");
    if (!run || !run->value.IsScalar()) {
      continue;
    }
    auto first = e.layout.line(run->value);
    auto last = e.layout.block_last_line(e.layout.line(run->key), e.layout.column(run->key));
    if (target < first || target > last) {
      continue;
    }
    std::string reason = "this command writes the long-lived token to the npm configuration (" +
                         token.from + "); with trusted publishing npm needs none";
    auto text = lines.text(target);
    // The analysis points at the workflow line a chain starts from when the
    // write happens in a script it calls: then this line is not the write.
    bool writes = text.find("_auth") != std::string_view::npos ||
                  text.find("npmAuthToken") != std::string_view::npos ||
                  (token.name.find(' ') == std::string::npos &&
                   text.find(token.name) != std::string_view::npos);
    if (!writes) {
      e.refuse("the token is written to the npm configuration by what line " +
               std::to_string(token.line) + " runs; remove it there");
      return true;
    }
    bool compound =
        text.find("&&") != std::string_view::npos || text.find("||") != std::string_view::npos ||
        text.find(';') != std::string_view::npos || text.find("<<") != std::string_view::npos ||
        (!text.empty() && text.back() == '\\') ||
        (target > 0 && !lines.text(target - 1).empty() && lines.text(target - 1).back() == '\\');
    if (compound) {
      e.refuse("the .npmrc write on line " + std::to_string(token.line) +
               " shares its line with other commands");
      return true;
    }
    const auto& t = e.layout.text();
    char style = t[e.layout.offset(run->value)];
    bool whole_step = style != '|' && style != '>';
    if (style == '|') {
      // Only this line has content: the step goes.
      whole_step = true;
      for (std::size_t l = first + 1; l <= last; ++l) {
        if (l != target && lines.indent(l) >= 0) {
          whole_step = false;
        }
      }
      if (target == first) {
        e.refuse("the .npmrc write could not be located in its script");
        return true;
      }
    } else if (style == '>') {
      e.refuse("the .npmrc write is in a folded (>) script");
      return true;
    }
    if (!whole_step) {
      e.remove_lines({target, target}, reason);
      return true;
    }
    if (Layout::entry(step, "id")) {
      e.refuse("the step writing .npmrc has an id other steps may read");
      return true;
    }
    int dash = 0;
    auto item = e.layout.item_lines(step, &dash);
    if (!item) {
      e.refuse("the step writing .npmrc does not start its own line");
      return true;
    }
    e.remove_lines(*item, reason + "; the step did nothing else");
    return true;
  }
  return false;
}

bool remove_token_input(JobEditor& e, const core::TokenSource& token) {
  auto steps = Layout::entry(e.job.value, "steps");
  if (!steps || !steps->value.IsSequence()) {
    return false;
  }
  std::string input = token.name.substr(5);  // after "with."
  for (const auto& step : steps->value) {
    auto with = Layout::entry(step, "with");
    auto entry = with ? Layout::entry(with->value, input) : std::nullopt;
    if (!entry || static_cast<int>(e.layout.line(entry->value)) + 1 != token.line) {
      continue;
    }
    e.remove_entry(*with, *entry,
                   "the publish action's " + input + " input handed it the long-lived token (" +
                       token.from + "); the action publishes with OIDC without it");
    return true;
  }
  return false;
}

}  // namespace

void plan_token_removal(JobEditor& e) {
  for (const auto& token : e.report.token_sources) {
    if (token.line <= 0) {
      e.refuse("the token comes from " + token.name + " (" + token.from +
               "), outside the workflow; remove it there");
      return;
    }
    bool done = token.name.rfind("with.", 0) == 0
                    ? remove_token_input(e, token)
                    : remove_env_binding(e, token) || remove_npmrc_write(e, token);
    if (!done) {
      e.refuse("the token binding " + token.name + " on line " + std::to_string(token.line) +
               " is not one fix knows how to remove");
    }
    if (e.refused()) {
      return;
    }
  }
  // A variable whose binding goes must not be read anywhere else.
  std::vector<std::pair<std::size_t, std::size_t>> removed;
  for (const auto& edit : e.edits) {
    if (edit.text.empty()) {
      removed.emplace_back(edit.begin, edit.end);
    }
  }
  for (const auto& token : e.report.token_sources) {
    if (token.name.find('.') != std::string::npos || token.name.find(' ') != std::string::npos) {
      continue;  // not a variable
    }
    if (reads_variable(e.layout.text(), token.name, removed, 0)) {
      e.refuse(token.name + " is still read elsewhere in the workflow; remove that use first");
      return;
    }
  }
}

}  // namespace nts::fix
