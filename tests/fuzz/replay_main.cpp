// Replays fuzz inputs through a target's LLVMFuzzerTestOneInput without libFuzzer, so that
// every committed seed and crash regression runs in normal (dev, asan-ubsan) CTest builds.
//   replay_<target> PATH...   (a PATH is a file or a directory of files; missing is fine)
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

namespace fs = std::filesystem;

// Not inputs: documentation and placeholders kept beside them.
bool is_input(const fs::path& p) {
  const std::string name = p.filename().string();
  return !name.empty() && name[0] != '.' && name != "README.md";
}

void collect(const fs::path& root, std::vector<fs::path>& out) {
  std::error_code ec;
  if (fs::is_regular_file(root, ec)) {
    out.push_back(root);
    return;
  }
  if (!fs::is_directory(root, ec)) {
    std::printf("replay: %s absent, nothing to replay there\n", root.c_str());
    return;
  }
  std::vector<fs::path> found;
  for (const auto& e : fs::recursive_directory_iterator(root, ec)) {
    if (e.is_regular_file(ec) && is_input(e.path())) found.push_back(e.path());
  }
  std::sort(found.begin(), found.end());  // stable order makes failures reproducible
  out.insert(out.end(), found.begin(), found.end());
}

bool replay(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return false;
  std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // An exact-size heap copy (no spare capacity, no terminator) so that ASan flags a read one
  // byte past the input, as it does under libFuzzer.
  const std::size_t size = bytes.size();
  auto exact = std::make_unique<std::uint8_t[]>(size == 0 ? 1 : size);
  std::copy(bytes.begin(), bytes.end(), exact.get());
  std::printf("replay: %s (%zu bytes)\n", p.c_str(), size);
  std::fflush(stdout);  // the name must be visible if the input crashes the target
  LLVMFuzzerTestOneInput(size == 0 ? nullptr : exact.get(), size);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<fs::path> inputs;
  for (int i = 1; i < argc; ++i) collect(argv[i], inputs);
  std::size_t done = 0;
  for (const fs::path& p : inputs) {
    if (!replay(p)) {
      std::fprintf(stderr, "replay: cannot read %s\n", p.c_str());
      return 1;
    }
    ++done;
  }
  std::printf("replay: %zu inputs replayed without a finding\n", done);
  // Zero inputs means the corpus went missing: that must not pass silently.
  return done == 0 ? 1 : 0;
}
