// A compact binary record of plain structs, written and read back field by field: the ImageList's temporary
// file (audit/src/model/image_record.cpp) and the evidence a reading worker process sends back
// (audit/src/evidence/evidence_codec.cpp).
//
// A struct takes part by a `fields(Fields, T&)` overload returning std::tie of its members in declaration order;
// the generic put/get below then write and read it. Those overloads, and the put/get of leaf types a codec adds
// (its enums, its variants), are declared in namespace photoaudit::record in the codec's own file (`static`, or in
// one file only): argument-dependent lookup through Fields, Writer and Reader finds them. Integers are
// little-endian; sizes and counts 32 bits.
//
// Reading never trusts the data: every length and count is checked against the bytes left, and a record that is
// cut short or out of range leaves the Reader !ok() with the fields read so far.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <vector>

namespace photoaudit::record {

class Writer {
 public:
  void u8(std::uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void u32(std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out_.push_back(static_cast<char>(v >> (8 * i) & 0xFF));
  }
  void u64(std::uint64_t v) {
    for (int i = 0; i < 8; ++i) out_.push_back(static_cast<char>(v >> (8 * i) & 0xFF));
  }
  void str(std::string_view s) {
    u32(static_cast<std::uint32_t>(s.size()));
    out_.append(s);
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  // True when every byte was read (a record with bytes left over is damaged too).
  bool at_end() const { return pos_ == in_.size(); }
  std::uint8_t u8() { return static_cast<std::uint8_t>(take(1)); }
  std::uint32_t u32() { return static_cast<std::uint32_t>(take(4)); }
  std::uint64_t u64() { return take(8); }
  std::string str() {
    const std::uint32_t n = u32();
    if (!ok_ || n > in_.size() - pos_) {
      ok_ = false;
      return {};
    }
    std::string s(in_.substr(pos_, n));
    pos_ += n;
    return s;
  }
  // A count of items that each take at least `min_bytes`: never more than the rest of the record can hold.
  std::uint32_t count(std::size_t min_bytes) {
    const std::uint32_t n = u32();
    if (!ok_ || n > (in_.size() - pos_) / min_bytes) {
      ok_ = false;
      return 0;
    }
    return n;
  }
  // Marks the record damaged (a value out of range).
  void fail() { ok_ = false; }
  // An enum written as its value (one byte); `last` is its largest enumerator. Out of range: damaged.
  template <typename Enum>
  Enum enum_value(Enum last) {
    const std::uint8_t v = u8();
    if (v > static_cast<std::uint8_t>(last)) {
      ok_ = false;
      return last;
    }
    return static_cast<Enum>(v);
  }

 private:
  std::uint64_t take(std::size_t bytes) {
    if (!ok_ || bytes > in_.size() - pos_) {
      ok_ = false;
      return 0;
    }
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < bytes; ++i) v |= std::uint64_t{static_cast<unsigned char>(in_[pos_ + i])} << (8 * i);
    pos_ += bytes;
    return v;
  }

  std::string_view in_;
  std::size_t pos_ = 0;
  bool ok_ = true;
};

// The tag through which `fields` overloads are found.
struct Fields {};

template <typename T>
concept HasFields = requires(T& t) {
  fields(Fields{}, t);
};

inline void put(Writer& w, const std::string& v) { w.str(v); }
inline void put(Writer& w, bool v) { w.u8(v ? 1 : 0); }
inline void put(Writer& w, std::uint8_t v) { w.u8(v); }
inline void put(Writer& w, int v) { w.u32(static_cast<std::uint32_t>(v)); }
inline void put(Writer& w, std::uint32_t v) { w.u32(v); }
inline void put(Writer& w, std::uint64_t v) { w.u64(v); }
template <typename Enum>
requires std::is_enum_v<Enum>
void put(Writer& w, Enum v) { w.u8(static_cast<std::uint8_t>(v)); }
template <HasFields T>
void put(Writer& w, const T& v);
template <typename T>
void put(Writer& w, const std::optional<T>& v);
template <typename T>
void put(Writer& w, const std::vector<T>& v);
template <typename T, std::size_t N>
void put(Writer& w, const std::array<T, N>& v);
template <typename K, typename V, typename C>
void put(Writer& w, const std::map<K, V, C>& v);

template <HasFields T>
void put(Writer& w, const T& v) {
  std::apply([&w](const auto&... f) { (put(w, f), ...); }, fields(Fields{}, const_cast<T&>(v)));
}
template <typename T>
void put(Writer& w, const std::optional<T>& v) {
  w.u8(v ? 1 : 0);
  if (v) put(w, *v);
}
template <typename T>
void put(Writer& w, const std::vector<T>& v) {
  w.u32(static_cast<std::uint32_t>(v.size()));
  for (const auto& item : v) put(w, item);
}
template <typename T, std::size_t N>
void put(Writer& w, const std::array<T, N>& v) {
  for (const auto& item : v) put(w, item);
}
template <typename K, typename V, typename C>
void put(Writer& w, const std::map<K, V, C>& v) {
  w.u32(static_cast<std::uint32_t>(v.size()));
  for (const auto& [key, value] : v) {
    put(w, key);
    put(w, value);
  }
}

inline void get(Reader& r, std::string& v) { v = r.str(); }
inline void get(Reader& r, bool& v) { v = r.u8() != 0; }
inline void get(Reader& r, std::uint8_t& v) { v = r.u8(); }
inline void get(Reader& r, int& v) { v = static_cast<int>(r.u32()); }
inline void get(Reader& r, std::uint32_t& v) { v = r.u32(); }
inline void get(Reader& r, std::uint64_t& v) { v = r.u64(); }
template <HasFields T>
void get(Reader& r, T& v);
template <typename T>
void get(Reader& r, std::optional<T>& v);
template <typename T>
void get(Reader& r, std::vector<T>& v);
template <typename T, std::size_t N>
void get(Reader& r, std::array<T, N>& v);
template <typename K, typename V, typename C>
void get(Reader& r, std::map<K, V, C>& v);

template <HasFields T>
void get(Reader& r, T& v) {
  std::apply([&r](auto&... f) { (get(r, f), ...); }, fields(Fields{}, v));
}
template <typename T>
void get(Reader& r, std::optional<T>& v) {
  v.reset();
  if (r.u8() != 0) get(r, v.emplace());
}
template <typename T>
void get(Reader& r, std::vector<T>& v) {
  v.resize(r.count(1));
  for (auto& item : v) get(r, item);
}
template <typename T, std::size_t N>
void get(Reader& r, std::array<T, N>& v) {
  for (auto& item : v) get(r, item);
}
template <typename K, typename V, typename C>
void get(Reader& r, std::map<K, V, C>& v) {
  v.clear();
  const std::uint32_t n = r.count(2);
  for (std::uint32_t i = 0; i < n && r.ok(); ++i) {
    K key{};
    get(r, key);
    get(r, v[std::move(key)]);
  }
}

}  // namespace photoaudit::record
