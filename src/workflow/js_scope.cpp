#include "workflow/js_scope.hpp"

#include <algorithm>
#include <iterator>
#include <optional>

namespace nts::workflow::js {
namespace {

constexpr std::size_t k_max_ranges = 512;

bool is_declaration(const TokenCursor& t, std::size_t i) {
  return t.ident(i, "const") || t.ident(i, "let") || t.ident(i, "var");
}

// TypeScript type names after `name:` in a declaration: not a value.
bool type_name(const TokenCursor& t, std::size_t i) {
  for (const char* type : {"boolean", "string", "number", "any", "unknown", "Boolean"}) {
    if (t.ident(i, type)) {
      return true;
    }
  }
  return false;
}

}  // namespace

Scopes::Scopes(const TokenCursor& tokens) : m_t(tokens) {
  const auto& t = m_t.tokens();
  m_enclosing_end.assign(t.size(), t.size());
  std::vector<std::size_t> open;
  std::vector<std::size_t> pending;  // tokens waiting for their block to close, per depth
  std::vector<std::size_t> starts;   // where each open block's pending tokens begin
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (m_t.punct(i, "{")) {
      starts.push_back(pending.size());
      open.push_back(i);
    } else if (m_t.punct(i, "}") && !open.empty()) {
      for (std::size_t k = starts.back(); k < pending.size(); ++k) {
        m_enclosing_end[pending[k]] = i;
      }
      pending.resize(starts.back());
      starts.pop_back();
      open.pop_back();
      continue;
    }
    if (!open.empty()) {
      pending.push_back(i);
    }
  }
  find_functions();
  find_option_guards();
  // Release scripts are short. A file with more functions, option tests or
  // calls of its functions than this is a bundle: nothing is known of its
  // options (every call runs), and the work stays linear on hostile input.
  if (m_functions.size() <= k_max_ranges && m_options.size() <= k_max_ranges) {
    m_local_calls = find_local_calls();
  }
  if (m_functions.size() > k_max_ranges || m_options.size() > k_max_ranges ||
      m_local_calls.size() > k_max_ranges) {
    m_functions.clear();
    m_options.clear();
    m_local_calls.clear();
  }
}

void Scopes::find_functions() {
  for (std::size_t i = 0; i + 2 < m_t.tokens().size(); ++i) {
    std::size_t name = 0;
    std::size_t params = 0;
    if (m_t.ident(i, "function") && m_t.ident(i + 1) && m_t.punct(i + 2, "(")) {
      name = i + 1;
      params = i + 2;
    } else if (is_declaration(m_t, i) && m_t.ident(i + 1) && m_t.punct(i + 2, "=")) {
      std::size_t j = i + 3;
      if (m_t.ident(j, "async")) {
        ++j;
      }
      if (m_t.ident(j, "function")) {
        j = m_t.ident(j + 1) ? j + 2 : j + 1;
      }
      if (m_t.ident(j) && m_t.punct(j + 1, "=>")) {
        params = j;
      } else if (m_t.punct(j, "(")) {
        std::size_t after = m_t.after_close(j);
        if (!m_t.punct(after, "=>") && !m_t.punct(after, "{") && !m_t.punct(after, ":")) {
          continue;  // a call's result, not a function
        }
        params = j;
      } else {
        continue;
      }
      name = i + 1;
    } else {
      continue;
    }
    std::size_t body = m_t.punct(params, "(") ? m_t.after_close(params) : params + 1;
    if (m_t.punct(body, ":")) {  // TypeScript return type
      while (body < m_t.tokens().size() && !m_t.punct(body, "{") && !m_t.punct(body, "=>")) {
        ++body;
      }
    }
    if (m_t.punct(body, "=>")) {
      ++body;
    }
    m_functions.push_back({m_t.tokens()[name].text, name, body, m_t.statement_end(body)});
  }
}

std::vector<std::pair<std::size_t, std::size_t>> Scopes::split(std::size_t b, std::size_t e,
                                                               char op) const {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  const std::string one(1, op);
  int depth = 0;
  std::size_t start = b;
  for (std::size_t k = b; k < e; ++k) {
    if (m_t.punct(k, "(") || m_t.punct(k, "[") || m_t.punct(k, "{")) {
      ++depth;
    } else if (m_t.punct(k, ")") || m_t.punct(k, "]") || m_t.punct(k, "}")) {
      --depth;
    } else if (depth == 0 && k + 1 < e && m_t.punct(k, one) && m_t.punct(k + 1, one)) {
      out.emplace_back(start, k);
      start = k + 2;
      ++k;
    }
  }
  out.emplace_back(start, e);
  return out;
}

