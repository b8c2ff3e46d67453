// Private to the writers: a JSON array written record by record, so that a streaming writer (inspect, credit
// --lines, c2pa over an archive) holds one record at a time. Output: "[\n" REC (",\n" REC)* "\n]\n", or "[]\n"
// when there is none; each record as dump(2), invalid UTF-8 replaced by U+FFFD.
#pragma once

#include <nlohmann/json.hpp>

#include <ostream>

namespace photoaudit::audit {

class JsonArrayStream {
 public:
  explicit JsonArrayStream(std::ostream& out) : out_(out) {}

  void add(const nlohmann::json& record) {
    out_ << (empty_ ? "[\n" : ",\n") << record.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
    empty_ = false;
  }

  // Ends the array. Call once.
  void close() { out_ << (empty_ ? "[]\n" : "\n]\n"); }

 private:
  std::ostream& out_;
  bool empty_ = true;
};

}  // namespace photoaudit::audit
