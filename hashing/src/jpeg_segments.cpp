// Walking a JPEG stream's marker segments (see jpeg_segments.hpp).
#include "jpeg_segments.hpp"

#include <cstring>

#include "byte_reader.hpp"

namespace photoaudit::hashing {

// Entropy-coded data runs to the next marker that is neither a stuffed 0xFF00 nor a restart marker RSTn.
std::size_t JpegSegmentReader::entropy_end(std::size_t from) const {
  std::size_t pos = from;
  while (pos < size_) {
    const void* ff = std::memchr(data_ + pos, 0xFF, size_ - pos);
    if (ff == nullptr) return size_;
    pos = static_cast<std::size_t>(static_cast<const std::uint8_t*>(ff) - data_);
    if (pos + 1 >= size_) return size_;
    const std::uint8_t next = data_[pos + 1];
    if (next == 0x00 || (next >= 0xD0 && next <= 0xD7) || next == 0xFF) {
      pos += next == 0xFF ? 1 : 2;
      continue;
    }
    return pos;
  }
  return size_;
}

bool JpegSegmentReader::next(JpegSegment& out) {
  while (pos_ < size_) {
    if (data_[pos_] != 0xFF) {
      error_ = "expected a marker at offset " + std::to_string(pos_);
      return false;
    }
    while (pos_ < size_ && data_[pos_] == 0xFF) ++pos_;  // fill bytes
    if (pos_ >= size_) return false;
    const std::uint8_t marker = data_[pos_++];
    if (marker == 0xD9) {
      reached_eoi_ = true;
      return false;
    }
    if ((marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) continue;  // stand-alone markers
    if (pos_ + 2 > size_) {
      error_ = "truncated segment header";
      return false;
    }
    const std::size_t length = read_be16(data_ + pos_);
    if (length < 2 || pos_ + length > size_) {
      error_ = "segment runs past the end of the file";
      return false;
    }
    out = JpegSegment{marker, data_ + pos_, length, nullptr, 0};
    pos_ += length;
    if (marker == 0xDA) {
      const std::size_t end = entropy_end(pos_);
      out.entropy = data_ + pos_;
      out.entropy_size = end - pos_;
      pos_ = end;
    }
    return true;
  }
  return false;
}

}  // namespace photoaudit::hashing
