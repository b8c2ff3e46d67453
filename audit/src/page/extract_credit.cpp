#include "page/extract_credit.hpp"

#include "photoaudit/common/ascii_text.hpp"

#include <array>
#include <cctype>

namespace photoaudit::audit::page {
namespace {

// Markers written in lower case; those ending in ':' may have spaces before the colon ("Foto :").
constexpr std::array<std::string_view, 10> kColonMarkers{"foto",   "fotos",  "bild",   "bilder",  "photo",
                                                         "photos", "quelle", "credit", "credits", "bildnachweis"};
constexpr std::string_view kCopyrightSign = "\xC2\xA9";  // ©

bool at_word_start(std::string_view text, std::size_t pos) {
  if (pos == 0) return true;
  const auto before = static_cast<unsigned char>(text[pos - 1]);
  return !std::isalnum(before) && before < 0x80;
}

// Length of the marker at pos, 0 when none.
std::size_t marker_length(std::string_view lowered, std::size_t pos) {
  const std::string_view rest = lowered.substr(pos);
  if (rest.starts_with(kCopyrightSign)) return kCopyrightSign.size();
  if (!at_word_start(lowered, pos)) return 0;
  if (rest.starts_with("(c)")) return 3;
  if (rest.starts_with("copyright")) return 9;
  for (std::string_view marker : kColonMarkers) {
    if (!rest.starts_with(marker)) continue;
    std::size_t end = marker.size();
    while (end < rest.size() && rest[end] == ' ') ++end;
    if (end < rest.size() && rest[end] == ':') return end + 1;
  }
  return 0;
}

bool is_separator(char c) {
  return c == ' ' || c == '|' || c == '/' || c == '-' || c == ',' || c == ';' || c == '(' || c == '[' || c == '.';
}

}  // namespace

std::size_t find_credit_marker(std::string_view text) {
  const std::string lowered = ascii_lower(text);
  for (std::size_t pos = 0; pos < lowered.size(); ++pos) {
    if (marker_length(lowered, pos) > 0) return pos;
  }
  return std::string_view::npos;
}

bool starts_with_credit_marker(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  return !text.empty() && marker_length(ascii_lower(text), 0) > 0;
}

CaptionParts split_caption_credit(std::string_view text) {
  const std::size_t marker = find_credit_marker(text);
  std::string_view caption = text.substr(0, marker);
  const std::string_view credit = marker == std::string_view::npos ? std::string_view{} : text.substr(marker);
  bool opened_bracket = false;
  while (!caption.empty() && is_separator(caption.back())) {
    if (caption.back() == '.') {  // keep the caption's own full stop, drop the separator before it
      break;
    }
    opened_bracket = opened_bracket || caption.back() == '(' || caption.back() == '[';
    caption.remove_suffix(1);
  }
  std::string credit_text(trim_ascii_space(credit));
  if (opened_bracket && (credit_text.ends_with(')') || credit_text.ends_with(']'))) credit_text.pop_back();
  return {std::string(trim_ascii_space(caption)), std::string(trim_ascii_space(credit_text))};
}

bool is_credit_class(std::string_view class_or_id) {
  constexpr std::array<std::string_view, 7> kWords{"credit",  "copyright", "source",      "byline",
                                                   "urheber", "quelle",    "bildnachweis"};
  const std::string lowered = ascii_lower(class_or_id);
  for (std::string_view word : kWords) {
    if (lowered.find(word) != std::string::npos) return true;
  }
  return false;
}

bool is_credit_itemprop(std::string_view itemprop) {
  const std::string lowered = ascii_lower(itemprop);
  return lowered == "copyrightholder" || lowered == "credittext" || lowered == "copyrightnotice";
}

}  // namespace photoaudit::audit::page