std::string Scopes::option_access(std::size_t b, std::size_t e) const {
  // ident ( [?] . ident )+
  if (e <= b + 2 || !m_t.ident(b)) {
    return {};
  }
  std::size_t k = b + 1;
  while (k < e) {
    if (m_t.punct(k, "?")) {
      ++k;
    }
    if (!m_t.punct(k, ".") || !m_t.ident(k + 1)) {
      return {};
    }
    k += 2;
  }
  return k == e ? m_t.tokens()[e - 1].text : std::string();
}

bool Scopes::exits(std::size_t begin, std::size_t end) const {
  std::size_t k = m_t.punct(begin, "{") ? begin + 1 : begin;
  int depth = 0;
  for (; k < end; ++k) {
    if (m_t.punct(k, "(") || m_t.punct(k, "[") || m_t.punct(k, "{")) {
      ++depth;
    } else if (m_t.punct(k, ")") || m_t.punct(k, "]") || m_t.punct(k, "}")) {
      --depth;
    } else if (depth == 0 && (m_t.ident(k, "return") || m_t.ident(k, "throw"))) {
      return true;
    } else if (depth == 0 && m_t.ident(k, "process") && m_t.punct(k + 1, ".") &&
               m_t.ident(k + 2, "exit")) {
      return true;
    }
  }
  return false;
}

// `if (opts.publish) { … }` / `if (opts.publish && !dry) …`: the body needs
// publish. `if (!opts.publish) return …;` (or `!a.x || !b.y`, or a block that
// returns or throws): the rest of the enclosing block needs them; `if
// (!opts.publish) { … } else { … }`: the else branch does.
void Scopes::find_option_guards() {
  const auto size = m_t.tokens().size();
  for (std::size_t i = 0; i + 1 < size; ++i) {
    if (!m_t.ident(i, "if") || !m_t.punct(i + 1, "(")) {
      continue;
    }
    std::size_t body = m_t.after_close(i + 1);
    std::size_t cond_end = body - 1;
    if (body >= size) {
      continue;
    }
    std::size_t end = m_t.statement_end(body);
    std::vector<std::string> required;
    auto conjuncts = split(i + 2, cond_end, '&');
    if (split(i + 2, cond_end, '|').size() == 1) {
      for (auto [b, e] : conjuncts) {
        if (auto name = option_access(b, e); !name.empty()) {
          m_options.push_back({body, end, name});
        }
      }
    }
    if (conjuncts.size() != 1) {
      continue;
    }
    std::vector<std::string> negated;
    for (auto [b, e] : split(i + 2, cond_end, '|')) {
      if (m_t.punct(b, "!") && !m_t.punct(b + 1, "=")) {
        if (auto name = option_access(b + 1, e); !name.empty()) {
          negated.push_back(name);
        }
      }
    }
    if (negated.empty()) {
      continue;
    }
    std::size_t after = m_t.punct(end, ";") ? end + 1 : end;
    if (m_t.ident(after, "else")) {
      for (const auto& name : negated) {
        m_options.push_back({after + 1, m_t.statement_end(after + 1), name});
      }
    } else if (exits(body, end)) {
      for (const auto& name : negated) {
        m_options.push_back({after, m_enclosing_end[i], name});
      }
    }
  }
}

Scope Scopes::at(std::size_t i) const {
  Scope out;
  std::size_t innermost = 0;
  for (const auto& f : m_functions) {
    if (i >= f.begin && i < f.end && (out.function.empty() || f.begin >= innermost)) {
      out.function = f.name;
      innermost = f.begin;
    }
  }
  for (const auto& range : m_options) {
    if (i >= range.begin && i < range.end) {
      out.options.push_back(range.name);
    }
  }
  return out;
}

std::map<std::string, bool> Scopes::options_passed(std::size_t open) const {
  std::map<std::string, bool> out;
  std::set<std::string> both;
  std::size_t close = m_t.after_close(open);
  for (std::size_t k = open + 1; k + 2 < close; ++k) {
    bool key = (m_t.ident(k) || m_t.is(k, Token::Kind::string)) && m_t.punct(k + 1, ":") &&
               (m_t.punct(k - 1, "{") || m_t.punct(k - 1, ","));
    if (!key || !(m_t.ident(k + 2, "true") || m_t.ident(k + 2, "false"))) {
      continue;
    }
    const auto& t = m_t.tokens()[k];
    std::string name = t.kind == Token::Kind::ident ? t.text : t.parts.front().text;
    bool value = m_t.ident(k + 2, "true");
    auto [it, added] = out.emplace(name, value);
    if (!added && it->second != value) {
      both.insert(name);
    }
  }
  for (const auto& name : both) {
    out.erase(name);
  }
  return out;
}

