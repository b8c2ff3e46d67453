// The shipped visual-words vocabulary: the centres of visual_words_vocabulary.inc (scripts/make-visual-words).
#include <cstdint>
#include <vector>

#include "photoaudit/hashing/visual_words.hpp"

namespace photoaudit::hashing {
namespace {

#include "visual_words_vocabulary.inc"

OrbDescriptor centre(std::size_t index) {
  OrbDescriptor d{};
  for (std::size_t i = 0; i < 32; ++i) {
    d[i] = static_cast<std::uint8_t>(kVocabularyCentres[index * 4 + i / 8] >> (8 * (i % 8)));
  }
  return d;
}

VisualVocabulary make_vocabulary() {
  const std::size_t b = kVocabularyBranching;
  static_assert(sizeof(kVocabularyCentres) / sizeof(kVocabularyCentres[0]) ==
                4 * (kVocabularyBranching + static_cast<std::size_t>(kVocabularyBranching) * kVocabularyBranching));
  std::vector<OrbDescriptor> roots;
  std::vector<OrbDescriptor> leaves;
  for (std::size_t i = 0; i < b; ++i) roots.push_back(centre(i));
  for (std::size_t i = 0; i < b * b; ++i) leaves.push_back(centre(b + i));
  return {std::move(roots), std::move(leaves), kVocabularyBranching};
}

}  // namespace

const VisualVocabulary& orb_vocabulary() {
  static const VisualVocabulary vocabulary = make_vocabulary();
  return vocabulary;
}

std::uint32_t visual_words_version() { return kVocabularyVersion; }

}  // namespace photoaudit::hashing
