// The smallest consumer of the installed kcheck::parse: counts the families and samples of
// an exposition file and exits non-zero on a parse error.
#include <fstream>
#include <iostream>
#include <kcheck/parse.hpp>
#include <sstream>
#include <string>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: " << argv[0] << " FILE.prom\n";
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  if (!in) {
    std::cerr << "cannot read " << argv[1] << '\n';
    return 2;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();

  kcheck::Parser parser(text, kcheck::Format::kPrometheus);
  unsigned long families = 0;
  unsigned long samples = 0;
  for (;;) {
    switch (parser.next()) {
      case kcheck::Event::kFamily:
        ++families;
        break;
      case kcheck::Event::kSample:
        ++samples;
        break;
      case kcheck::Event::kEnd:
        std::cout << "parsed " << families << " families, " << samples << " samples\n";
        return 0;
      case kcheck::Event::kError:
        std::cerr << parser.error().to_string(text) << '\n';
        return 1;
    }
  }
}
