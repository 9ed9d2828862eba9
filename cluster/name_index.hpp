#pragma once
// An immutable open-addressing hash index from names to dense indexes. Node-name lookups run once per
// candidate node in every extender request (5,000 per request on a big cluster), so this avoids
// std::unordered_map's per-bucket allocations, prime modulo and pointer chasing: one probe usually touches
// one 8-byte slot and one contiguous key.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cachepilot::cluster {

class NameIndex {
 public:
  NameIndex() = default;
  // Later duplicates of a name are ignored (the first index wins).
  explicit NameIndex(const std::vector<std::string_view>& names);

  static constexpr std::uint32_t kNotFound = UINT32_MAX;
  // The index of `name`, or kNotFound. A plain integer on purpose: returning std::optional from this hot,
  // non-inlined call made callers reload it wider than it was stored (a store-forwarding stall that cost
  // more than the lookup itself).
  [[nodiscard]] std::uint32_t find(std::string_view name) const noexcept;
  [[nodiscard]] std::size_t size() const noexcept { return keys_.size(); }

 private:
  // The key's place in the arena lives in the slot, so a probe reads the slot and then the key's bytes.
  struct Slot {
    std::uint32_t index_plus_one = 0;  // 0: empty
    std::uint32_t hash = 0;            // upper bits of the key's hash, to skip most key comparisons
    std::uint32_t offset = 0;          // key bytes in arena_
    std::uint32_t length = 0;
  };
  static std::uint64_t hash(std::string_view s) noexcept;

  std::string arena_;                   // all keys, back to back
  std::vector<std::string_view> keys_;  // index -> key (views into arena_), for building
  std::vector<Slot> slots_;
  std::uint64_t mask_ = 0;
};

}  // namespace cachepilot::cluster
