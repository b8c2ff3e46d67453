// The per-image verdict (image_verdict.hpp).
#include "photoaudit/audit/image_verdict.hpp"

#include <algorithm>

#include "photoaudit/common/enum_names.hpp"

namespace photoaudit::audit {
namespace {

constexpr std::string_view kNames[] = {"publish", "check", "do-not-publish"};
constexpr std::string_view kWords[] = {"publish", "check", "do not publish"};
static_assert(names_cover(kNames, ImageVerdict::kDoNotPublish));
static_assert(names_cover(kWords, ImageVerdict::kDoNotPublish));

Severity deciding_severity(ImageVerdict verdict) {
  switch (verdict) {
    case ImageVerdict::kDoNotPublish:
      return Severity::kError;
    case ImageVerdict::kCheck:
      return Severity::kWarning;
    case ImageVerdict::kPublish:
      break;
  }
  return Severity::kInfo;
}

}  // namespace

std::string_view to_string(ImageVerdict verdict) { return name_of(kNames, verdict, "do-not-publish"); }

std::string_view describe(ImageVerdict verdict) { return name_of(kWords, verdict, "do not publish"); }

ImageVerdict verdict_of(const ImageAudit& image) {
  ImageVerdict verdict = ImageVerdict::kPublish;
  // An unreadable file always carries its metadata-unreadable error; the error field alone decides it too.
  if (image.error) verdict = ImageVerdict::kDoNotPublish;
  for (const Finding& f : image.findings) {
    if (f.severity == Severity::kError) verdict = ImageVerdict::kDoNotPublish;
    if (f.severity == Severity::kWarning) verdict = std::max(verdict, ImageVerdict::kCheck);
  }
  return verdict;
}

std::vector<Rule> verdict_reasons(const ImageAudit& image) {
  const Severity deciding = deciding_severity(verdict_of(image));
  std::vector<Rule> rules;
  for (const Finding& f : image.findings) {
    if (f.severity != deciding) continue;
    if (std::find(rules.begin(), rules.end(), f.rule) == rules.end()) rules.push_back(f.rule);
  }
  return rules;
}

std::string describe(const VerdictCounts& counts) {
  std::string out;
  for (const ImageVerdict v : {ImageVerdict::kDoNotPublish, ImageVerdict::kCheck, ImageVerdict::kPublish}) {
    if (!out.empty()) out += ", ";
    out += std::to_string(counts[static_cast<std::size_t>(v)]) + " " + std::string(describe(v));
  }
  return out;
}

}  // namespace photoaudit::audit
