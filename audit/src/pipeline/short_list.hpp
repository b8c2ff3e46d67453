// A list of names for a finding's message that names at most five ("a, b, c, d, e and 3 more"): messages stay
// short however large a duplicate cluster or a page is, and names past the fifth are never built.
#pragma once

#include <concepts>
#include <cstddef>
#include <string>
#include <string_view>

namespace photoaudit::audit::pipeline {

class ShortList {
 public:
  static constexpr std::size_t kNamed = 5;

  explicit ShortList(std::string_view separator) : separator_(separator) {}

  // Adds one item; make() (returning the item's text) is only called for the first kNamed.
  template <typename Make>
    requires std::invocable<Make&>
  void add(Make&& make) {
    if (named_ < kNamed) {
      if (named_ > 0) text_ += separator_;
      text_ += make();
      ++named_;
    } else {
      ++unnamed_;
    }
  }
  void add(std::string_view item) {
    add([item] { return item; });
  }

  bool empty() const { return named_ == 0; }
  std::size_t size() const { return named_ + unnamed_; }

  // "a, b" or "a; b; c; d; e; and 2 more" (the separator before "and" when it is not a comma).
  std::string str() const {
    if (unnamed_ == 0) return text_;
    return text_ + (separator_ == ", " ? std::string(" ") : std::string(separator_)) + "and " +
           std::to_string(unnamed_) + " more";
  }

 private:
  std::string separator_;
  std::string text_;
  std::size_t named_ = 0;
  std::size_t unnamed_ = 0;
};

}  // namespace photoaudit::audit::pipeline
