#include "page/extract_srcset.hpp"

#include <cstdlib>

namespace photoaudit::audit::page {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

void apply_descriptor(std::string_view descriptor, ImageCandidate& candidate) {
  if (descriptor.size() < 2) return;
  const char unit = descriptor.back();
  const std::string number(descriptor.substr(0, descriptor.size() - 1));
  char* end = nullptr;
  if (unit == 'w' || unit == 'W') {
    const long value = std::strtol(number.c_str(), &end, 10);
    if (end != nullptr && *end == '\0' && value > 0) candidate.width = value;
  } else if (unit == 'x' || unit == 'X') {
    const double value = std::strtod(number.c_str(), &end);
    if (end != nullptr && *end == '\0' && value > 0.0 && value < 1e6) candidate.density = value;
  }
}

}  // namespace

std::vector<ImageCandidate> parse_srcset(std::string_view srcset) {
  std::vector<ImageCandidate> candidates;
  std::size_t pos = 0;
  while (pos < srcset.size()) {
    while (pos < srcset.size() && (is_space(srcset[pos]) || srcset[pos] == ',')) ++pos;
    if (pos >= srcset.size()) break;
    const std::size_t url_start = pos;
    while (pos < srcset.size() && !is_space(srcset[pos])) ++pos;
    std::string_view url = srcset.substr(url_start, pos - url_start);
    ImageCandidate candidate;
    if (url.ends_with(',')) {  // "a.jpg,b.jpg 2x": no descriptors for this one
      while (url.ends_with(',')) url.remove_suffix(1);
    } else {
      // Descriptors run to the next comma outside parentheses.
      int parens = 0;
      std::size_t token_start = pos;
      for (; pos <= srcset.size(); ++pos) {
        const char c = pos < srcset.size() ? srcset[pos] : ',';
        if (c == '(') ++parens;
        if (c == ')' && parens > 0) --parens;
        const bool ends_token = (c == ',' && parens == 0) || (is_space(c) && parens == 0);
        if (ends_token) {
          if (pos > token_start) apply_descriptor(srcset.substr(token_start, pos - token_start), candidate);
          token_start = pos + 1;
          if (c == ',') {
            ++pos;
            break;
          }
        }
      }
    }
    if (url.empty()) continue;
    candidate.url = std::string(url);
    candidates.push_back(std::move(candidate));
  }
  return candidates;
}

std::string largest_candidate(const std::vector<ImageCandidate>& candidates) {
  const ImageCandidate* best = nullptr;
  for (const ImageCandidate& c : candidates) {
    if (c.width > 0 && (best == nullptr || c.width > best->width)) best = &c;
  }
  if (best != nullptr) return best->url;
  double best_density = 0.0;
  for (const ImageCandidate& c : candidates) {
    const double density = c.density > 0.0 ? c.density : 1.0;
    if (best == nullptr || density > best_density) {
      best = &c;
      best_density = density;
    }
  }
  return best != nullptr ? best->url : std::string();
}

}  // namespace photoaudit::audit::page