std::vector<std::pair<std::size_t, std::string>> Scopes::find_local_calls() const {
  std::set<std::string> names;
  std::set<std::size_t> definitions;
  for (const auto& f : m_functions) {
    names.insert(f.name);
    definitions.insert(f.definition);
  }
  std::vector<std::pair<std::size_t, std::string>> out;
  for (std::size_t i = 0; i + 1 < m_t.tokens().size(); ++i) {
    if (m_t.ident(i) && m_t.punct(i + 1, "(") && names.count(m_t.tokens()[i].text) &&
        !definitions.count(i) &&
        !(i > 0 && (m_t.punct(i - 1, ".") || m_t.ident(i - 1, "function")))) {
      out.emplace_back(i, m_t.tokens()[i].text);
    }
  }
  return out;
}

std::map<std::string, Callers> Scopes::functions() const {
  std::map<std::string, Callers> out;
  std::set<std::size_t> definitions;
  for (const auto& f : m_functions) {
    // export function f / export const f / export async function f / export default function f
    bool exported = false;
    for (std::size_t back = 1; back <= 3 && back <= f.definition; ++back) {
      exported = exported || m_t.ident(f.definition - back, "export");
    }
    auto& callers = out.emplace(f.name, Callers::local).first->second;
    if (exported) {
      callers = std::max(callers, Callers::exported);
    }
    definitions.insert(f.definition);
  }
  // Any other mention that is not a direct call: passed as a value, listed in
  // `export { … }` or `module.exports` (then anyone may call it with anything).
  for (std::size_t i = 0; i < m_t.tokens().size(); ++i) {
    if (!m_t.ident(i) || definitions.count(i) || (i > 0 && m_t.punct(i - 1, "."))) {
      continue;
    }
    auto it = out.find(m_t.tokens()[i].text);
    if (it != out.end() && !m_t.punct(i + 1, "(")) {
      it->second = Callers::anyone;
    }
  }
  return out;
}

std::set<std::string> Scopes::options_set(
    const std::vector<std::pair<std::size_t, std::size_t>>& argument_ranges) const {
  std::set<std::string> out;
  const auto size = m_t.tokens().size();
  // How many argument ranges cover each token (a running sum of +1/-1 marks).
  std::vector<int> marks(size + 1, 0);
  for (const auto& [open, close] : argument_ranges) {
    if (open + 1 < close && close <= size) {
      ++marks[open + 1];
      --marks[close];
    }
  }
  int covering = marks[0];
  for (std::size_t k = 1; k + 2 < size; ++k) {
    covering += marks[k];
    if (covering > 0 || !m_t.ident(k)) {
      continue;
    }
    const auto& name = m_t.tokens()[k].text;
    // `{ name: value }` in an object (not a type annotation or `case x:`)
    bool key = m_t.punct(k + 1, ":") && (m_t.punct(k - 1, "{") || m_t.punct(k - 1, ","));
    if (key && !m_t.ident(k + 2, "false") && !type_name(m_t, k + 2)) {
      out.insert(name);
    }
    // `o.name = value` / `o.name ||= …` / `&&=` / `??=`
    if (!m_t.punct(k - 1, ".")) {
      continue;
    }
    bool plain = m_t.punct(k + 1, "=") && !m_t.punct(k + 2, "=") && !m_t.ident(k + 2, "false");
    bool compound = false;
    for (const char* op : {"|", "&", "?"}) {
      compound =
          compound || (m_t.punct(k + 1, op) && m_t.punct(k + 2, op) && m_t.punct(k + 3, "="));
    }
    if (plain || compound) {
      out.insert(name);
    }
  }
  return out;
}

std::set<std::string> passed_false(const std::map<std::string, bool>& options) {
  std::set<std::string> out;
  for (const auto& [name, value] : options) {
    if (!value) {
      out.insert(name);
    }
  }
  return out;
}

bool options_allow(const Scope& scope, const std::set<std::string>& off) {
  return std::none_of(scope.options.begin(), scope.options.end(),
                      [&](const std::string& name) { return off.count(name) > 0; });
}

std::set<std::string> options_off(const ScriptReading& reading, const std::string& function,
                                  const std::set<std::string>* from_importer,
                                  const std::function<bool(const Guards&)>& runs) {
  auto found = reading.functions.find(function);
  if (function.empty() || found == reading.functions.end()) {
    return {};  // top-level code: what its option objects hold is not known
  }
  std::optional<std::set<std::string>> off;
  auto meet = [&off](const std::set<std::string>& passed) {
    if (!off) {
      off = passed;
      return;
    }
    std::set<std::string> both;
    std::set_intersection(off->begin(), off->end(), passed.begin(), passed.end(),
                          std::inserter(both, both.begin()));
    off = std::move(both);
  };
  for (const auto& call : reading.local_calls) {
    if (call.function == function && runs(call.guards)) {
      meet(passed_false(call.options));
    }
  }
  if (found->second == Callers::anyone) {
    return {};
  }
  if (found->second == Callers::exported && from_importer) {
    meet(*from_importer);
  }
  if (!off) {
    return {};  // never called: nothing is known of its options
  }
  for (const auto& name : reading.options_set) {
    off->erase(name);
  }
  return *off;
}

}  // namespace nts::workflow::js
