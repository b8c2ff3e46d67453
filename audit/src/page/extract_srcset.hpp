// srcset parsing (HTML's "parse a srcset attribute", simplified) and choosing the largest image candidate.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace photoaudit::audit::page {

struct ImageCandidate {
  std::string url;       // as written (not resolved)
  long width = 0;        // "800w" descriptor, 0 when absent
  double density = 0.0;  // "2x" descriptor, 0 when absent
};

// Candidates of a srcset attribute, in order. URLs may contain commas ("w_800,h_600/x.jpg 800w"); malformed
// descriptors are ignored (the candidate is kept with none).
std::vector<ImageCandidate> parse_srcset(std::string_view srcset);

// The largest candidate: the largest width descriptor if any candidate has one, else the largest density
// (candidates without descriptors count as 1x), else the first. "" when candidates is empty.
std::string largest_candidate(const std::vector<ImageCandidate>& candidates);

}  // namespace photoaudit::audit::page
