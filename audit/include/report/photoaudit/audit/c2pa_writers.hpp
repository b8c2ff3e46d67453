// Writers of `photoaudit c2pa`: the Content Credentials of each file, for people (text) and scripts (JSON,
// docs/json.md "c2pa"). Streaming, like inspect: item() per file in input order, then finish().
#pragma once

#include <cstddef>
#include <memory>
#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

#include "photoaudit/audit/c2pa.hpp"
#include "photoaudit/audit/command_writers.hpp"
#include "photoaudit/common/error.hpp"

namespace photoaudit::audit {

struct C2paItem {
  std::size_t index = 0;
  std::string path;
  Result<C2paReport> report;  // the error: the file could not be read
};

struct C2paSummary {
  std::size_t files = 0;
  std::size_t unreadable = 0;
  std::size_t without = 0;  // no manifest store
  std::size_t invalid = 0;  // a store whose state is Invalid
};

using C2paWriter = ItemWriter<C2paItem, C2paSummary>;

std::unique_ptr<C2paWriter> make_c2pa_text_writer(std::ostream& out, std::ostream& err);
std::unique_ptr<C2paWriter> make_c2pa_json_writer(std::ostream& out, std::ostream& err);

// One file's record (docs/json.md, "c2pa").
nlohmann::json c2pa_to_json(const std::string& path, const C2paReport& report);

}  // namespace photoaudit::audit
