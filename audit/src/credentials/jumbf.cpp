// JUMBF box parsing (see jumbf.hpp).
#include "credentials/jumbf.hpp"

#include <cstdio>

namespace photoaudit::audit::credentials {
namespace {

std::uint64_t big_endian(std::span<const std::uint8_t> bytes) {
  std::uint64_t v = 0;
  for (const std::uint8_t b : bytes) v = (v << 8) | b;
  return v;
}

std::string hex_of(std::span<const std::uint8_t> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const std::uint8_t b : bytes) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 0xF]);
  }
  return out;
}

class Parser {
 public:
  Parser(std::span<const std::uint8_t> all, const JumbfLimits& limits) : all_(all), limits_(limits) {}

  // The box at `at` within `within` (a span of all_); its size is checked against `within`.
  Result<JumbfBox> box(std::span<const std::uint8_t> within, std::size_t at, std::size_t depth) {
    if (++boxes_ > limits_.max_boxes) return fail_at(within, at, "more boxes than the limit");
    if (within.size() - at < 8) return fail_at(within, at, "box header cut short");
    std::uint64_t length = big_endian(within.subspan(at, 4));
    std::size_t header = 8;
    if (length == 1) {
      if (within.size() - at < 16) return fail_at(within, at, "extended box length cut short");
      length = big_endian(within.subspan(at + 8, 8));
      header = 16;
    } else if (length == 0) {
      length = within.size() - at;  // to the end of the enclosing data
    }
    if (length < header || length > within.size() - at) return fail_at(within, at, "box length past its container");
    JumbfBox out;
    out.type.assign(reinterpret_cast<const char*>(within.data() + at + 4), 4);
    out.whole = within.subspan(at, static_cast<std::size_t>(length));
    out.payload = out.whole.subspan(header);
    if (out.is_superbox()) {
      if (depth >= limits_.max_depth) return fail_at(within, at, "superboxes nested deeper than the limit");
      if (auto ok = superbox(out, depth); !ok) return std::unexpected(ok.error());
    }
    return out;
  }

 private:
  Result<void> superbox(JumbfBox& box, std::size_t depth) {
    const std::span<const std::uint8_t> body = box.payload;
    auto description = this->box(body, 0, depth + 1);
    if (!description) return std::unexpected(description.error());
    if (description->type != "jumd" || description->payload.size() < 17) {
      return std::unexpected(Error::corruption(where(body.data()) + ": superbox without a description box"));
    }
    const std::span<const std::uint8_t> d = description->payload;
    box.uuid_hex = hex_of(d.first(16));
    const std::uint8_t toggles = d[16];
    if ((toggles & 0x02) != 0) {  // a label follows, NUL-terminated
      const std::span<const std::uint8_t> rest = d.subspan(17);
      std::size_t end = 0;
      while (end < rest.size() && rest[end] != 0) ++end;
      if (end == rest.size()) return std::unexpected(Error::corruption(where(d.data()) + ": label not terminated"));
      box.label.assign(reinterpret_cast<const char*>(rest.data()), end);
    }
    for (std::size_t at = description->whole.size(); at < body.size();) {
      auto child = this->box(body, at, depth + 1);
      if (!child) return std::unexpected(child.error());
      at += child->whole.size();
      box.children.push_back(std::move(*child));
    }
    return {};
  }

  std::string where(const std::uint8_t* p) const {
    return "JUMBF at byte " + std::to_string(static_cast<std::size_t>(p - all_.data()));
  }
  std::unexpected<Error> fail_at(std::span<const std::uint8_t> within, std::size_t at, const char* what) const {
    return std::unexpected(Error::corruption(where(within.data() + at) + ": " + what));
  }

  std::span<const std::uint8_t> all_;
  JumbfLimits limits_;
  std::size_t boxes_ = 0;
};

}  // namespace

std::span<const std::uint8_t> JumbfBox::data() const {
  return children.empty() ? std::span<const std::uint8_t>() : children.front().payload;
}

const JumbfBox* JumbfBox::child(std::string_view child_label) const {
  for (const JumbfBox& c : children) {
    if (c.is_superbox() && c.label == child_label) return &c;
  }
  return nullptr;
}

Result<JumbfBox> parse_jumbf(std::span<const std::uint8_t> data, const JumbfLimits& limits) {
  Parser parser(data, limits);
  auto root = parser.box(data, 0, 0);
  if (!root) return root;
  if (!root->is_superbox()) return std::unexpected(Error::corruption("JUMBF: the store is not a superbox"));
  return root;
}

}  // namespace photoaudit::audit::credentials
