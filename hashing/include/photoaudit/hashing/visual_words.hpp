// Visual words over ORB descriptors: candidates for the same-photo engine's grey zone that need no all-pairs
// search (docs/hashing.md, "Candidates for rotated and off-centre copies"). An image's local features are
// quantised into words of a fixed vocabulary (a two-level tree of binary centres, trained once by k-majority
// on real photos and shipped in the library: scripts/make-visual-words); an inverted index maps each word to
// the items that contain it, and a query ranks items by the cosine of their tf-idf weighted word vectors.
// A crop, a small turn, a caption strip or a watermark keeps most of a photo's keypoints, hence most of its
// words; a different photo shares few beyond the common ones, which idf weighs down and stop words skip.
// Candidates only: the local-feature verifier decides.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace photoaudit::hashing {

using OrbDescriptor = std::array<std::uint8_t, 32>;

// A vocabulary tree of two levels: `branching` root centres, each with `branching` leaf centres; a word is
// (root * branching + leaf). Immutable once built; thread-safe to share.
class VisualVocabulary {
 public:
  VisualVocabulary() = default;
  // roots.size() == branching, leaves.size() == branching * branching (leaves of root r at r * branching).
  // Anything else gives an empty vocabulary (word_count() == 0).
  VisualVocabulary(std::vector<OrbDescriptor> roots, std::vector<OrbDescriptor> leaves, std::uint32_t branching);

  std::uint32_t word_count() const { return branching_ * branching_; }
  std::uint32_t branching() const { return branching_; }
  std::span<const OrbDescriptor> roots() const { return roots_; }
  std::span<const OrbDescriptor> leaves() const { return leaves_; }

  // The word of one descriptor: its nearest root (Hamming distance, lowest index on ties), then that root's
  // nearest leaf. Requires word_count() > 0.
  std::uint32_t word(const OrbDescriptor& d) const;

  // The words of a descriptor set, sorted, with how often each occurs (the bag of words). Empty for no
  // descriptors or an empty vocabulary.
  struct Bag {
    std::vector<std::uint32_t> words;   // ascending, distinct
    std::vector<std::uint16_t> counts;  // counts[i] descriptors fell on words[i] (saturates at 65535)
  };
  Bag bag(std::span<const OrbDescriptor> descriptors) const;

 private:
  std::uint32_t branching_ = 0;
  std::vector<OrbDescriptor> roots_;
  std::vector<OrbDescriptor> leaves_;
};

// The shipped vocabulary (hashing/src/visual_words_vocabulary.inc, made by scripts/make-visual-words from
// the photos of ../shared/data/photos with extract_local_features' ORB), and its version: words made with
// vocabularies of two versions must never be compared (a catalog that stores words keeps the version).
const VisualVocabulary& orb_vocabulary();
std::uint32_t visual_words_version();

// Trains a vocabulary by k-majority (k-means under Hamming distance, each centre bit the majority of its
// members' bits) on `sample`: the roots on the whole sample, then each root's leaves on the descriptors nearest
// to it (a root with fewer than `branching` descriptors repeats its own). `iterations` rounds each;
// deterministic for a given seed. Empty vocabulary when sample has fewer than `branching` descriptors.
VisualVocabulary train_visual_vocabulary(std::span<const OrbDescriptor> sample, std::uint32_t branching, int iterations,
                                         std::uint64_t seed);

struct VisualWordsOptions {
  // Words held by more than this many items are stop words: never queried (they say little, and skipping them
  // bounds a query's cost by query words x this, whatever the collection's size). Measured on
  // scripts/bench/robustness with synthetic distractors (docs/hashing.md). Default: 20,000.
  std::size_t max_postings = 20'000;
  // ... or more than this share of all items. Default: 1 (none: on small collections skipping common words
  // cost recall, measured).
  double max_posting_share = 1.0;
};

// An inverted index of bags of words: add() every item, build() once, then query() from any number of threads.
// Memory: 8 bytes per distinct word of each item (its id and count) plus 4 per item; about 3 KB per photo
// (400 distinct words of 500 keypoints), 3 GB per million photos.
class VisualWordsIndex {
 public:
  explicit VisualWordsIndex(std::uint32_t word_count, VisualWordsOptions options = {});

  // Adds an item's bag (VisualVocabulary::bag). Words >= word_count are ignored. Not after build().
  void add(std::uint32_t id, const VisualVocabulary::Bag& bag);
  // Makes the posting lists, the idf weights and the items' norms. Call once, after the last add().
  void build();

  struct Hit {
    std::uint32_t id = 0;
    float score = 0;  // cosine of the tf-idf vectors, 0..1
  };
  // The k items whose word vectors are nearest the bag's (highest cosine first; ties by lower id), leaving out
  // `self` and items sharing no queried word. Cost: the bag's words that are not stop words, times their
  // posting lists (each at most max_postings long). Thread-safe after build(). Throws only std::bad_alloc.
  std::vector<Hit> query(const VisualVocabulary::Bag& bag, std::size_t k, std::uint32_t self) const;

  std::size_t size() const { return norms_.size(); }
  std::size_t stop_words() const;  // words skipped by query(): held by more items than the limits allow
  std::size_t memory_bytes() const;

 private:
  struct Posting {
    std::uint32_t id;
    float weight;  // the item's tf-idf weight of this word divided by the item's norm
  };
  bool stop(std::uint32_t word) const;
  std::uint32_t word_count_;
  VisualWordsOptions options_;
  bool built_ = false;
  std::vector<std::array<std::uint32_t, 3>> pending_;  // (word, id, count) until build()
  std::vector<std::uint32_t> offsets_;                 // word_count + 1 offsets into postings_
  std::vector<Posting> postings_;
  std::vector<float> idf_;
  std::vector<float> norms_;  // by id (items never added: 0)
  std::size_t max_postings_ = 0;
};

}  // namespace photoaudit::hashing
