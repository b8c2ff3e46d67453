// IPTC Digital Source Type (http://cv.iptc.org/newscodes/digitalsourcetype/): how an image came about.
#include <string>
#include <string_view>

#include "photoaudit/common/enum_names.hpp"
#include "photoaudit/registry/license.hpp"
#include "unicode_text.hpp"

namespace photoaudit::registry {
namespace {

struct Code {
  std::string_view code;
  DigitalSource source;
};

constexpr Code kCodes[] = {
    {"digitalCapture", DigitalSource::kCaptured},
    {"computationalCapture", DigitalSource::kCaptured},
    {"negativeFilm", DigitalSource::kCaptured},
    {"positiveFilm", DigitalSource::kCaptured},
    {"print", DigitalSource::kCaptured},
    {"humanEdits", DigitalSource::kEdited},
    {"minorHumanEdits", DigitalSource::kEdited},
    {"compositeCapture", DigitalSource::kEdited},
    {"algorithmicallyEnhanced", DigitalSource::kEdited},
    {"composite", DigitalSource::kEdited},
    {"trainedAlgorithmicMedia", DigitalSource::kSynthetic},
    {"compositeWithTrainedAlgorithmicMedia", DigitalSource::kSynthetic},
    {"algorithmicMedia", DigitalSource::kSynthetic},
    {"compositeSynthetic", DigitalSource::kSynthetic},
    {"digitalArt", DigitalSource::kOther},
    {"virtualRecording", DigitalSource::kOther},
    {"dataDrivenMedia", DigitalSource::kOther},
    {"screenCapture", DigitalSource::kOther},
    {"softwareImage", DigitalSource::kOther},
    {"digitalCreation", DigitalSource::kOther},
};

bool equals_ascii_icase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

}  // namespace

constexpr std::string_view kDigitalSourceNames[] = {"unknown", "captured", "edited", "synthetic", "other"};
static_assert(names_cover(kDigitalSourceNames, DigitalSource::kOther));

std::string_view to_string(DigitalSource source) { return name_of(kDigitalSourceNames, source, "unknown"); }

DigitalSource classify_digital_source(std::string_view value, std::string* code) {
  std::string_view v = text::trim(value);
  while (!v.empty() && (v.back() == '/' || v.back() == ' ')) v.remove_suffix(1);
  if (const std::size_t slash = v.rfind('/'); slash != std::string_view::npos) v = v.substr(slash + 1);
  for (const Code& c : kCodes) {
    if (equals_ascii_icase(v, c.code)) {
      if (code != nullptr) code->assign(c.code);
      return c.source;
    }
  }
  if (code != nullptr) code->clear();
  return DigitalSource::kUnknown;
}

}  // namespace photoaudit::registry
