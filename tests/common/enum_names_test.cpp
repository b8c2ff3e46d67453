// Enum name tables (common/enum_names.hpp) and the Relation enum shared by hashing and registry.
#include <catch2/catch.hpp>

#include "photoaudit/common/enum_names.hpp"
#include "photoaudit/common/error.hpp"
#include "photoaudit/common/relation.hpp"

namespace {

enum class Colour { kRed, kGreen, kBlue };
constexpr std::string_view kColourNames[] = {"red", "green", "blue"};
static_assert(photoaudit::names_cover(kColourNames, Colour::kBlue));
static_assert(!photoaudit::names_cover(kColourNames, Colour::kGreen));

}  // namespace

TEST_CASE("name_of gives each enumerator its name and the fallback outside the table") {
  using photoaudit::name_of;
  CHECK(name_of(kColourNames, Colour::kRed, "?") == "red");
  CHECK(name_of(kColourNames, Colour::kBlue, "?") == "blue");
  CHECK(name_of(kColourNames, static_cast<Colour>(7), "?") == "?");
}

TEST_CASE("value_of reads a name back, exactly or by the caller's comparison") {
  using photoaudit::value_of;
  CHECK(value_of<Colour>(kColourNames, "green") == Colour::kGreen);
  CHECK_FALSE(value_of<Colour>(kColourNames, "Green").has_value());
  CHECK_FALSE(value_of<Colour>(kColourNames, "").has_value());
  const auto first_letter = [](std::string_view a, std::string_view b) { return !a.empty() && a[0] == b[0]; };
  CHECK(value_of<Colour>(kColourNames, "bl", first_letter) == Colour::kBlue);
}

TEST_CASE("the stable names that reports and catalogs print stay the same") {
  CHECK(photoaudit::to_string(photoaudit::Relation::kExact) == "exact");
  CHECK(photoaudit::to_string(photoaudit::Relation::kContent) == "content");
  CHECK(photoaudit::to_string(photoaudit::Relation::kNear) == "near");
  CHECK(photoaudit::to_string(photoaudit::ErrorCode::kIOError) == "io_error");
  CHECK(photoaudit::to_string(photoaudit::ErrorCode::kNetwork) == "network");
}
