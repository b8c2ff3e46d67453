// Does a credit have the form a contract requires? "picture alliance / {agency} | {photographer}" against
// "© picture alliance / ASSOCIATED PRESS | Valery Sharifulin": yes, "ASSOCIATED PRESS" names AP.
#include "credit_format.hpp"

#include <algorithm>

#include "credit_vocabulary.hpp"
#include "unicode_text.hpp"

namespace photoaudit::registry::detail {
namespace {

constexpr std::size_t kMaxSteps = 100'000;

struct Part {
  bool placeholder = false;
  std::string text;  // literal: folded, spaces removed; placeholder: its name
};

std::string folded_without_spaces(std::string_view s) {
  std::string key = text::fold_key(s);
  key.erase(std::remove(key.begin(), key.end(), ' '), key.end());
  return key;
}

std::vector<Part> compile(std::string_view format) {
  std::vector<Part> parts;
  std::string literal;
  auto flush = [&] {
    std::string folded = folded_without_spaces(literal);
    if (!folded.empty()) parts.push_back({false, std::move(folded)});
    literal.clear();
  };
  for (std::size_t i = 0; i < format.size(); ++i) {
    const std::size_t close = format[i] == '{' ? format.find('}', i) : std::string_view::npos;
    if (close == std::string_view::npos) {
      literal.push_back(format[i]);
      continue;
    }
    flush();
    parts.push_back({true, std::string(format.substr(i + 1, close - i - 1))});
    i = close;
  }
  flush();
  return parts;
}

class Matcher {
 public:
  Matcher(const std::vector<Part>& parts, std::string_view text, const FormatContext& context)
      : parts_(parts), text_(text), context_(context) {}

  bool match(std::size_t k, std::size_t pos) {
    if (++steps_ > kMaxSteps) return false;
    if (k == parts_.size()) {
      return text_.find_first_not_of(" .", pos) == std::string_view::npos;
    }
    const Part& part = parts_[k];
    if (!part.placeholder) {
      const std::size_t end = match_literal(pos, part.text);
      return end != std::string_view::npos && match(k + 1, end);
    }
    const Part* next = k + 1 < parts_.size() ? &parts_[k + 1] : nullptr;
    for (std::size_t end = pos + 1; end <= text_.size(); ++end) {
      if (end < text_.size() && (static_cast<unsigned char>(text_[end]) & 0xC0) == 0x80) continue;
      if (next != nullptr && !next->placeholder) {
        const std::size_t at = text_.find_first_not_of(' ', end);
        if (at == std::string_view::npos || text_[at] != next->text.front()) continue;
      }
      if (valid(part.text, text::trim(text_.substr(pos, end - pos))) && match(k + 1, end)) return true;
      if (steps_ > kMaxSteps) return false;
    }
    return false;
  }

 private:
  std::size_t match_literal(std::size_t pos, std::string_view literal) const {
    std::size_t i = pos;
    for (const char c : literal) {
      while (i < text_.size() && text_[i] == ' ') ++i;
      if (i >= text_.size() || text_[i] != c) return std::string_view::npos;
      ++i;
    }
    return i;
  }

  bool valid(std::string_view name, std::string_view value) const {
    if (value.empty()) return false;
    if (name == "photographer") {
      const std::string key = text::fold_key(value);
      for (const auto& p : context_.photographers) {
        if (text::fold_key(p) == key) return true;
      }
      return context_.uncredited && vocabulary::is_placeholder(value, nullptr);
    }
    const Organization* org = context_.table != nullptr ? context_.table->find(value) : nullptr;
    if (org == nullptr) return false;
    if (name == "licensor") return org->id == context_.licensor;
    if (name == "agency") {
      return std::find(context_.agencies.begin(), context_.agencies.end(), org->id) != context_.agencies.end();
    }
    return false;
  }

  const std::vector<Part>& parts_;
  std::string_view text_;
  const FormatContext& context_;
  std::size_t steps_ = 0;
};

}  // namespace

bool matches_credit_format(std::string_view format, std::string_view credit, const FormatContext& context) {
  if (text::find_invalid_utf8(credit) != std::string_view::npos) return false;
  const std::vector<Part> parts = compile(format);
  if (parts.empty()) return true;
  std::string cleaned = text::clean(credit);
  std::string_view rest = cleaned;
  // The credit as printed, then without each leading label in turn ("© Foto: ..." -> "Foto: ..." -> "...").
  for (int variant = 0; variant < 4; ++variant) {
    const std::string folded = text::fold_key(rest);
    if (Matcher(parts, folded, context).match(0, 0)) return true;
    const auto label = vocabulary::match_label(rest);
    if (label.length == 0) break;
    rest.remove_prefix(label.length);
  }
  return false;
}

std::string render_credit_format(std::string_view format, std::string_view licensor, std::string_view agency,
                                 std::string_view photographer) {
  std::string out;
  for (std::size_t i = 0; i < format.size(); ++i) {
    const std::size_t close = format[i] == '{' ? format.find('}', i) : std::string_view::npos;
    if (close == std::string_view::npos) {
      out.push_back(format[i]);
      continue;
    }
    const std::string_view name = format.substr(i + 1, close - i - 1);
    const std::string_view value = name == "licensor"       ? licensor
                                   : name == "agency"       ? agency
                                   : name == "photographer" ? photographer
                                                            : std::string_view{};
    if (value.empty()) {
      out.append(format.substr(i, close - i + 1));
    } else {
      out.append(value);
    }
    i = close;
  }
  return out;
}

}  // namespace photoaudit::registry::detail
