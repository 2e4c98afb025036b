#include "workflow/js_script.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>

#include "workflow/js_lexer.hpp"
#include "workflow/js_scope.hpp"

namespace nts::workflow::js {
namespace {

// Functions that hand their first argument (a command line, or a program with
// an argv array) to a shell or to exec: child_process, execa, shelljs, zx.
const std::set<std::string, std::less<>> k_exec_functions = {
    "exec",  "execSync",  "execa",    "execaSync",    "execaCommand", "execaCommandSync",
    "spawn", "spawnSync", "execFile", "execFileSync", "fork",         "execCommand",
    "shell"};
// Tags of template literals that run their text: zx and execa's `$`, Bun.$, `sh`.
const std::set<std::string, std::less<>> k_exec_tags = {"$", "execa", "execaSync", "sh"};

std::string trim(std::string_view s) {
  std::size_t b = 0;
  std::size_t e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) {
    ++b;
  }
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) {
    --e;
  }
  return std::string(s.substr(b, e - b));
}

struct Binding {
  std::string module;
  std::string name;  // imported name: "default", "*" or the export's name
};

class Reader : TokenCursor {
 public:
  Reader(std::vector<Token> tokens, std::string dirname)
      : TokenCursor(std::move(tokens)), m_dirname(std::move(dirname)), m_scopes(*this) {}

  ScriptReading run() {
    find_wrappers();
    find_guards();
    for (std::size_t i = 0; i < m_t.size(); ++i) {
      constant_at(i);
      import_at(i);
      call_at(i);
    }
    // The script's own functions, the calls of them and which option flags it
    // sets, for options_off().
    m_out.functions = m_scopes.functions();
    for (const auto& [at, name] : m_scopes.local_calls()) {
      m_out.local_calls.push_back(
          {m_t[at].line, name, guards_at(at), m_scopes.at(at), m_scopes.options_passed(at + 1)});
      m_argument_ranges.emplace_back(at + 1, after_close(at + 1));
    }
    m_out.options_set = m_scopes.options_set(m_argument_ranges);
    return std::move(m_out);
  }

 private:
  std::string resolve(const std::string& expression) const {
    std::string e = trim(expression);
    if (e == "__dirname" || e == "import.meta.dirname") {
      return m_dirname;
    }
    auto it = m_constants.find(e);
    return it == m_constants.end() ? std::string() : it->second;
  }
  std::string value(const Token& t) const {
    std::string out;
    for (const auto& part : t.parts) {
      out += part.expression ? resolve(part.text) : part.text;
    }
    return out;
  }
  // A literal, or a name bound to one.
  std::optional<std::string> string_at(std::size_t i) const {
    if (literal(i)) {
      return value(m_t[i]);
    }
    if (ident(i)) {
      auto it = m_constants.find(m_t[i].text);
      if (it != m_constants.end()) {
        return it->second;
      }
    }
    return std::nullopt;
  }

  // A directory expression: `__dirname`, `import.meta.dirname`,
  // `path.join(__dirname, '..')`, `resolve(root, 'bin')` of known parts.
  // Returns the value and the index after it.
  std::optional<std::pair<std::string, std::size_t>> path_value(std::size_t i) const {
    if (ident(i, "__dirname")) {
      return std::pair{m_dirname, i + 1};
    }
    if (ident(i, "import") && punct(i + 1, ".") && ident(i + 2, "meta") && punct(i + 3, ".") &&
        ident(i + 4, "dirname")) {
      return std::pair{m_dirname, i + 5};
    }
    std::size_t open = 0;
    if (ident(i, "path") && punct(i + 1, ".") &&
        (ident(i + 2, "join") || ident(i + 2, "resolve"))) {
      open = i + 3;
    } else if ((ident(i, "join") || ident(i, "resolve")) && !(i > 0 && punct(i - 1, "."))) {
      open = i + 1;
    }
    if (open == 0 || !punct(open, "(")) {
      return std::nullopt;
    }
    std::size_t close = after_close(open);
    std::string joined;
    for (std::size_t k = open + 1; k + 1 < close;) {
      std::string part;
      if (auto nested = path_value(k)) {
        part = nested->first;
        k = nested->second;
      } else if (auto s = string_at(k)) {
        part = *s;
        ++k;
      } else {
        return std::nullopt;
      }
      joined += (joined.empty() ? "" : "/") + part;
      if (punct(k, ",")) {
        ++k;
      }
    }
    return std::pair{joined, close};
  }

