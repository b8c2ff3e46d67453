// The UTF-8 helpers (photoaudit/common/utf8.hpp) and the ASCII ones (ascii_text.hpp).
#include "photoaudit/common/utf8.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "photoaudit/common/ascii_text.hpp"
#include "photoaudit/common/file_read.hpp"

using photoaudit::append_utf8;
using photoaudit::find_invalid_utf8;
using photoaudit::is_valid_utf8;
using photoaudit::next_code_point;
using photoaudit::repair_utf8;
using photoaudit::utf8_sequence_at;

namespace {
constexpr auto npos = std::string_view::npos;
const std::filesystem::path kFixtures = PHOTOAUDIT_FIXTURES_DIR;
}  // namespace

TEST_CASE("append_utf8: one to four bytes, and back with next_code_point") {
  std::string out;
  for (const char32_t c : {U'A', U'\u00E9', U'\u20AC', U'\U0001F600', U'\U0010FFFF'}) append_utf8(out, c);
  CHECK(out == "A\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\xF4\x8F\xBF\xBF");
  std::size_t i = 0;
  CHECK(next_code_point(out, i) == U'A');
  CHECK(next_code_point(out, i) == U'\u00E9');
  CHECK(next_code_point(out, i) == U'\u20AC');
  CHECK(next_code_point(out, i) == U'\U0001F600');
  CHECK(next_code_point(out, i) == U'\U0010FFFF');
  CHECK(i == out.size());
}

TEST_CASE("next_code_point: a truncated sequence never moves past the end") {
  const std::string_view cut = "\xE2\x82";
  std::size_t i = 0;
  next_code_point(cut, i);
  CHECK(i == cut.size());
}

TEST_CASE("find_invalid_utf8: overlong forms, surrogates, above U+10FFFF, truncation, stray bytes") {
  CHECK(find_invalid_utf8("Gr\xC3\xBC\xC3\x9F"
                          "e \xE2\x80\x94 \xF0\x9F\x93\xB7") == npos);
  CHECK(find_invalid_utf8("ab\xC0\xAF") == 2);        // overlong '/'
  CHECK(find_invalid_utf8("\xE0\x80\xAF") == 0);      // overlong, three bytes
  CHECK(find_invalid_utf8("x\xED\xA0\x80") == 1);     // surrogate U+D800
  CHECK(find_invalid_utf8("\xF4\x90\x80\x80") == 0);  // U+110000
  CHECK(find_invalid_utf8("ok\xE2\x82") == 2);        // truncated
  CHECK(find_invalid_utf8("\x80") == 0);              // stray continuation byte
  CHECK(find_invalid_utf8("caf\xE9") == 3);           // Latin-1, not UTF-8
  CHECK(is_valid_utf8(""));
  CHECK_FALSE(is_valid_utf8("caf\xE9"));
}

TEST_CASE("utf8_sequence_at: length and code point of one sequence") {
  char32_t c = 0;
  CHECK(utf8_sequence_at("\xE2\x82\xAC!", 0, &c) == 3);
  CHECK(c == U'\u20AC');
  CHECK(utf8_sequence_at("\xE2\x82\xAC!", 3, &c) == 1);
  CHECK(c == U'!');
  CHECK(utf8_sequence_at("\xE2\x82\xAC!", 1) == 0);
}

TEST_CASE("repair_utf8: each bad byte becomes one U+FFFD, good text stays as it is") {
  CHECK(repair_utf8("caf\xE9") == "caf\xEF\xBF\xBD");
  CHECK(repair_utf8("\xC0\xAF") == "\xEF\xBF\xBD\xEF\xBF\xBD");
  CHECK(repair_utf8("Stra\xC3\x9F"
                    "e") ==
        "Stra\xC3\x9F"
        "e");
  CHECK(is_valid_utf8(repair_utf8("\xFF\xFE\xED\xA0\x80 x")));
}

TEST_CASE("UTF-8 of real files: the example registry is UTF-8, a JPEG is not") {
  const auto registry = photoaudit::read_file_bounded(kFixtures / "registry.yaml", 1 << 20);
  REQUIRE(registry.has_value());
  CHECK(is_valid_utf8(*registry));
  const auto jpeg = photoaudit::read_file_bounded(kFixtures / "hashing" / "cat.jpg", 1 << 24);
  REQUIRE(jpeg.has_value());
  CHECK_FALSE(is_valid_utf8(*jpeg));
  CHECK(is_valid_utf8(repair_utf8(*jpeg)));
}

TEST_CASE("ASCII text: lower_trimmed, starts_with_lower, find_lower leave other bytes alone") {
  CHECK(photoaudit::lower_trimmed("  Image/JPEG \r\n") == "image/jpeg");
  CHECK(photoaudit::lower_trimmed("\t\v\f") == "");
  CHECK(photoaudit::ascii_lower("\xC3\x84PFEL") == "\xC3\x84pfel");  // Ä is not ASCII: unchanged
  CHECK(photoaudit::trim_ascii_space(" a b ") == "a b");
  CHECK(photoaudit::starts_with_lower("<SVG width=1>", "<svg"));
  CHECK_FALSE(photoaudit::starts_with_lower("<sv", "<svg"));
  CHECK(photoaudit::find_lower("<p>x</P>", "</p>") == 4);
  CHECK(photoaudit::find_lower("<p>x</P>", "</p>", 5) == npos);
}
