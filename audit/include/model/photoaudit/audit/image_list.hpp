// ImageList: the audited images of a report, kept out of memory.
//
// An archive audit has 100,000 images and more; as objects, their findings, credits and paths took about
// 2 KiB each. Here each image is encoded to a compact record when it is added and decoded again when it is
// read. The records go to an unlinked temporary file (tmpfile(3), in $TMPDIR); what stays in memory per image is
// the record's place and the image's path and display path, which duplicate messages and reports look up often.
// Where no temporary file can be made or written (read-only or full disk), the records stay in memory, still
// compact; nothing is lost either way.
//
// Reading gives a copy, `const` so that assigning to it does not compile: change an image with set() or
// update(). Not thread-safe: one thread at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "photoaudit/audit/image_audit.hpp"

namespace photoaudit::audit {

class ImageList {
 public:
  ImageList();
  ImageList(std::initializer_list<ImageAudit> images);
  ImageList(const ImageList& other);
  ImageList& operator=(const ImageList& other);
  ImageList(ImageList&& other) noexcept;
  ImageList& operator=(ImageList&& other) noexcept;
  ~ImageList();

  std::size_t size() const { return places_.size(); }
  bool empty() const { return places_.empty(); }
  void reserve(std::size_t n);

  void push_back(const ImageAudit& image);
  // The image at i, decoded. REQUIRES: i < size().
  const ImageAudit operator[](std::size_t i) const;
  const ImageAudit back() const;
  // Replaces the image at i. REQUIRES: i < size().
  void set(std::size_t i, const ImageAudit& image);
  // Reads the image at i, lets change() modify it, and stores it again.
  template <typename Change>
  void update(std::size_t i, Change change) {
    ImageAudit image = (*this)[i];
    change(image);
    set(i, image);
  }

  // Without decoding the record: the image's path and display path. REQUIRES: i < size().
  const std::string& path(std::size_t i) const { return paths_[i]; }
  const std::string& display(std::size_t i) const { return displays_[i]; }

  class const_iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = ImageAudit;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = const ImageAudit;

    const_iterator() = default;
    const_iterator(const ImageList* list, std::size_t i) : list_(list), i_(i) {}
    reference operator*() const;
    const_iterator& operator++() {
      ++i_;
      return *this;
    }
    const_iterator operator++(int) {
      const_iterator before = *this;
      ++i_;
      return before;
    }
    friend bool operator==(const const_iterator& a, const const_iterator& b) { return a.i_ == b.i_; }

   private:
    const ImageList* list_ = nullptr;
    std::size_t i_ = 0;
  };
  const_iterator begin() const { return {this, 0}; }
  const_iterator end() const { return {this, size()}; }

  // True while the records are in a temporary file (false: in memory, or none added yet).
  bool spooled() const { return file_ != nullptr; }

 private:
  struct Place {
    std::uint64_t offset = 0;
    std::uint32_t length = 0;
  };
  Place append(const std::string& record);
  std::string read(const Place& place) const;
  void keep_in_memory();

  std::FILE* file_ = nullptr;  // the records, when spooled (made at the first record)
  std::uint64_t file_size_ = 0;
  bool in_memory_ = false;  // no temporary file could be made or written: records stay in memory_
  std::string memory_;      // the records, when not spooled
  std::vector<Place> places_;
  std::vector<std::string> paths_;
  std::vector<std::string> displays_;
};

}  // namespace photoaudit::audit
