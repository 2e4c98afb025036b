#include "workflow/context.hpp"

namespace nts::workflow {

Evidence FileContext::evidence(const Scalar& scalar, std::size_t offset, std::size_t length) const {
  Evidence e;
  offset = std::min(offset, scalar.value.size());
  e.at = source.position(source.locate(scalar.mark, scalar.value, offset));
  e.text = scalar.value.substr(offset, length);
  auto eol = e.text.find('\n');
  if (eol != std::string::npos) {
    e.text.resize(eol);
  }
  return e;
}

Evidence FileContext::at_mark(const Mark& mark, std::string text) const {
  Evidence e;
  e.at = source.position(mark);
  e.text = std::move(text);
  return e;
}

}  // namespace nts::workflow
