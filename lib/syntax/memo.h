#pragma once
// Derived facts computed once per document and shared by every rule that asks: the stage map,
// the file's style, the list of instructions. Keyed by type; a document is only ever used by
// one thread at a time and is never copied, so the memo needs no locking.
#include <memory>
#include <typeindex>
#include <unordered_map>

namespace dfopt {

class Memo {
 public:
  template <typename T, typename Make>
  const T& get(Make&& make) const {
    std::shared_ptr<const void>& slot = slots_[std::type_index(typeid(T))];
    if (!slot) slot = std::make_shared<const T>(make());
    return *static_cast<const T*>(slot.get());
  }

 private:
  mutable std::unordered_map<std::type_index, std::shared_ptr<const void>> slots_;
};

}  // namespace dfopt