  // `const NAME = 'text'` (or a template of known parts, or a directory expression).
  void constant_at(std::size_t i) {
    if (!(ident(i, "const") || ident(i, "let") || ident(i, "var")) || !ident(i + 1) ||
        !punct(i + 2, "=")) {
      return;
    }
    std::string text;
    std::size_t after = i + 4;
    if (literal(i + 3)) {
      text = value(m_t[i + 3]);
    } else if (auto path = path_value(i + 3)) {
      text = path->first;
      after = path->second;
    } else {
      return;
    }
    bool ends = after >= m_t.size() || punct(after, ";") || punct(after, ",") ||
                m_t[after].line > m_t[after - 1].line;
    if (ends) {
      m_constants[m_t[i + 1].text] = text;
    }
  }

  void import_at(std::size_t i) {
    // import … from 'm' / export … from 'm' / import 'm'
    if (ident(i, "from") && is(i + 1, Token::Kind::string)) {
      bool reexport = false;
      for (std::size_t j = i; j-- > 0 && i - j < 200;) {
        if (ident(j, "import") || ident(j, "export")) {
          reexport = ident(j, "export");
          break;
        }
      }
      m_out.imports.push_back({m_t[i + 1].line, value(m_t[i + 1]), !reexport});
      bind_import(i, value(m_t[i + 1]));
    } else if (ident(i, "import") && is(i + 1, Token::Kind::string)) {
      m_out.imports.push_back({m_t[i + 1].line, value(m_t[i + 1])});
    } else if ((ident(i, "require") || ident(i, "import")) && punct(i + 1, "(") &&
               is(i + 2, Token::Kind::string)) {
      auto module = value(m_t[i + 2]);
      bool bound = i >= 2 && punct(i - 1, "=") && (ident(i - 2) || punct(i - 2, "}"));
      m_out.imports.push_back({m_t[i + 2].line, module, bound});
      // const X = require('m') / const { a, b: c } = require('m')
      if (i >= 2 && punct(i - 1, "=") && ident(i - 2) && !ident(i - 2, "await")) {
        m_bindings[m_t[i - 2].text] = {module, "default"};
      } else if (i >= 2 && punct(i - 1, "=") && punct(i - 2, "}")) {
        std::size_t j = i - 2;
        while (j > 0 && !punct(j, "{")) {
          --j;
        }
        for (std::size_t k = j + 1; k < i - 2; ++k) {
          if (ident(k) && !punct(k + 1, ":")) {
            std::string name = m_t[k].text;
            std::string imported = k >= 2 && punct(k - 1, ":") ? m_t[k - 2].text : name;
            m_bindings[name] = {module, imported};
          }
        }
      }
    }
  }

  // Walks back from `from` over `import X, { a, b as c } from` / `import * as X from`.
  void bind_import(std::size_t from, const std::string& module) {
    std::size_t j = from;
    while (j > 0 && !ident(j - 1, "import") && !ident(j - 1, "export") && from - j < 200) {
      --j;
    }
    bool in_braces = false;
    for (std::size_t k = j; k < from; ++k) {
      if (punct(k, "{")) {
        in_braces = true;
      } else if (punct(k, "}")) {
        in_braces = false;
      } else if (ident(k) && !ident(k, "as") && !ident(k, "type")) {
        if (ident(k + 1, "as") && ident(k + 2)) {
          m_bindings[m_t[k + 2].text] = {module, punct(k, "*") ? "*" : m_t[k].text};
          k += 2;
        } else if (k >= 1 && punct(k - 1, "*")) {
          continue;
        } else {
          m_bindings[m_t[k].text] = {module, in_braces ? m_t[k].text : "default"};
        }
      } else if (punct(k, "*") && ident(k + 1, "as") && ident(k + 2)) {
        m_bindings[m_t[k + 2].text] = {module, "*"};
        k += 2;
      }
    }
  }

