#include "workflow/context.hpp"

namespace nts::workflow {

Evidence FileContext::evidence(const Scalar& scalar, std::size_t offset, std::size_t length) const {
  Evidence e;
  offset = std::min(offset, scalar.value.size());
  e.at = source.position(source.locate(scalar.mark.line, scalar.mark.column, scalar.value, offset));
  e.text = scalar.value.substr(offset, length);
  auto eol = e.text.find('\n');
  if (eol != std::string::npos) {
    e.text.resize(eol);
  }
  return e;
}

Evidence FileContext::at_mark(const Mark& mark, std::string text) const {
  Evidence e;
  e.at = source.position(source.offset_of_mark(mark.line, mark.column));
  e.text = std::move(text);
  return e;
}

}  // namespace nts::workflow
