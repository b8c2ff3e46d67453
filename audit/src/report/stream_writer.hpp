// Private to the writers: the base of the streaming writers (command_writers.hpp's ItemWriter), holding the two
// streams every one of them writes to: `out_` the result, `err_` the diagnostics.
#pragma once

#include <ostream>

#include "photoaudit/audit/command_writers.hpp"

namespace photoaudit::audit {

template <typename Item, typename Summary>
class StreamWriter : public ItemWriter<Item, Summary> {
 public:
  StreamWriter(std::ostream& out, std::ostream& err) : out_(out), err_(err) {}

 protected:
  std::ostream& out_;
  std::ostream& err_;
};

}  // namespace photoaudit::audit