  bool exec_callee(std::size_t i) const {
    return ident(i) && (k_exec_functions.count(m_t[i].text) || m_wrappers.count(m_t[i].text)) &&
           !(i > 0 && ident(i - 1, "function"));
  }

  // `spawn('npm', ['publish', '--tag', tag])`: the program and its argv array.
  std::string with_argv(std::string command, std::size_t comma) const {
    if (!punct(comma, ",") || !punct(comma + 1, "[")) {
      return command;
    }
    std::size_t end = after_close(comma + 1);
    for (std::size_t k = comma + 2; k + 1 < end; ++k) {
      if (auto word = string_at(k); word && (punct(k + 1, ",") || punct(k + 1, "]"))) {
        bool plain = !word->empty() && word->find_first_of(" \t'\"$`\\;&|<>") == std::string::npos;
        command += plain ? " " + *word : " '" + *word + "'";
      }
    }
    return command;
  }

  void call_at(std::size_t i) {
    // execSync('…'), spawn('npm', [...]), run(`…`) of a wrapper
    if (exec_callee(i) && punct(i + 1, "(")) {
      if (auto command = string_at(i + 2)) {
        std::string text = with_argv(*command, i + 3);
        if (m_t[i].text == "fork") {
          text = "node " + text;
        }
        m_out.commands.push_back({m_t[i + 2].line, text, guards_at(i), m_scopes.at(i)});
      }
      return;
    }
    // $`…`, Bun.$`…`, execa`…`, $({ cwd })`…`
    if (is(i, Token::Kind::templ) && i > 0) {
      bool tagged = ident(i - 1) && k_exec_tags.count(m_t[i - 1].text);
      if (!tagged && punct(i - 1, ")")) {
        for (std::size_t open = i - 1; open-- > 0;) {
          if (punct(open, "(") && after_close(open) == i) {
            tagged = open > 0 && ident(open - 1) && k_exec_tags.count(m_t[open - 1].text);
            break;
          }
        }
      }
      if (tagged) {
        m_out.commands.push_back({m_t[i].line, value(m_t[i]), guards_at(i), m_scopes.at(i)});
      }
      return;
    }
    // A call into an imported module: releasePublish(…), release.publish(…), semanticRelease(…)
    if (!ident(i) || (i > 0 && punct(i - 1, "."))) {
      return;
    }
    auto it = m_bindings.find(m_t[i].text);
    if (it == m_bindings.end()) {
      return;
    }
    std::string function = it->second.name;
    std::size_t open = i + 1;
    if (punct(i + 1, ".") && ident(i + 2)) {
      function = (function == "default" || function == "*") ? m_t[i + 2].text
                                                            : function + "." + m_t[i + 2].text;
      open = i + 3;
    }
    if (!punct(open, "(")) {
      return;
    }
    std::size_t close = after_close(open);
    std::string arguments;
    for (std::size_t k = open + 1; k + 1 < close; ++k) {
      const Token& t = m_t[k];
      arguments += t.kind == Token::Kind::ident || t.kind == Token::Kind::punct
                       ? t.text
                       : "'" + value(t) + "'";
      arguments += ' ';
    }
    m_out.api_calls.push_back({m_t[i].line, it->second.module, function, trim(arguments),
                               guards_at(i), m_scopes.at(i), m_scopes.options_passed(open)});
    m_argument_ranges.emplace_back(open, close);
  }

