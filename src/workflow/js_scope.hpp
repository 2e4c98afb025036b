#pragma once

#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "workflow/js_lexer.hpp"
#include "workflow/js_script.hpp"

namespace nts::workflow::js {

// Where in a script each token sits: the local function around it and the
// option flags (`opts.publish`) a condition requires to be set for it to run.
// The facts the resolver needs to see that `release({ publish: false })`
// never reaches the `npm publish` that `release` only runs when
// `opts.publish` is set.
class Scopes {
 public:
  explicit Scopes(const TokenCursor& tokens);

  Scope at(std::size_t i) const;

  // Literal booleans given to option properties inside the brackets opened at
  // `open` (`f(root, { publish: false, tag: 'x' })` → publish=false); a name
  // given both values is left out.
  std::map<std::string, bool> options_passed(std::size_t open) const;

  // Calls by name of the script's own functions: `release({ … })`.
  const std::vector<std::pair<std::size_t, std::string>>& local_calls() const {
    return m_local_calls;
  }

  // Each local function and who may call it.
  std::map<std::string, Callers> functions() const;

  // Option names the script sets to something other than a literal false
  // outside the given argument ranges (`{ publish: true }`, `o.publish = x`).
  std::set<std::string> options_set(
      const std::vector<std::pair<std::size_t, std::size_t>>& argument_ranges) const;

 private:
  struct Function {
    std::string name;
    std::size_t definition = 0;  // index of the name token
    std::size_t begin = 0;       // body
    std::size_t end = 0;
  };
  struct OptionRange {
    std::size_t begin = 0;
    std::size_t end = 0;
    std::string name;
  };

  void find_functions();
  std::vector<std::pair<std::size_t, std::string>> find_local_calls() const;
  void find_option_guards();
  // The property name of an access `a.b.name` / `a?.name` spanning [b, e).
  std::string option_access(std::size_t b, std::size_t e) const;
  // Condition tokens [b, e) split at top-level `op` (`&&` / `||`).
  std::vector<std::pair<std::size_t, std::size_t>> split(std::size_t b, std::size_t e,
                                                         char op) const;
  bool exits(std::size_t begin, std::size_t end) const;

  const TokenCursor& m_t;
  std::vector<std::size_t> m_enclosing_end;  // per token: end of its innermost `{ … }` block
  std::vector<Function> m_functions;
  std::vector<OptionRange> m_options;
  std::vector<std::pair<std::size_t, std::string>> m_local_calls;
};

}  // namespace nts::workflow::js
