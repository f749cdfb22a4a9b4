// Prints docs/metrics.md: kcheck_metrics_doc > docs/metrics.md
#include <cstdio>
#include <string>

#include "map/metrics_doc.hpp"

int main() {
  const std::string text = kcheck::map::render_metrics_markdown();
  return std::fwrite(text.data(), 1, text.size(), stdout) == text.size() ? 0 : 1;
}