  // `if (args.includes('--release')) { … }` / `if (…) return release(…)`:
  // the flags the condition tests, over the tokens it governs. A negated test
  // (`!args.includes(…)`) guards nothing.
  void find_guards() {
    for (std::size_t i = 0; i + 1 < m_t.size(); ++i) {
      if (!ident(i, "if") || !punct(i + 1, "(")) {
        continue;
      }
      std::size_t body = after_close(i + 1);
      std::vector<std::string> flags;
      bool negated = false;
      for (std::size_t k = i + 2; k + 1 < body; ++k) {
        if (punct(k, "!") && !punct(k + 1, "=")) {
          negated = true;
        }
        if (literal(k)) {
          auto v = value(m_t[k]);
          if (v.size() > 2 && v.compare(0, 2, "--") == 0) {
            flags.push_back(v);
          }
        }
      }
      if (flags.empty() || negated || body >= m_t.size()) {
        continue;
      }
      std::size_t end = statement_end(body);
      m_guards.push_back({body, end, std::move(flags)});
    }
  }

  Guards guards_at(std::size_t i) const {
    Guards out;
    for (const auto& guard : m_guards) {
      if (i >= guard.begin && i < guard.end) {
        out.push_back(guard.flags);
      }
    }
    return out;
  }

  // Local functions that pass their argument on to exec: `const run = (cmd) =>
  // execSync(cmd, …)`, `function sh(cmd) { … spawnSync(…) }`. Twice, so a
  // wrapper of a wrapper counts.
  void find_wrappers() {
    for (int pass = 0; pass < 2; ++pass) {
      for (std::size_t i = 0; i + 2 < m_t.size(); ++i) {
        std::string name;
        std::size_t body = 0;
        if (ident(i, "function") && ident(i + 1) && punct(i + 2, "(")) {
          name = m_t[i + 1].text;
          body = after_close(i + 2);
        } else if ((ident(i, "const") || ident(i, "let") || ident(i, "var")) && ident(i + 1) &&
                   punct(i + 2, "=")) {
          std::size_t j = i + 3;
          if (ident(j, "async")) {
            ++j;
          }
          if (ident(j, "function")) {
            j = ident(j + 1) ? j + 2 : j + 1;
          }
          if (punct(j, "(")) {
            j = after_close(j);
          } else if (ident(j) && punct(j + 1, "=>")) {
            ++j;
          } else {
            continue;
          }
          name = m_t[i + 1].text;
          body = j;
        } else {
          continue;
        }
        if (punct(body, ":")) {  // TypeScript return type
          while (body < m_t.size() && !punct(body, "{") && !punct(body, "=>")) {
            ++body;
          }
        }
        if (punct(body, "=>")) {
          ++body;
        }
        std::size_t end = m_t.size();
        if (punct(body, "{") || punct(body, "(")) {
          end = after_close(body);
        } else {
          end = body;
          while (end < m_t.size() && !punct(end, ";") && m_t[end].line == m_t[body].line) {
            ++end;
          }
        }
        for (std::size_t k = body; k < end && k < m_t.size(); ++k) {
          bool call = exec_callee(k) && punct(k + 1, "(");
          bool tag = ident(k) && k_exec_tags.count(m_t[k].text) && is(k + 1, Token::Kind::templ);
          if ((call || tag) && m_t[k].text != name) {
            m_wrappers.insert(name);
            break;
          }
        }
      }
    }
  }

  std::string m_dirname;
  Scopes m_scopes;
  std::vector<std::pair<std::size_t, std::size_t>> m_argument_ranges;
  std::map<std::string, std::string> m_constants;
  std::map<std::string, Binding> m_bindings;
  std::set<std::string, std::less<>> m_wrappers;
  struct Guard {
    std::size_t begin = 0;
    std::size_t end = 0;
    std::vector<std::string> flags;
  };
  std::vector<Guard> m_guards;
  ScriptReading m_out;
};

}  // namespace

bool reachable(const Guards& guards, const std::vector<std::string>& args) {
  for (const auto& flags : guards) {
    bool met = false;
    for (const auto& flag : flags) {
      for (const auto& arg : args) {
        met = met || arg == flag || arg.rfind(flag + "=", 0) == 0;
      }
    }
    if (!met) {
      return false;
    }
  }
  return true;
}

ScriptReading read_script(std::string_view source, const std::string& dirname) {
  return Reader(lex(source), dirname).run();
}

}  // namespace nts::workflow::js
